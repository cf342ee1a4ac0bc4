import type { TemplateEdge, TemplateInput, TemplateNodeInput } from '../../../workflows/template';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'same';

export interface Changes {
  added: string[];
  removed: string[];
  /** Same id, different content (data, type, stage, outcome…). */
  changed: string[];
  /** Only the canvas position or size differs: not a change to how the process runs. */
  moved: string[];
}

export interface TemplateDiff {
  nodes: Changes;
  edges: Changes;
  /** Top-level fields besides the graph (name, parameters, calendar, escalation…) that differ. */
  settings: string[];
}

// Key order must not matter: JSON from the server and from the canvas may list fields differently.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const LAYOUT_KEYS = new Set(['position', 'width', 'height']);

function withoutLayout(item: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !LAYOUT_KEYS.has(key)));
}

function diffById<Item extends { id: string }>(from: readonly Item[], to: readonly Item[]): Changes {
  const before = new Map(from.map((item) => [item.id, item]));
  const after = new Map(to.map((item) => [item.id, item]));
  const changes: Changes = { added: [], removed: [], changed: [], moved: [] };
  for (const [id, item] of after) {
    const old = before.get(id);
    if (!old) changes.added.push(id);
    else if (!sameValue(withoutLayout(old), withoutLayout(item))) changes.changed.push(id);
    else if (!sameValue(old, item)) changes.moved.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) changes.removed.push(id);
  return changes;
}

/** What changed from one version of a template to another, node by node and edge by edge. */
export function diffTemplates(from: TemplateInput, to: TemplateInput): TemplateDiff {
  const { nodes: fromNodes, edges: fromEdges, ...fromSettings } = from;
  const { nodes: toNodes, edges: toEdges, ...toSettings } = to;
  const keys = new Set([...Object.keys(fromSettings), ...Object.keys(toSettings)]);
  const settings = [...keys]
    .filter(
      (key) => !sameValue((fromSettings as Record<string, unknown>)[key], (toSettings as Record<string, unknown>)[key])
    )
    .sort();
  return { nodes: diffById(fromNodes, toNodes), edges: diffById(fromEdges, toEdges), settings };
}

export function kindOf(changes: Changes, id: string): ChangeKind {
  if (changes.added.includes(id)) return 'added';
  if (changes.removed.includes(id)) return 'removed';
  if (changes.changed.includes(id)) return 'changed';
  if (changes.moved.includes(id)) return 'moved';
  return 'same';
}

export interface DiffGraph {
  /** The newer version's graph plus the removed nodes and edges of the older one, each with its change. */
  nodes: { node: TemplateNodeInput; change: ChangeKind }[];
  edges: { edge: TemplateEdge; change: ChangeKind }[];
}

/**
 * One graph to draw both versions on: everything of the newer version, and what the older one had that is gone
 * (at its old position). An edge of a removed node is removed too; a removed stage keeps its removed children.
 */
export function diffGraph(from: TemplateInput, to: TemplateInput, diff = diffTemplates(from, to)): DiffGraph {
  const toIds = new Set(to.nodes.map((node) => node.id));
  const removedNodes = from.nodes
    .filter((node) => !toIds.has(node.id))
    // A removed node inside a stage that still exists stays inside it; inside a removed stage, likewise.
    .map((node) => ({ node, change: 'removed' as const }));
  const removedEdges = from.edges
    .filter((edge) => diff.edges.removed.includes(edge.id))
    .map((edge) => ({ edge, change: 'removed' as const }));
  return {
    nodes: [...to.nodes.map((node) => ({ node, change: kindOf(diff.nodes, node.id) })), ...removedNodes],
    edges: [...to.edges.map((edge) => ({ edge, change: kindOf(diff.edges, edge.id) })), ...removedEdges],
  };
}

export function countChanges(diff: TemplateDiff): number {
  const count = (changes: Changes) => changes.added.length + changes.removed.length + changes.changed.length;
  return count(diff.nodes) + count(diff.edges) + diff.settings.length;
}
