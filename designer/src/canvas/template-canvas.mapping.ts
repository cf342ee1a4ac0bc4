import type { Edge, Node } from '@xyflow/react';
import type { NodeType, TemplateEdge, TemplateInput, TemplateNodeInput } from '../../../workflows/template';

/**
 * The one place where a template (the process language's JSON) becomes React Flow nodes and edges and back
 * (n8n's useCanvasMapping idea). Template nodes already have React Flow's shape, so node data passes through
 * untouched; the canvas only adds view state (selection, measured size), which the way back drops.
 */

export type CanvasNodeData<Type extends NodeType = NodeType> = Extract<TemplateNodeInput, { type: Type }>['data'];

/** One React Flow node type per registry key, with that node type's data. */
export type CanvasNode = { [Type in NodeType]: Node<CanvasNodeData<Type>, Type> }[NodeType];
export type CanvasNodeOf<Type extends NodeType> = Node<CanvasNodeData<Type>, Type>;

export interface OutcomeEdgeData extends Record<string, unknown> {
  /** The source's outcome this edge stands for (approval: approved/rejected; decision: a branch). */
  outcome?: string;
  /** Text set on the template edge; the canvas shows the outcome when there is none. */
  label?: string;
}
export type CanvasEdge = Edge<OutcomeEdgeData, 'outcome'>;

/** Everything in a template besides its graph: name, calendar, parameters, default escalation ladder. */
export type TemplateMeta = Omit<TemplateInput, 'nodes' | 'edges'>;

export interface CanvasGraph {
  meta: TemplateMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export function templateToCanvas(template: TemplateInput): CanvasGraph {
  const { nodes, edges, ...meta } = template;
  return { meta, nodes: parentsFirst(nodes.map(nodeToCanvas)), edges: edges.map(edgeToCanvas) };
}

export function canvasToTemplate(graph: CanvasGraph): TemplateInput {
  return { ...graph.meta, nodes: graph.nodes.map(nodeFromCanvas), edges: graph.edges.map(edgeFromCanvas) };
}

export function nodeToCanvas(node: TemplateNodeInput): CanvasNode {
  // The union is the same on both sides; TypeScript cannot follow it through the spread.
  return { ...node } as CanvasNode;
}

export function nodeFromCanvas(node: CanvasNode): TemplateNodeInput {
  const { id, type, position, parentId, width, height, data } = node;
  return {
    id,
    type,
    position: { x: position.x, y: position.y },
    ...(parentId === undefined ? {} : { parentId }),
    ...(width == null ? {} : { width }),
    ...(height == null ? {} : { height }),
    data,
  } as TemplateNodeInput;
}

export function edgeToCanvas(edge: TemplateEdge): CanvasEdge {
  const data: OutcomeEdgeData = {};
  if (edge.outcome !== undefined) data.outcome = edge.outcome;
  if (edge.label !== undefined) data.label = edge.label;
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: 'outcome',
    ...(edge.sourceHandle === undefined ? {} : { sourceHandle: edge.sourceHandle }),
    ...(edge.targetHandle === undefined ? {} : { targetHandle: edge.targetHandle }),
    label: edge.label ?? edge.outcome,
    data,
  };
}

export function edgeFromCanvas(edge: CanvasEdge): TemplateEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    ...(edge.data?.outcome === undefined ? {} : { outcome: edge.data.outcome }),
    ...(edge.data?.label === undefined ? {} : { label: edge.data.label }),
    // React Flow writes null for "the only handle"; the template leaves it out.
    ...(edge.sourceHandle == null ? {} : { sourceHandle: edge.sourceHandle }),
    ...(edge.targetHandle == null ? {} : { targetHandle: edge.targetHandle }),
  };
}

/**
 * Whether two canvases make the same template (what canvasToTemplate reads is the same), though view state differs:
 * measuring, selecting or hovering makes new node and edge objects with the same template in them.
 */
export function sameTemplateGraph(
  a: { nodes: readonly CanvasNode[]; edges: readonly CanvasEdge[] },
  b: { nodes: readonly CanvasNode[]; edges: readonly CanvasEdge[] }
): boolean {
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  const sameNode = (x: CanvasNode, y: CanvasNode | undefined) =>
    x === y ||
    (y !== undefined &&
      x.id === y.id &&
      x.type === y.type &&
      x.position === y.position &&
      x.parentId === y.parentId &&
      x.width === y.width &&
      x.height === y.height &&
      x.data === y.data);
  const sameEdge = (x: CanvasEdge, y: CanvasEdge | undefined) =>
    x === y ||
    (y !== undefined &&
      x.id === y.id &&
      x.source === y.source &&
      x.target === y.target &&
      x.sourceHandle === y.sourceHandle &&
      x.targetHandle === y.targetHandle &&
      x.data === y.data);
  return (
    a.nodes.every((node, i) => sameNode(node, b.nodes[i])) && a.edges.every((edge, i) => sameEdge(edge, b.edges[i]))
  );
}

/**
 * React Flow needs a group before its children in the array. Keeps the template's order otherwise, so a
 * template written parents-first (as the designer writes them) round-trips exactly.
 */
export function parentsFirst<N extends { id: string; parentId?: string | undefined }>(nodes: readonly N[]): N[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const placed = new Set<string>();
  const result: N[] = [];
  const visiting = new Set<string>();
  const place = (node: N) => {
    if (placed.has(node.id) || visiting.has(node.id)) return;
    visiting.add(node.id);
    const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
    if (parent) place(parent);
    visiting.delete(node.id);
    placed.add(node.id);
    result.push(node);
  };
  nodes.forEach(place);
  return result;
}
