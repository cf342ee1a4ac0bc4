export type NodeState = 'done' | 'active' | 'overdue' | 'escalated' | 'cancelled';

export interface StepLike {
  nodeId: string;
  round: number;
  status: string;
  dueAt: string | null;
  escalationLevel: number;
}

const OPEN = new Set(['open', 'inProgress', 'inReview', 'returned']);
const DONE = new Set(['done', 'approved', 'rejected', 'skipped', 'completed']);

/**
 * The state of each node of a running process for the monitor: a step node's latest round decides it (open and
 * past due: overdue; escalated beats overdue); other nodes the process passed through (seen in its audit) are done.
 */
export function nodeStates(
  steps: readonly StepLike[],
  visitedNodeIds: Iterable<string>,
  now: Date
): Map<string, NodeState> {
  const latest = new Map<string, StepLike>();
  for (const step of steps) {
    const seen = latest.get(step.nodeId);
    if (!seen || step.round >= seen.round) latest.set(step.nodeId, step);
  }
  const states = new Map<string, NodeState>();
  for (const nodeId of visitedNodeIds) states.set(nodeId, 'done');
  for (const [nodeId, step] of latest) {
    if (OPEN.has(step.status)) {
      if (step.escalationLevel > 0) states.set(nodeId, 'escalated');
      else if (step.dueAt !== null && new Date(step.dueAt).getTime() < now.getTime()) states.set(nodeId, 'overdue');
      else states.set(nodeId, 'active');
    } else if (step.status === 'cancelled') states.set(nodeId, 'cancelled');
    else if (DONE.has(step.status)) states.set(nodeId, 'done');
  }
  return states;
}
