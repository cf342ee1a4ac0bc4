// @vitest-environment happy-dom
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLargeTemplate } from '../../../../workflows/template/fixtures/large-template.fixture';
import '../../i18n/i18n';
import { prepareCanvasPage, renderCanvas } from '../render-canvas.test-support';

let root: Root | undefined;
beforeAll(() => {
  prepareCanvasPage();
  // happy-dom draws nothing: a canvas whose text is 7 px a character, and the card fonts a stylesheet would give.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => ({ font: '', measureText: (text: string) => ({ width: text.length * 7 }) }) as unknown as RenderingContext
  );
  const style = document.createElement('style');
  style.textContent = '.baton-card-text, .baton-badge { font-family: sans-serif; font-size: 12px; }';
  document.head.append(style);
});
afterAll(() => {
  act(() => root?.unmount());
  vi.restoreAllMocks();
});

describe('card texts on the canvas', () => {
  it('are clipped (two-line clamp, badge ellipsis) only when they might not fit', async () => {
    const template = buildLargeTemplate(24);
    const task = template.nodes.find((node) => node.id === 's0-prepare');
    if (task?.type !== 'task') throw new Error('no task in the fixture');
    task.data.title = 'A title long enough to need more than the two lines a card shows of it, and then some more';
    let container: HTMLDivElement;
    ({ root, container } = await renderCanvas(template));
    const title = (id: string) => container.querySelector(`[data-testid="node-${id}"] .baton-card-title`);
    // 20 characters of 7 px: one line of a card's 196 px.
    expect(title('s0-review')?.textContent).toBe('Review the documents');
    expect(title('s0-review')?.classList.contains('baton-clamp')).toBe(false);
    expect(title('s0-prepare')?.classList.contains('baton-clamp')).toBe(true);
    const typeBadge = container.querySelector('[data-testid="node-s0-review"] .baton-badge');
    expect(typeBadge?.classList.contains('baton-unclipped')).toBe(true);
    // The frame names the stage a step sits in, last; a step outside any stage has no such line.
    const lines = (id: string) =>
      [...container.querySelectorAll(`[data-testid="node-${id}"] .baton-card-dimmed`)].map((line) => line.textContent);
    expect(lines('s0-review').at(-1)).toBe('Stage: Stage 1');
    expect(lines('s1-split')).toEqual(['Stage: Stage 2']);
    expect(lines('start').some((line) => line?.startsWith('Stage'))).toBe(false);
  }, 60_000);
});
