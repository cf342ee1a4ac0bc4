// @vitest-environment happy-dom
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLargeTemplate } from '../../../workflows/template/fixtures/large-template.fixture';
import '../i18n/i18n';
import { useDesignerStoreApi } from './designer-store.context';
import type { DesignerStore } from './designer.store';
import { prepareCanvasPage, renderCanvas } from './render-canvas.test-support';

let designer: DesignerStore | undefined;
function StoreProbe() {
  designer = useDesignerStoreApi();
  return null;
}

beforeAll(() => {
  prepareCanvasPage();
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  vi.restoreAllMocks();
});

/** The canvas's frame has the size of a desktop window's canvas (happy-dom lays nothing out). */
function paneOf(width: number, height: number) {
  const real = HTMLElement.prototype.getBoundingClientRect;
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('baton-canvas-frame')
      ? DOMRect.fromRect({ x: 0, y: 0, width, height })
      : real.call(this);
  });
}

async function frames(count: number) {
  for (let i = 0; i < count; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
    });
  }
}

describe('the first render of a large saved draft', () => {
  it('draws compact cards from the first frame: no full card is ever made', async () => {
    paneOf(1200, 800);
    const fullCards: string[] = [];
    const watch = new MutationObserver((records) => {
      for (const record of records) {
        for (const added of record.addedNodes) {
          if (!(added instanceof HTMLElement)) continue;
          const cards = [added, ...added.querySelectorAll<HTMLElement>('.baton-node')];
          for (const card of cards) {
            if (card.classList.contains('baton-node') && !card.hasAttribute('data-compact'))
              fullCards.push(card.dataset.testid ?? '');
          }
        }
      }
    });
    watch.observe(document.body, { childList: true, subtree: true });
    try {
      ({ root } = await renderCanvas(buildLargeTemplate(200), { size: { width: 1200, height: 800 } }));
    } finally {
      watch.disconnect();
    }
    expect(document.querySelectorAll('.baton-node[data-compact]').length).toBeGreaterThan(150);
    expect(fullCards).toEqual([]);
  }, 60_000);

  it('draws a small draft at its own zoom, with full cards', async () => {
    paneOf(1200, 800);
    ({ root } = await renderCanvas(buildLargeTemplate(2), { size: { width: 1200, height: 800 } }));
    expect(document.querySelectorAll('.baton-node').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('.baton-node[data-compact]')).toHaveLength(0);
  }, 60_000);
});

describe('the mini-map', () => {
  it('is drawn only after the canvas has painted a template, again after each template loaded', async () => {
    paneOf(1200, 800);
    let container: HTMLDivElement;
    ({ root, container } = await renderCanvas(buildLargeTemplate(24), {
      size: { width: 1200, height: 800 },
      before: <StoreProbe />,
    }));
    const miniMap = () => container.querySelector('.react-flow__minimap');
    expect(miniMap()).toBeNull();
    await frames(4);
    expect(miniMap()).not.toBeNull();

    const store = designer;
    if (!store) throw new Error('no designer store');
    await act(async () => {
      store.getState().load(buildLargeTemplate(36));
      await Promise.resolve();
    });
    expect(miniMap()).toBeNull();
    await frames(4);
    expect(miniMap()).not.toBeNull();
  }, 60_000);
});
