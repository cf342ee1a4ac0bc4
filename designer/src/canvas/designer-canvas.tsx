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
} from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isNodeType } from '../../../workflows/template';
import { useDesigner } from './designer-store.context';
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
const onDragOver = (event: DragEvent) => {
  event.preventDefault();
  event.dataTransfer.dropEffect = 'move';
};

/** The React Flow canvas bound to the designer store; palette drops land where the pointer is. */
export function DesignerCanvas({ onNodeOpen }: { onNodeOpen?: NodeMouseHandler<CanvasNode> }) {
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
          fitView
          minZoom={0.1}
          proOptions={proOptions}
        >
          <Background />
          <Controls />
          <MiniMap<CanvasNode> pannable zoomable nodeColor={miniMapColor} />
        </ReactFlow>
      </CardDetailProvider>
    </CanvasDirectoryProvider>
  );
}
