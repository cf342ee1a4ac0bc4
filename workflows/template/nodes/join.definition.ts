import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';
import type { EdgeRuleViolation } from './edge-rules';

/** How many incoming branches must arrive before the join continues. */
export const JoinDataSchema = z.discriminatedUnion('mode', [
  z.object({ label: z.string().optional(), mode: z.literal('all') }),
  z.object({ label: z.string().optional(), mode: z.literal('any') }),
  z.object({ label: z.string().optional(), mode: z.literal('nOfM'), n: z.int().min(1, 'n must be at least 1') }),
]);
export type JoinData = z.infer<typeof JoinDataSchema>;

export const joinNode = defineNode(
  'join',
  JoinDataSchema
)({
  label: 'Join',
  description: 'Waits for all, any, or N of the incoming branches, then continues.',
  defaults: () => ({ mode: 'all' }),
  outcomes: () => [],
  checkEdges: (data, edges) => {
    const violations: EdgeRuleViolation[] = [];
    const inputs = edges.incoming.length;
    if (data.mode === 'nOfM') {
      if (data.n > inputs) {
        violations.push({
          code: 'join-inputs',
          message: `Join "${edges.nodeId}" waits for ${data.n} of its inputs but has only ${inputs}, so it can never continue.`,
          hint: `Lower n to at most ${inputs}, or connect more branches into "${edges.nodeId}".`,
        });
      } else if (inputs < 2) {
        violations.push({
          code: 'join-inputs',
          message: `Join "${edges.nodeId}" has ${inputs} input${inputs === 1 ? '' : 's'}; a join needs at least 2.`,
          hint: `Connect the parallel branches into "${edges.nodeId}", or remove the join.`,
        });
      }
    } else if (inputs < 2) {
      violations.push({
        code: 'join-inputs',
        message: `Join "${edges.nodeId}" (mode ${data.mode}) has ${inputs} input${inputs === 1 ? '' : 's'}; a join needs at least 2.`,
        hint: `Connect every parallel branch into "${edges.nodeId}", or remove the join and connect the step directly.`,
      });
    }
    return [...violations, ...expectSingleOutgoing('Join', edges)];
  },
});
