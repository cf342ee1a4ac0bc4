import { z } from 'zod';
import { defineNode } from './node-definition';
import type { EdgeRuleViolation } from './edge-rules';

export const ParallelDataSchema = z.object({
  label: z.string().optional(),
});
export type ParallelData = z.infer<typeof ParallelDataSchema>;

export const parallelNode = defineNode(
  'parallel',
  ParallelDataSchema
)({
  label: 'Parallel split',
  description: 'Starts every outgoing branch at once; a join brings them back together.',
  defaults: () => ({}),
  outcomes: () => [],
  checkEdges: (_data, { nodeId, outgoing }) => {
    const violations: EdgeRuleViolation[] = [];
    if (outgoing.length === 0) {
      violations.push({
        code: 'dead-end',
        message: `Parallel split "${nodeId}" has no outgoing edges, so the process stops there without finishing.`,
        hint: `Connect "${nodeId}" to the steps that should run at the same time.`,
      });
    } else if (outgoing.length === 1) {
      violations.push({
        code: 'too-few-outgoing',
        message: `Parallel split "${nodeId}" has only one outgoing edge, so nothing runs in parallel.`,
        hint: `Add a second branch from "${nodeId}", or remove the split and connect its step directly.`,
      });
    }
    for (const edge of outgoing) {
      if (edge.outcome !== undefined) {
        violations.push({
          code: 'unexpected-outcome',
          edgeId: edge.id,
          message: `Edge "${edge.id}" from parallel split "${nodeId}" has outcome "${edge.outcome}", but a split takes every branch.`,
          hint: 'Remove the outcome from the edge; to choose one branch, use a decision instead.',
        });
      }
    }
    return violations;
  },
});
