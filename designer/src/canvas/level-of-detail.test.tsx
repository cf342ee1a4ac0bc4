// @vitest-environment happy-dom
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { act } from 'react';
import type { Root } from 'react-dom/client';
import type { StoreApi } from 'zustand';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateTemplate } from '../../../workflows/template';
import { buildLargeTemplate } from '../../../workflows/template/fixtures/large-template.fixture';
import '../i18n/i18n';
import { useDesignerStoreApi } from './designer-store.context';
import type { DesignerStore } from './designer.store';
import { FULL_CARDS_FROM_ZOOM } from './level-of-detail';
import { prepareCanvasPage, renderCanvas } from './render-canvas.test-support';

let flow: StoreApi<ReactFlowState> | undefined;
let designer: DesignerStore | undefined;
function StoreProbe() {
  flow = useStoreApi() as unknown as StoreApi<ReactFlowState>;
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
});

async function zoomTo(zoom: number) {
  await act(async () => {
    flow?.setState({ transform: [0, 0, zoom] });
    await Promise.resolve();
  });
}

describe('cards at a zoom where their text cannot be read', () => {
  it('are drawn compact (frame, issue colour, selection, type icon and the same title) and full again when zoomed in', async () => {
    let container: HTMLDivElement;
    ({ root, container } = await renderCanvas(buildLargeTemplate(60), {
      size: { width: 1200, height: 800 },
      before: <StoreProbe />,
    }));
    const store = designer;
    if (!store) throw new Error('no designer store');
    await act(async () => {
      store.getState().setIssues(validateTemplate(store.getState().toTemplate()));
      store.getState().select({ nodeId: 's1-prepare' });
      await Promise.resolve();
    });
    const card = () => container.querySelector<HTMLElement>('[data-testid="node-s1-prepare"]');
    const elements = () => container.querySelectorAll('.react-flow__nodes *').length;

    await zoomTo(1);
    const full = card();
    expect(full?.hasAttribute('data-compact')).toBe(false);
    expect(full?.textContent).toContain('Prepare documents, part 2');
    expect(full?.textContent).toContain('Assignee');
    const fullElements = elements();
    const issues = full?.dataset.issues;
    const ring = full?.style.boxShadow;
    expect(ring).not.toBe('');

    await zoomTo(FULL_CARDS_FROM_ZOOM - 0.3);
    const compact = card();
    expect(compact?.hasAttribute('data-compact')).toBe(true);
    // The same title, the type as a named icon; the rows that cannot be read at this zoom are not drawn.
    expect(compact?.querySelector('.baton-card-title')?.textContent).toBe('Prepare documents, part 2');
    expect(compact?.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('Task');
    expect(compact?.textContent).not.toContain('Assignee');
    // Still connectable, still marked with its issues and its selection.
    expect(compact?.querySelectorAll('.react-flow__handle')).toHaveLength(2);
    expect(compact?.dataset.issues).toBe(issues);
    expect(compact?.style.boxShadow).toBe(ring);
    expect(compact?.style.border).toBe(full?.style.border);
    // Far fewer elements to mount and paint. (Edges, and so their labels, are drawn only once a browser has measured
    // the cards, which happy-dom never does; they are not checked here.)
    expect(elements()).toBeLessThan(fullElements / 2);
    // A stage stays a frame with its title.
    expect(container.querySelector('[data-testid="node-s1-stage"]')?.textContent).toContain('Stage 2');

    await zoomTo(FULL_CARDS_FROM_ZOOM);
    expect(card()?.hasAttribute('data-compact')).toBe(false);
    expect(card()?.textContent).toContain('Assignee');
    expect(elements()).toBe(fullElements);
  }, 60_000);
});
