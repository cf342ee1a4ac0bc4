import type { NodeTypes } from '@xyflow/react';
import type { NodeType } from '../../../workflows/template';
import {
  ApprovalNode,
  DecisionNode,
  EndNode,
  JoinNode,
  NotifyNode,
  ParallelNode,
  StageNode,
  StartNode,
  SubprocessNode,
  TaskNode,
  WaitNode,
} from './nodes/step-nodes';
import { OutcomeEdge } from './outcome-edge';

// At module scope so React Flow never sees a new object and re-mounts every node; keyed by the registry.
export const nodeTypes = {
  start: StartNode,
  task: TaskNode,
  approval: ApprovalNode,
  decision: DecisionNode,
  parallel: ParallelNode,
  join: JoinNode,
  wait: WaitNode,
  notify: NotifyNode,
  subprocess: SubprocessNode,
  stage: StageNode,
  end: EndNode,
} satisfies Record<NodeType, NodeTypes[string]>;

export const edgeTypes = { outcome: OutcomeEdge };
