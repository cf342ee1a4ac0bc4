import type { TemplateEdge, TemplateInput } from '../template.schema';

// Loose on purpose: tests build broken nodes to see how validation explains them.
export interface NodeSpec {
  id: string;
  type: string;
  data: unknown;
  parentId?: string;
  position?: { x: number; y: number };
}

/** Builds a small template for a test; positions are irrelevant to validation. */
export function template(nodes: NodeSpec[], edges: [string, string, string?][], extra: Partial<TemplateInput> = {}) {
  return {
    schemaVersion: 1,
    id: 'test',
    name: 'Test',
    calendarId: 'pl-warsaw',
    ...extra,
    nodes: nodes.map((node, index) => ({ position: { x: index * 100, y: 0 }, ...node })),
    edges: edges.map(([source, target, outcome]): TemplateEdge => ({
      id: `${source}->${target}${outcome ? `:${outcome}` : ''}`,
      source,
      target,
      ...(outcome === undefined ? {} : { outcome }),
    })),
  } as unknown as TemplateInput;
}

export const start = (id = 'start'): NodeSpec => ({ id, type: 'start', data: {} });
export const end = (id = 'end'): NodeSpec => ({ id, type: 'end', data: {} });
export const task = (id: string, data: Record<string, unknown> = {}): NodeSpec => ({
  id,
  type: 'task',
  data: { title: `Task ${id}`, assignee: { kind: 'starter' }, ...data },
});
