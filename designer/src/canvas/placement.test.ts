import { describe, expect, it } from 'vitest';
import { blankTemplate } from './blank-template';
import { createDesignerStore } from './designer.store';
import { boxOf } from './placement';

function overlapping(store: ReturnType<typeof createDesignerStore>) {
  const { nodes } = store.getState();
  const boxes = nodes.map((node) => ({ id: node.id, ...boxOf(node, nodes) }));
  return boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
      .map((b) => `${a.id}/${b.id}`)
  );
}

describe('palette clicks', () => {
  it('chain steps from the start to the end without stacking, each titled in words', () => {
    const store = createDesignerStore(blankTemplate());
    const first = store.getState().addNodeNext('task', 'Task');
    const second = store.getState().addNodeNext('approval', 'Approval');
    const third = store.getState().addNodeNext('task', 'Task');
    const { nodes, edges } = store.getState();
    expect(edges.map((edge) => `${edge.source}>${edge.target}`).sort()).toEqual(
      [`start>${first}`, `${first}>${second}`, `${second}>${third}`, `${third}>end`].sort()
    );
    expect(nodes.find((node) => node.id === third)?.data).toMatchObject({ title: 'Task 2' });
    expect(overlapping(store)).toEqual([]);
  });

  it('place a node beside the selected one and connect it from there', () => {
    const store = createDesignerStore(blankTemplate());
    const first = store.getState().addNodeNext('task', 'Task');
    store.getState().select({ nodeId: 'start' });
    const branch = store.getState().addNodeNext('notify', 'Notify');
    const { nodes, edges } = store.getState();
    expect(edges.some((edge) => edge.source === 'start' && edge.target === branch)).toBe(true);
    const start = nodes.find((node) => node.id === 'start');
    const added = nodes.find((node) => node.id === branch);
    expect(added!.position.x).toBeGreaterThan(start!.position.x);
    expect(nodes.find((node) => node.id === first)?.selected).toBe(false);
    expect(overlapping(store)).toEqual([]);
  });

  it('drop a dragged node where it is dropped, titled', () => {
    const store = createDesignerStore(blankTemplate());
    const id = store.getState().addNode('task', { x: 123, y: 456 }, 'Zadanie');
    expect(store.getState().nodes.find((node) => node.id === id)).toMatchObject({
      position: { x: 123, y: 456 },
      data: { title: 'Zadanie 1' },
    });
  });

  it('move a node dropped on top of another just below it', () => {
    const store = createDesignerStore(blankTemplate());
    const id = store.getState().addNode('task', { x: 10, y: 10 }, 'Task');
    const added = store.getState().nodes.find((node) => node.id === id);
    expect(added?.position.x).toBe(10);
    expect(added!.position.y).toBeGreaterThan(10);
    expect(overlapping(store)).toEqual([]);
  });
});
