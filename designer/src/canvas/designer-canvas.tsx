import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type NodeMouseHandler,
  type OnNodeDrag,
  type SelectionDragHandler,
  type ProOptions,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isNodeType } from '../../../workflows/template';
import { useDesigner, useDesignerStoreApi } from './designer-store.context';
import { estimatedFitViewport } from './first-view';
import { afterPaintWhenIdle } from './idle';
import { useDesignerNamedEdges, useFlowAriaLabels } from './flow-aria';
import { CardDetailProvider } from './level-of-detail';
import { edgeTypes, nodeTypes } from './node-types';
import { CanvasDirectoryProvider } from './nodes/canvas-directory';
import { NODE_COLORS } from './nodes/node-card';
import { PALETTE_MIME } from './palette';
import type { CanvasEdge, CanvasNode } from './template-canvas.mapping';

const miniMapColor = (node: CanvasNode) => `var(--mantine-color-${NODE_COLORS[node.type]}-4)`;
// <ReactFlow> props that are objects or functions live out here (or in useCallback): a new one on each render would
// be written to React Flow's store again on every frame of a drag.
const defaultEdgeOptions: DefaultEdgeOptions = { type: 'outcome' };
const proOptions: ProOptions = { hideAttribution: true };
const multiSelectionKeyCode = ['Meta', 'Control'];
const MIN_ZOOM = 0.1;
/** React Flow's default. */
const MAX_ZOOM = 2;
const onDragOver = (event: DragEvent) => {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'move';
};

/**
 * The mini-map, drawn once the canvas has painted a template (the one opened, or each one loaded over it) and the
 * browser is idle: its shape per node would otherwise be made in the same frames as the nodes themselves.
 */
function IdleMiniMap() {
  const loads = useDesigner((state) => state.loads);
  const [shownFor, setShownFor] = useState<number>();
  // React Flow measures the nodes in the first frame after a load and draws the edges in the second.
  useEffect(() => afterPaintWhenIdle(() => setShownFor(loads)), [loads]);
  return shownFor === loads ? <MiniMap<CanvasNode> pannable zoomable nodeColor={miniMapColor} /> : null;
}

/**
 * The canvas, first drawn at about the view fitView will choose (see estimatedFitViewport) for the canvas's own size,
 * which is measured before React Flow mounts: a large saved draft then opens with compact cards rather than making
 * full cards at zoom 1 first and fitting them afterwards.
 */
export function DesignerCanvas({ onNodeOpen }: { onNodeOpen?: NodeMouseHandler<CanvasNode> }) {
  const store = useDesignerStoreApi();
  const frame = useRef<HTMLDivElement>(null);
  const [firstView, setFirstView] = useState<{ viewport: Viewport | undefined }>();
  useLayoutEffect(() => {
    const box = frame.current?.getBoundingClientRect();
    const viewport = box
      ? estimatedFitViewport(store.getState().nodes, {
          width: box.width,
          height: box.height,
          minZoom: MIN_ZOOM,
          maxZoom: MAX_ZOOM,
        })
      : undefined;
    setFirstView({ viewport });
  }, [store]);
  return (
    <div ref={frame} className="baton-canvas-frame">
      {firstView && <Canvas onNodeOpen={onNodeOpen} defaultViewport={firstView.viewport} />}
    </div>
  );
}

/** The React Flow canvas bound to the designer store; palette drops land where the pointer is. */
function Canvas({
  onNodeOpen,
  defaultViewport,
}: {
  onNodeOpen: NodeMouseHandler<CanvasNode> | undefined;
  defaultViewport: Viewport | undefined;
}) {
  const { nodes, edges, onNodesChange, onEdgesChange, onConnect, addNode, recordHistory, reparent } = useDesigner(
    (state) => ({
      nodes: state.nodes,
      edges: state.edges,
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      onConnect: state.onConnect,
      addNode: state.addNode,
      recordHistory: state.recordHistory,
      reparent: state.reparent,
    })
  );
  const { screenToFlowPosition } = useReactFlow();
  const { t } = useTranslation();
  const ariaLabelConfig = useFlowAriaLabels();
  const namedEdges = useDesignerNamedEdges(edges);
  const onNodeDragStop = useCallback<OnNodeDrag<CanvasNode>>(
    (_event, _node, dragged) => reparent(dragged.map((node) => node.id)),
    [reparent]
  );
  const onSelectionDragStop = useCallback<SelectionDragHandler<CanvasNode>>(
    (_event, dragged) => reparent(dragged.map((node) => node.id)),
    [reparent]
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!isNodeType(type)) return;
      event.preventDefault();
      addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }), t(`nodeTypes.${type}.label`));
    },
    [addNode, screenToFlowPosition, t]
  );

  return (
    <CanvasDirectoryProvider>
      <CardDetailProvider>
        <ReactFlow<CanvasNode, CanvasEdge>
          nodes={nodes}
          edges={namedEdges}
          ariaLabelConfig={ariaLabelConfig}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onNodeDragStart={recordHistory}
          onSelectionDragStart={recordHistory}
          onNodeDragStop={onNodeDragStop}
          onSelectionDragStop={onSelectionDragStop}
          onNodeDoubleClick={onNodeOpen}
          onDrop={onDrop}
          onDragOver={onDragOver}
          // The designer deletes through its store so a deleted stage takes its steps along and undo works.
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={multiSelectionKeyCode}
          defaultEdgeOptions={defaultEdgeOptions}
          defaultViewport={defaultViewport}
          fitView
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          proOptions={proOptions}
        >
          <Background />
          <Controls />
          <IdleMiniMap />
        </ReactFlow>
      </CardDetailProvider>
    </CanvasDirectoryProvider>
  );
}
