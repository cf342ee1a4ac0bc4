import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';
import { blankTemplate } from './blank-template';
import { createDesignerStore, freshNodeId } from './designer.store';

describe('designer store', () => {
  it('adds a node from the registry with its defaults and a readable fresh id', () => {
    const store = createDesignerStore(blankTemplate());
    const id = store.getState().addNode('task', { x: 300, y: 300 });
    expect(id).toBe('task-1');
    const task = store.getState().nodes.find((node) => node.id === id);
    expect(task).toMatchObject({ type: 'task', position: { x: 300, y: 300 }, data: { title: 'New task' } });
    expect(store.getState().addNode('task', { x: 0, y: 0 })).toBe('task-2');
  });

  it('puts a node dropped inside a stage into it, at a position relative to the stage', () => {
    const store = createDesignerStore(blankTemplate());
    const stage = store.getState().addNode('stage', { x: 100, y: 100 });
    const task = store.getState().addNode('task', { x: 150, y: 130 });
    expect(store.getState().nodes.find((node) => node.id === task)).toMatchObject({
      parentId: stage,
      position: { x: 50, y: 30 },
    });
  });

  it('undoes and redoes edits in order', () => {
    const store = createDesignerStore(blankTemplate());
    const before = store.getState().toTemplate();
    store.getState().addNode('task', { x: 0, y: 0 });
    const after = store.getState().toTemplate();
    store.getState().undo();
    expect(store.getState().toTemplate()).toStrictEqual(before);
    store.getState().redo();
    expect(store.getState().toTemplate()).toStrictEqual(after);
  });

  it('labels a new edge from an approval with the first unused outcome', () => {
    const store = createDesignerStore(blankTemplate());
    const approval = store.getState().addNode('approval', { x: 0, y: 0 });
    const connect = (target: string) =>
      store.getState().onConnect({ source: approval, target, sourceHandle: null, targetHandle: null });
    connect('end');
    connect('start');
    const outcomes = store
      .getState()
      .edges.filter((edge) => edge.source === approval)
      .map((edge) => [edge.data?.outcome, edge.label]);
    expect(outcomes).toEqual([
      ['approved', 'approved'],
      ['rejected', 'rejected'],
    ]);
  });

  it('deletes a stage together with its steps and their edges', () => {
    const store = createDesignerStore(eventPlanTemplate as TemplateInput);
    store.getState().select({ nodeId: 'bookings' });
    store.getState().deleteSelected();
    const ids = new Set(store.getState().nodes.map((node) => node.id));
    for (const gone of ['bookings', 'tickets', 'venue', 'booked']) expect(ids.has(gone)).toBe(false);
    for (const edge of store.getState().edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
    store.getState().undo();
    expect(store.getState().toTemplate()).toStrictEqual(eventPlanTemplate);
  });

  it('pastes copies under fresh ids with the edges between them', () => {
    const store = createDesignerStore(eventPlanTemplate as TemplateInput);
    store.getState().select({ nodeId: 'bookings' });
    const stageChildren = store.getState().nodes.filter((node) => node.parentId === 'bookings');
    store.setState((state) => ({
      nodes: state.nodes.map((node) => (node.parentId === 'bookings' ? { ...node, selected: true } : node)),
    }));
    const nodesBefore = store.getState().nodes.length;
    const edgesBefore = store.getState().edges.length;
    store.getState().copySelection();
    store.getState().paste();
    const { nodes, edges } = store.getState();
    expect(nodes).toHaveLength(nodesBefore + stageChildren.length + 1);
    const pastedStage = nodes.find((node) => node.id === 'stage-1');
    expect(pastedStage?.type).toBe('stage');
    expect(nodes.filter((node) => node.parentId === 'stage-1')).toHaveLength(stageChildren.length);
    const inner = eventPlanTemplate.edges.filter(
      (edge) => stageChildren.some((n) => n.id === edge.source) && stageChildren.some((n) => n.id === edge.target)
    );
    expect(edges).toHaveLength(edgesBefore + inner.length);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
  });

  it('finds the first free id', () => {
    expect(freshNodeId('task', new Set(['task-1', 'task-3']))).toBe('task-2');
  });

  it('moves a dragged step into the stage it lands in and out again', () => {
    const store = createDesignerStore(blankTemplate());
    const stage = store.getState().addNode('stage', { x: 100, y: 100 });
    const task = store.getState().addNode('task', { x: 900, y: 900 });
    const moveTo = (position: { x: number; y: number }) =>
      store.setState((state) => ({
        nodes: state.nodes.map((node) => (node.id === task ? { ...node, position } : node)),
      }));
    moveTo({ x: 150, y: 150 });
    store.getState().reparent([task]);
    expect(store.getState().nodes.find((node) => node.id === task)).toMatchObject({
      parentId: stage,
      position: { x: 50, y: 50 },
    });
    moveTo({ x: 800, y: 50 }); // relative to the stage: far outside its 400 x 260 frame
    store.getState().reparent([task]);
    const moved = store.getState().nodes.find((node) => node.id === task);
    expect(moved?.parentId).toBeUndefined();
    expect(moved?.position).toEqual({ x: 900, y: 150 });
  });
});
