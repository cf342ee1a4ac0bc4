import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesigner } from './designer-store.context';
import { useCompactCards } from './level-of-detail';
import { useCanvasTranslation } from './nodes/canvas-directory';
import type { CanvasEdge } from './template-canvas.mapping';

/** An edge labelled with its outcome (or its own label), red when validation reports a problem on it. */
export const OutcomeEdge = memo(function OutcomeEdge(props: EdgeProps<CanvasEdge>) {
  const { id, label, selected, markerEnd, data } = props;
  const issues = useDesigner((state) => state.issueCountByEdge.get(id) ?? 0);
  // Too small to read where the cards are compact; the edge's colour still shows an issue or a selection.
  const compact = useCompactCards();
  const { t } = useCanvasTranslation();
  // The built-in outcomes (approved, rejected, otherwise) read in the reader's language; a label or a decision's
  // own branch name is shown as the manager wrote it.
  const text = compact
    ? undefined
    : (data?.label ??
      (data?.outcome !== undefined ? t(`build.outcomes.${data.outcome}`, { defaultValue: data.outcome }) : label));
  const [path, labelX, labelY] = getSmoothStepPath(props);
  const stroke = issues > 0 ? 'var(--mantine-color-red-6)' : selected ? 'var(--mantine-color-blue-6)' : undefined;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: selected || issues ? 2.5 : 1.5 }}
      />
      {!compact && (text !== undefined || issues > 0) && (
        <EdgeLabelRenderer>
          {/* Centred on its point by a zero-size flex box rather than a transform: a transform per label is a paint
              property node Chromium sorts into layers again on every frame of a drag. */}
          <div className="baton-edge-label-anchor" style={{ left: labelX, top: labelY }}>
            <div
              className="baton-edge-label nodrag nopan"
              data-testid={`edge-label-${id}`}
              style={{ borderColor: stroke }}
            >
              {typeof text === 'string' ? text : ''}
              {issues > 0 ? ' ⚠' : ''}
            </div>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
