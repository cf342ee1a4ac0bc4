import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../workflows/template';
import { eventPlanTemplate } from '../../../workflows/template/fixtures/event-plan.fixture';
import { countChanges, diffGraph, diffTemplates, sameValue } from './template-diff';

const base = (): TemplateInput => structuredClone(eventPlanTemplate) as TemplateInput;

describe('diffTemplates', () => {
  it('finds nothing between a template and a copy with keys in another order', () => {
    const a = base();
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([key, inner]) => [key, reversed(inner)])
            )
          : value;
    const b = reversed(a) as TemplateInput;
    expect(Object.keys(b)[0]).not.toBe(Object.keys(a)[0]);
    const diff = diffTemplates(a, b);
    expect(countChanges(diff)).toBe(0);
    expect(diff.nodes.moved).toEqual([]);
  });

  it('reports added, removed and changed nodes and edges, and changed settings', () => {
    const from = base();
    const to = base();
    const [first, second] = to.nodes.filter((node) => node.type === 'task');
    if (!first || !second) throw new Error('the fixture has two tasks');
    first.data = { ...first.data, title: 'Renamed step' };
    to.nodes = to.nodes.filter((node) => node.id !== second.id);
    to.edges = to.edges.filter((edge) => edge.source !== second.id && edge.target !== second.id);
    to.nodes.push({ id: 'extra', type: 'end', position: { x: 1, y: 2 }, data: { result: 'completed' } });
    to.edges.push({ id: 'e-extra', source: first.id, target: 'extra' });
    to.name = 'Renamed template';

    const diff = diffTemplates(from, to);
    expect(diff.nodes.added).toEqual(['extra']);
    expect(diff.nodes.removed).toEqual([second.id]);
    expect(diff.nodes.changed).toEqual([first.id]);
    expect(diff.edges.added).toEqual(['e-extra']);
    const goneEdges = from.edges.filter((edge) => edge.source === second.id || edge.target === second.id);
    expect(diff.edges.removed.sort()).toEqual(goneEdges.map((edge) => edge.id).sort());
    expect(diff.settings).toEqual(['name']);
  });

  it('treats a moved node as a layout change, not a change to the process', () => {
    const from = base();
    const to = base();
    const node = to.nodes[0]!;
    node.position = { x: node.position.x + 50, y: node.position.y };
    const diff = diffTemplates(from, to);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.nodes.moved).toEqual([node.id]);
    expect(countChanges(diff)).toBe(0);
  });

  it('draws both versions in one graph: removed items come from the older version', () => {
    const from = base();
    const to = base();
    const removed = to.nodes.find((node) => node.type === 'task')!;
    to.nodes = to.nodes.filter((node) => node.id !== removed.id);
    to.edges = to.edges.filter((edge) => edge.source !== removed.id && edge.target !== removed.id);
    const graph = diffGraph(from, to);
    expect(graph.nodes).toHaveLength(from.nodes.length);
    expect(graph.nodes.find((entry) => entry.node.id === removed.id)?.change).toBe('removed');
    expect(graph.nodes.filter((entry) => entry.change === 'same')).toHaveLength(to.nodes.length);
    expect(graph.edges.filter((entry) => entry.change === 'removed').length).toBeGreaterThan(0);
  });

  it('compares values structurally', () => {
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});
