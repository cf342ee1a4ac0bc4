import type { ELK as ElkEngine, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { XYPosition } from '@xyflow/react';
import type { CanvasEdge, CanvasNode } from './template-canvas.mapping';

// ELK is over a megabyte; it loads the first time someone asks for a layout.
let elk: Promise<ElkEngine> | undefined;
function loadElk(): Promise<ElkEngine> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elk;
}
const DEFAULT_SIZE = { width: 220, height: 110 };
const STAGE_PADDING = '[top=40,left=20,bottom=20,right=20]';

export interface PlacedNode {
  position: XYPosition;
  width?: number;
  height?: number;
}

/**
 * Left-to-right layered layout with stages as compound nodes, so steps stay inside their stage and the
 * stage grows to hold them. ELK answers child positions relative to the parent, which is React Flow's rule too.
 */
export async function layoutGraph(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[]
): Promise<Map<string, PlacedNode>> {
  const children = new Map<string | undefined, ElkNode[]>();
  const elkNodes = new Map<string, ElkNode>();
  for (const node of nodes) {
    const isStage = node.type === 'stage';
    const elkNode: ElkNode = isStage
      ? { id: node.id, layoutOptions: { 'elk.padding': STAGE_PADDING } }
      : {
          id: node.id,
          width: node.measured?.width ?? DEFAULT_SIZE.width,
          height: node.measured?.height ?? DEFAULT_SIZE.height,
        };
    elkNodes.set(node.id, elkNode);
  }
  for (const node of nodes) {
    const elkNode = elkNodes.get(node.id);
    if (!elkNode) continue;
    const parent = node.parentId !== undefined && elkNodes.has(node.parentId) ? node.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), elkNode]);
  }
  for (const [parent, list] of children) {
    if (parent !== undefined) {
      const stage = elkNodes.get(parent);
      if (stage) stage.children = list;
    }
  }
  // An empty stage still needs a size.
  for (const node of nodes) {
    const elkNode = elkNodes.get(node.id);
    if (node.type === 'stage' && elkNode && !elkNode.children) {
      elkNode.width = node.width ?? 300;
      elkNode.height = node.height ?? 160;
    }
  }
  const root: ElkNode = {
    id: '__root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '40',
    },
    children: children.get(undefined) ?? [],
    edges: edges
      .filter((edge) => elkNodes.has(edge.source) && elkNodes.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
  const laidOut = await (await loadElk()).layout(root);
  const placed = new Map<string, PlacedNode>();
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const isStage = child.children !== undefined;
      placed.set(child.id, {
        position: { x: child.x ?? 0, y: child.y ?? 0 },
        ...(isStage ? { width: child.width, height: child.height } : {}),
      });
      visit(child);
    }
  };
  visit(laidOut);
  return placed;
}
