// @vitest-environment happy-dom
import type { NodeProps } from '@xyflow/react';
import { act, Profiler, type ComponentType, type ProfilerOnRenderCallback } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateTemplate } from '../../../workflows/template';
import { buildLargeTemplate } from '../../../workflows/template/fixtures/large-template.fixture';
import '../i18n/i18n';
import { PropertiesPanel } from '../properties/properties-panel';
import { TranslationsDrawer } from '../translations/translations-drawer';
import { ValidationPanel } from '../validation/validation-panel';
import { useDesigner, useDesignerStoreApi } from './designer-store.context';
import { prepareCanvasPage, renderCanvas } from './render-canvas.test-support';
import type { DesignerStore } from './designer.store';
import type * as NodeTypesModule from './node-types';
import { useDesignerNamedEdges } from './flow-aria';
import type { CanvasEdge } from './template-canvas.mapping';

// Renders per node card (by node id) and per panel, counted by React's Profiler.
const renders = vi.hoisted(() => new Map<string, number>());
const count: ProfilerOnRenderCallback = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);

// Every node type drawn inside a Profiler of its own, so a card's redraws are counted whatever causes them.
vi.mock('./node-types', async (importOriginal) => {
  const original = await importOriginal<typeof NodeTypesModule>();
  const counted = (Component: ComponentType<NodeProps>) =>
    function Counted(props: NodeProps) {
      return (
        <Profiler id={props.id} onRender={(id) => renders.set(id, (renders.get(id) ?? 0) + 1)}>
          <Component {...props} />
        </Profiler>
      );
    };
  return {
    ...original,
    nodeTypes: Object.fromEntries(
      Object.entries(original.nodeTypes).map(([type, Component]) => [
        type,
        counted(Component as ComponentType<NodeProps>),
      ])
    ),
  };
});

// The edges React Flow is given, each time the canvas computes them.
const edgeArrays: CanvasEdge[][] = [];
function EdgeProbe() {
  edgeArrays.push(useDesignerNamedEdges(useDesigner((state) => state.edges)));
  return null;
}

let captured: DesignerStore | undefined;
// Subscriptions to the designer store: each runs its selection again on every frame of a drag.
let subscriptions = 0;
function StoreProbe() {
  const store = useDesignerStoreApi();
  if (captured !== store) {
    // Rendered before the canvas, so every card's subscription goes through this count.
    const subscribe = store.subscribe;
    store.subscribe = (listener) => {
      subscriptions += 1;
      return subscribe(listener);
    };
  }
  captured = store;
  return null;
}

beforeAll(() => {
  prepareCanvasPage();
  // Mantine's autosizing text area listens for web fonts loading.
  const fonts = { addEventListener() {}, removeEventListener() {}, ready: Promise.resolve() };
  Object.defineProperty(document, 'fonts', { value: fonts, configurable: true });
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  renders.clear();
  edgeArrays.length = 0;
});

describe('dragging a node on the designer canvas', () => {
  it('redraws only that node: no other card, no panel or closed drawer, and the edges React Flow is given stay the same', async () => {
    const template = buildLargeTemplate(60);
    let container: HTMLDivElement;
    ({ root, container } = await renderCanvas(template, {
      size: { width: 1200, height: 800 },
      before: (
        <>
          <StoreProbe />
          <EdgeProbe />
        </>
      ),
      after: (
        <>
          <Profiler id="properties" onRender={count}>
            <PropertiesPanel />
          </Profiler>
          <Profiler id="validation" onRender={count}>
            <ValidationPanel onFocus={() => undefined} />
          </Profiler>
          {/* Closed, as the designer page keeps it: it must not read the template until it is opened. */}
          <Profiler id="translations" onRender={count}>
            <TranslationsDrawer opened={false} onClose={() => undefined} />
          </Profiler>
        </>
      ),
    }));
    const store = captured;
    if (!store) throw new Error('no designer store');
    const moved = 's1-prepare';
    await act(async () => {
      store.getState().setIssues(validateTemplate(store.getState().toTemplate()));
      store.getState().select({ nodeId: moved });
      await Promise.resolve();
    });
    const cards = container.querySelectorAll('.baton-node, .baton-stage').length;
    expect(cards).toBeGreaterThan(40);
    // About one selection per card (a stage has two), not one per fact the card shows.
    expect(subscriptions).toBeLessThan(cards * 1.5 + 20);
    expect(renders.get(moved)).toBeGreaterThan(0);
    expect(renders.get('properties')).toBeGreaterThan(0);

    renders.clear();
    const edgesBefore = edgeArrays.at(-1);
    const start = store.getState().nodes.find((node) => node.id === moved)?.position ?? { x: 0, y: 0 };
    for (let step = 1; step <= 10; step++) {
      await act(async () => {
        store
          .getState()
          .onNodesChange([
            { type: 'position', id: moved, position: { x: start.x + step * 5, y: start.y + step * 3 }, dragging: true },
          ]);
        await Promise.resolve();
      });
    }

    expect(store.getState().nodes.find((node) => node.id === moved)?.position).toEqual({
      x: start.x + 50,
      y: start.y + 30,
    });
    // The moved card itself is redrawn (so the counting sees redraws); nothing else is.
    expect(renders.get(moved)).toBeGreaterThan(0);
    const others = [...renders].filter(([id]) => id !== moved);
    expect(others).toEqual([]);
    expect(edgeArrays.at(-1)).toBe(edgesBefore);
  }, 60_000);
});
