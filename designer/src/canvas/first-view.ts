import { getViewportForBounds, type Viewport } from '@xyflow/react';
import type { CanvasNode } from './template-canvas.mapping';

/** A step card's size before the browser has measured it: `.baton-node`'s width, a task card's usual height. */
const CARD_ESTIMATE = { width: 220, height: 120 };
/** React Flow's own fitView padding. */
const FIT_PADDING = 0.1;

/**
 * About the viewport `fitView` will choose for `nodes` on a `width` × `height` pane, from their positions and the
 * sizes they are known or expected to have. fitView waits until every node is measured, that is until after the
 * first render; starting there instead draws a loaded template at the zoom it will be seen at (compact cards for a
 * large one, see level-of-detail.tsx) rather than at the previous template's zoom first.
 */
export function estimatedFitViewport(
  nodes: readonly CanvasNode[],
  pane: { width: number; height: number; minZoom: number; maxZoom: number }
): Viewport | undefined {
  if (nodes.length === 0 || pane.width <= 0 || pane.height <= 0) return undefined;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const absolute = (node: CanvasNode, depth = 0): { x: number; y: number } => {
    const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
    if (!parent || depth > nodes.length) return node.position;
    const origin = absolute(parent, depth + 1);
    return { x: origin.x + node.position.x, y: origin.y + node.position.y };
  };
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of nodes) {
    const { x, y } = absolute(node);
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + (node.measured?.width ?? node.width ?? CARD_ESTIMATE.width));
    bottom = Math.max(bottom, y + (node.measured?.height ?? node.height ?? CARD_ESTIMATE.height));
  }
  return getViewportForBounds(
    { x: left, y: top, width: right - left, height: bottom - top },
    pane.width,
    pane.height,
    pane.minZoom,
    pane.maxZoom,
    FIT_PADDING
  );
}
