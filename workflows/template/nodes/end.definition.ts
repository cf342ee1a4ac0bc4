import { z } from 'zod';
import { defineNode } from './node-definition';

export const EndDataSchema = z.object({
  label: z.string().optional(),
  /** How the process is recorded when it ends here. */
  result: z.enum(['completed', 'rejected', 'cancelled']).default('completed'),
});
export type EndData = z.infer<typeof EndDataSchema>;

export const endNode = defineNode(
  'end',
  EndDataSchema
)({
  label: 'End',
  description: 'The process finishes here when a token arrives.',
  defaults: () => ({ result: 'completed' }),
  outcomes: () => [],
  checkEdges: (_data, { nodeId, outgoing }) =>
    outgoing.map((edge) => ({
      code: 'end-has-outgoing' as const,
      edgeId: edge.id,
      message: `Edge "${edge.id}" leaves end node "${nodeId}", but nothing runs after an end.`,
      hint: 'Remove the edge, or replace the end with the step that should follow.',
    })),
});
