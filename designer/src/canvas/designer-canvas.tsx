import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type NodeMouseHandler } from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isNodeType } from '../../../workflows/template';
import { useDesigner } from './designer-store.context';
import { useFlowAriaLabels, useNamedEdges } from './flow-aria';
import { edgeTypes, nodeTypes } from './node-types';
import { NODE_COLORS } from './nodes/node-card';
import { PALETTE_MIME } from './palette';
import type { CanvasEdge, CanvasNode } from './template-canvas.mapping';

const miniMapColor = (node: CanvasNode) => `var(--mantine-color-${NODE_COLORS[node.type]}-4)`;

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
  const namedEdges = useNamedEdges(nodes, edges);

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
      onNodeDragStop={(_event, _node, dragged) => reparent(dragged.map((node) => node.id))}
      onSelectionDragStop={(_event, dragged) => reparent(dragged.map((node) => node.id))}
      onNodeDoubleClick={onNodeOpen}
      onDrop={onDrop}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }}
      // The designer deletes through its store so a deleted stage takes its steps along and undo works.
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Meta', 'Control']}
      defaultEdgeOptions={{ type: 'outcome' }}
      fitView
      minZoom={0.1}
      proOptions={{ hideAttribution: true }}
    >
      <Background />
      <Controls />
      <MiniMap<CanvasNode> pannable zoomable nodeColor={miniMapColor} />
    </ReactFlow>
  );
}
