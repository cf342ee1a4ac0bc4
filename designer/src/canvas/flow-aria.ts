import type { AriaLabelConfig } from '@xyflow/react';
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useDesigner } from './designer-store.context';
import type { CanvasEdge, CanvasNode } from './template-canvas.mapping';

/** React Flow's own labels for screen readers (controls, mini map, hints) in the reader's language. */
export function useFlowAriaLabels(): Partial<AriaLabelConfig> {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => ({
      'node.a11yDescription.default': t('flowAria.nodeHint'),
      'node.a11yDescription.keyboardDisabled': t('flowAria.nodeHintMove'),
      'node.a11yDescription.ariaLiveMessage': ({ x, y }: { direction: string; x: number; y: number }) =>
        t('flowAria.moved', { x, y }),
      'edge.a11yDescription.default': t('flowAria.edgeHint'),
      'controls.ariaLabel': t('flowAria.controls'),
      'controls.zoomIn.ariaLabel': t('flowAria.zoomIn'),
      'controls.zoomOut.ariaLabel': t('flowAria.zoomOut'),
      'controls.fitView.ariaLabel': t('flowAria.fitView'),
      'controls.interactive.ariaLabel': t('flowAria.interactive'),
      'minimap.ariaLabel': t('flowAria.minimap'),
      'handle.ariaLabel': t('flowAria.handle'),
    }),
    // The language is a dependency: `t` may keep its identity when it changes.
    [t, i18n.language]
  );
}

const titleOf = (node: CanvasNode | undefined): string | undefined => {
  const data = node?.data as { title?: unknown; label?: unknown } | undefined;
  if (typeof data?.title === 'string' && data.title) return data.title;
  if (typeof data?.label === 'string' && data.label) return data.label;
  return undefined;
};

/**
 * Each node's id and what a person calls it, as one flat list: equal, element by element, while nodes only move.
 * A node without a title is called by its type, translated once per type: this runs on every frame of a drag, and
 * a translation per untitled node was a tenth of a 500-node drag.
 */
function nodeNames(nodes: readonly CanvasNode[], t: TFunction): string[] {
  const typeNames = new Map<string, string>();
  const typeName = (type: string) => {
    let name = typeNames.get(type);
    if (name === undefined) {
      name = t(`nodeTypes.${type}.label`);
      typeNames.set(type, name);
    }
    return name;
  };
  return nodes.flatMap((node) => [node.id, titleOf(node) ?? typeName(node.type)]);
}

// Characters no title contains (control characters).
const FROM_MARK = '\u0001from\u0001';
const TO_MARK = '\u0001to\u0001';

function nameEdges(edges: CanvasEdge[], names: readonly string[], t: TFunction): CanvasEdge[] {
  const byId = new Map<string, string>();
  for (let i = 0; i + 1 < names.length; i += 2) byId.set(names[i] ?? '', names[i + 1] ?? '');
  const name = (id: string) => byId.get(id) ?? id;
  // Translated once with markers where the names go: a translation per edge was 25 ms of a 634-edge first render.
  const phrase = t('flowAria.edge', { from: FROM_MARK, to: TO_MARK });
  return edges.map((edge) => ({
    ...edge,
    // Replacer functions, so a `$` in a title is never read as a replacement pattern.
    ariaLabel: phrase.replace(FROM_MARK, () => name(edge.source)).replace(TO_MARK, () => name(edge.target)),
  }));
}

/** Edges named by their steps' titles for screen readers (React Flow would say "Edge from <id> to <id>"). */
export function useNamedEdges(nodes: CanvasNode[], edges: CanvasEdge[]): CanvasEdge[] {
  const { t, i18n } = useTranslation();
  // The language is a dependency: `t` may keep its identity when it changes.
  return useMemo(() => nameEdges(edges, nodeNames(nodes, t), t), [nodes, edges, t, i18n.language]);
}

/**
 * {@link useNamedEdges} for the designer's canvas: the names are selected from its store as a list that stays
 * equal while nodes only move, so a drag keeps every edge object as it was and React Flow redraws only the edges of
 * the moved node (not all of them on every frame).
 */
export function useDesignerNamedEdges(edges: CanvasEdge[]): CanvasEdge[] {
  const { t, i18n } = useTranslation();
  const names = useDesigner((state) => nodeNames(state.nodes, t));
  return useMemo(() => nameEdges(edges, names, t), [names, edges, t, i18n.language]);
}
