import { z } from 'zod';
import { rrulestr } from 'rrule';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';

export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function isRecurrenceRule(text: string): boolean {
  try {
    rrulestr(text);
    return true;
  } catch {
    return false;
  }
}

export const StartTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('recurrence'),
    /** An RFC 5545 rule, e.g. `FREQ=MONTHLY;BYMONTHDAY=1`. */
    rrule: z.string().min(1).refine(isRecurrenceRule, {
      message: 'not an RFC 5545 recurrence rule; write it like "FREQ=MONTHLY;BYMONTHDAY=1"',
    }),
    /** Wall-clock time of each occurrence in the calendar's time zone. */
    timeOfDay: z.string().regex(TIME_OF_DAY_PATTERN, 'time of day is HH:mm, e.g. "17:00"').optional(),
    /** What to do when an occurrence falls on a weekend or holiday. */
    nonBusinessDay: z.enum(['keep', 'previousBusinessDay', 'nextBusinessDay']).default('keep'),
  }),
  z.object({ kind: z.literal('api') }),
]);
export type StartTrigger = z.infer<typeof StartTriggerSchema>;

export const StartDataSchema = z.object({
  label: z.string().optional(),
  trigger: StartTriggerSchema.default({ kind: 'manual' }),
});
export type StartData = z.infer<typeof StartDataSchema>;

export const startNode = defineNode(
  'start',
  StartDataSchema
)({
  label: 'Start',
  description: 'Where the process begins: started by hand, on a recurrence, or through the API.',
  defaults: () => ({ trigger: { kind: 'manual' } }),
  outcomes: () => [],
  checkEdges: (_data, edges) => [
    ...edges.incoming.map((edge) => ({
      code: 'start-has-incoming' as const,
      edgeId: edge.id,
      message: `Edge "${edge.id}" leads into start node "${edges.nodeId}", but nothing can flow back into the start.`,
      hint: 'Point the edge at the first real step after the start instead (e.g. to repeat work, loop back to that task).',
    })),
    ...expectSingleOutgoing('Start node', edges),
  ],
});
