import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesigner } from './designer-store.context';
import type { CanvasEdge } from './template-canvas.mapping';

/** An edge labelled with its outcome (or its own label), red when validation reports a problem on it. */
export const OutcomeEdge = memo(function OutcomeEdge(props: EdgeProps<CanvasEdge>) {
  const { id, label, selected, markerEnd } = props;
  const issues = useDesigner((state) => state.issues.filter((issue) => issue.edgeId === id).length);
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
      {(label !== undefined || issues > 0) && (
        <EdgeLabelRenderer>
          <div
            className="baton-edge-label nodrag nopan"
            data-testid={`edge-label-${id}`}
            style={{
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
              borderColor: stroke,
            }}
          >
            {typeof label === 'string' ? label : ''}
            {issues > 0 ? ' ⚠' : ''}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
