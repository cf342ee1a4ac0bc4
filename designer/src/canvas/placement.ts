import type { XYPosition } from '@xyflow/react';
import type { NodeType } from '../../../workflows/template';
import type { CanvasEdge, CanvasNode } from './template-canvas.mapping';

const GAP = 60;
const DEFAULT_SIZE = { width: 220, height: 110 };
const STAGE_SIZE = { width: 400, height: 260 };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function sizeOf(node: Pick<CanvasNode, 'type' | 'width' | 'height' | 'measured'>) {
  const fallback = node.type === 'stage' ? STAGE_SIZE : DEFAULT_SIZE;
  return {
    width: node.width ?? node.measured?.width ?? fallback.width,
    height: node.height ?? node.measured?.height ?? fallback.height,
  };
}

/** A node's frame on the canvas, in absolute coordinates (a stage's steps are relative to it). */
export function boxOf(node: CanvasNode, nodes: readonly CanvasNode[]): Box {
  const parent = node.parentId === undefined ? undefined : nodes.find((n) => n.id === node.parentId);
  const origin = parent ? boxOf(parent, nodes) : { x: 0, y: 0 };
  return { x: origin.x + node.position.x, y: origin.y + node.position.y, ...sizeOf(node) };
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + GAP / 2 &&
    b.x < a.x + a.width + GAP / 2 &&
    a.y < b.y + b.height + GAP / 2 &&
    b.y < a.y + a.height + GAP / 2
  );
}

/** A point where a box of this size overlaps nothing, trying `wanted` first and then rows below it. */
export function freeSpot(
  wanted: XYPosition,
  size: { width: number; height: number },
  taken: readonly Box[]
): XYPosition {
  const spot = { ...wanted };
  for (let tries = 0; tries < 200; tries++) {
    const box = { ...spot, ...size };
    const blocker = taken.find((other) => overlaps(box, other));
    if (!blocker) return spot;
    spot.y = blocker.y + blocker.height + GAP;
  }
  return spot;
}

export interface Placement {
  position: XYPosition;
  /** The node the new one is connected from, if any. */
  from?: string;
  /** An edge from `from` to an end that now leaves the new node instead (the new node is inserted before the end). */
  moveEdge?: string;
  /** An end node with nothing leading to it yet, connected after the new node. */
  to?: string;
  /** Ends pushed to the right to make room, so nothing stacks on an End. */
  moved: Map<string, XYPosition>;
}

const CONNECTS_IN = (type: NodeType) => type !== 'start' && type !== 'stage';
const CONNECTS_OUT = (type: NodeType) => type !== 'end' && type !== 'stage';

/**
 * Where a node added from the palette goes, and how it is wired: beside the selected node (else after the last
 * step, the rightmost that is not an end), connected from it; inserted before an end it led to, or connected to
 * an end nothing leads to yet. It never lands on another node; ends in the way move right.
 */
export function placeNew(
  type: NodeType,
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  selectedId: string | undefined
): Placement {
  const size = sizeOf({ type } as CanvasNode);
  const selected = nodes.find((node) => node.id === selectedId && node.type !== 'stage');
  const steps = nodes.filter((node) => node.type !== 'end' && node.type !== 'stage' && node.parentId === undefined);
  const last = steps.reduce<CanvasNode | undefined>(
    (best, node) => (!best || boxOf(node, nodes).x > boxOf(best, nodes).x ? node : best),
    undefined
  );
  const anchor = selected ?? last;
  const moved = new Map<string, XYPosition>();
  if (!anchor)
    return {
      position: freeSpot(
        { x: 0, y: 0 },
        size,
        nodes.map((n) => boxOf(n, nodes))
      ),
      moved,
    };

  const anchorBox = boxOf(anchor, nodes);
  const wanted = { x: anchorBox.x + anchorBox.width + GAP, y: anchorBox.y };
  const ends = nodes.filter((node) => node.type === 'end' && node.parentId === undefined);
  const others = nodes.filter((node) => !ends.includes(node) && node.type !== 'stage').map((n) => boxOf(n, nodes));
  const position = freeSpot(wanted, size, others);
  const placed = { ...position, ...size };
  for (const end of ends) {
    const box = boxOf(end, nodes);
    if (overlaps(placed, box)) moved.set(end.id, { x: placed.x + placed.width + GAP, y: box.y });
  }

  const placement: Placement = { position, moved };
  const outgoing = edges.filter((edge) => edge.source === anchor.id);
  const toEnd = outgoing.find((edge) => nodes.find((node) => node.id === edge.target)?.type === 'end');
  // With nothing selected, only a loose tail is extended: a step already leading somewhere else keeps its way.
  const wired = selected !== undefined || outgoing.length === 0 || (toEnd !== undefined && outgoing.length === 1);
  if (!CONNECTS_OUT(anchor.type) || !CONNECTS_IN(type) || !wired) return placement;
  placement.from = anchor.id;
  if (!CONNECTS_OUT(type)) return placement;
  if (toEnd) {
    placement.moveEdge = toEnd.id;
    placement.to = toEnd.target;
  } else {
    const lonelyEnd = ends.find((end) => !edges.some((edge) => edge.target === end.id));
    if (lonelyEnd) placement.to = lonelyEnd.id;
  }
  return placement;
}

/** The data field a node type shows as its title on the canvas. */
const TITLE_FIELD: Record<NodeType, 'title' | 'label' | 'subject'> = {
  start: 'label',
  task: 'title',
  approval: 'title',
  decision: 'label',
  parallel: 'label',
  join: 'label',
  wait: 'label',
  notify: 'subject',
  subprocess: 'label',
  stage: 'title',
  end: 'label',
};

/** A new node's title as data: its type's name in the reader's language and the number of its id ("Task 2"). */
export function titleData(type: NodeType, id: string, typeName: string): Partial<CanvasNode['data']> {
  const number = /-(\d+)$/.exec(id)?.[1] ?? '1';
  return { [TITLE_FIELD[type]]: `${typeName} ${number}` } as Partial<CanvasNode['data']>;
}
