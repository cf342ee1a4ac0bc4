import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';
import { RecipientSchema } from '../assignee.schema';

export const NotifyDataSchema = z.object({
  recipient: RecipientSchema,
  subject: z.string().optional(),
  /** Markdown; `{{variable}}` placeholders are filled from process variables. */
  message: z.string().min(1, 'a notification needs a message'),
});
export type NotifyData = z.infer<typeof NotifyDataSchema>;

export const notifyNode = defineNode(
  'notify',
  NotifyDataSchema
)({
  label: 'Notify',
  description: 'Sends a message to a person or team and continues at once.',
  defaults: () => ({ recipient: { kind: 'starter' }, message: 'Done.' }),
  outcomes: () => [],
  checkEdges: (_data, edges) => expectSingleOutgoing('Notify', edges),
});
