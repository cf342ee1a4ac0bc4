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
import { withCompactCard } from './nodes/compact-card';
import { OutcomeEdge } from './outcome-edge';

// At module scope so React Flow never sees a new object and re-mounts every node; keyed by the registry. Steps are
// drawn compact where the canvas is zoomed out too far to read them (see level-of-detail.tsx); a stage stays a frame.
export const nodeTypes = {
  start: withCompactCard(StartNode),
  task: withCompactCard(TaskNode),
  approval: withCompactCard(ApprovalNode),
  decision: withCompactCard(DecisionNode),
  parallel: withCompactCard(ParallelNode),
  join: withCompactCard(JoinNode),
  wait: withCompactCard(WaitNode),
  notify: withCompactCard(NotifyNode),
  subprocess: withCompactCard(SubprocessNode),
  stage: StageNode,
  end: withCompactCard(EndNode),
} satisfies Record<NodeType, NodeTypes[string]>;

export const edgeTypes = { outcome: OutcomeEdge };
