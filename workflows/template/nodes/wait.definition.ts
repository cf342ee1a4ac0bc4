import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';
import { DeadlineFieldSchema } from '../deadline-field';

export const WaitDataSchema = z.object({
  label: z.string().optional(),
  until: DeadlineFieldSchema,
});
export type WaitData = z.infer<typeof WaitDataSchema>;

export const waitNode = defineNode(
  'wait',
  WaitDataSchema
)({
  label: 'Wait',
  description: 'Pauses this branch until a deadline, e.g. "eventDate - 14d".',
  defaults: () => ({ until: 'start + 1bd' }),
  outcomes: () => [],
  checkEdges: (_data, edges) => expectSingleOutgoing('Wait', edges),
});
