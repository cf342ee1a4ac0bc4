import type { AriaLabelConfig } from '@xyflow/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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

/** Edges named by their steps' titles for screen readers (React Flow would say "Edge from <id> to <id>"). */
export function useNamedEdges(nodes: CanvasNode[], edges: CanvasEdge[]): CanvasEdge[] {
  const { t } = useTranslation();
  return useMemo(() => {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const name = (id: string) => {
      const node = byId.get(id);
      return titleOf(node) ?? (node ? t(`nodeTypes.${node.type}.label`) : id);
    };
    return edges.map((edge) => ({
      ...edge,
      ariaLabel: t('flowAria.edge', { from: name(edge.source), to: name(edge.target) }),
    }));
  }, [nodes, edges, t]);
}
