import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import type { TemplateInput } from '../../../workflows/template';
import { KnownNames } from '../people/people-directory';
import { DesignerStoreProvider } from './designer-store.context';
import { CanvasDirectoryProvider } from './nodes/canvas-directory';
import { useFlowAriaLabels, useNamedEdges } from './flow-aria';

const NO_NAMES: Readonly<Record<string, string>> = {};
import { edgeTypes, nodeTypes } from './node-types';
import { templateToCanvas, type CanvasEdge, type CanvasNode } from './template-canvas.mapping';

export interface TemplateDiagramProps {
  template: TemplateInput;
  /** A CSS class per node id (e.g. `baton-diff-added`, `baton-state-active`); none leaves the node as drawn. */
  nodeClass?: (id: string) => string | undefined;
  edgeClass?: (id: string) => string | undefined;
  height?: number | string;
  testId?: string;
  /** Names by person id the page knows (e.g. a process's people), shown on the nodes for readers who cannot list people. */
  people?: Readonly<Record<string, string>>;
}

/**
 * A template drawn read-only with the designer's own node types, so a version diff or a running process looks
 * exactly like the canvas the manager drew, with classes marking changes or states.
 */
export function TemplateDiagram({
  template,
  nodeClass,
  edgeClass,
  height = 420,
  testId,
  people = NO_NAMES,
}: TemplateDiagramProps) {
  const graph = useMemo(() => templateToCanvas(template), [template]);
  // On a phone the minimap would cover the nodes themselves.
  const phone = useMediaQuery('(max-width: 48em)');
  const nodes = useMemo(
    (): CanvasNode[] => graph.nodes.map((node) => ({ ...node, className: nodeClass?.(node.id), draggable: false })),
    [graph, nodeClass]
  );
  const edges = useMemo(
    (): CanvasEdge[] => graph.edges.map((edge) => ({ ...edge, className: edgeClass?.(edge.id) })),
    [graph, edgeClass]
  );
  const ariaLabelConfig = useFlowAriaLabels();
  const namedEdges = useNamedEdges(nodes, edges);
  return (
    <div style={{ height, width: '100%' }} data-testid={testId}>
      {/* The node components read issues and defaults from a designer store; this one is never edited. */}
      <KnownNames.Provider value={people}>
        <CanvasDirectoryProvider>
          <DesignerStoreProvider key={template.id} initial={template}>
            <ReactFlowProvider>
              <ReactFlow<CanvasNode, CanvasEdge>
                nodes={nodes}
                edges={namedEdges}
                ariaLabelConfig={ariaLabelConfig}
                nodeTypes={nodeTypes}
                edgeTypes={edgeTypes}
                nodesConnectable={false}
                nodesDraggable={false}
                elementsSelectable={false}
                deleteKeyCode={null}
                fitView
                minZoom={0.1}
                proOptions={{ hideAttribution: true }}
              >
                <Background />
                <Controls showInteractive={false} />
                {!phone && <MiniMap<CanvasNode> pannable zoomable />}
              </ReactFlow>
            </ReactFlowProvider>
          </DesignerStoreProvider>
        </CanvasDirectoryProvider>
      </KnownNames.Provider>
    </div>
  );
}
