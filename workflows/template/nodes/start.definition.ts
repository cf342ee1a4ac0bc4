import { z } from 'zod';
import { defineNode } from './node-definition';
import { expectSingleOutgoing } from './edge-rules';

export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const RULE_PARTS = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
const SUB_DAILY = /FREQ=(SECONDLY|MINUTELY|HOURLY)/i;
const FREQUENCIES = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

// A structural check of an RFC 5545 RRULE; the calendar engine expands it with `rrule`, whose
// CommonJS build cannot be imported by name from every runtime this module runs in.
function isRecurrenceRule(text: string): boolean {
  const parts = text.replace(/^RRULE:/i, '').split(';');
  let frequency: string | undefined;
  for (const part of parts) {
    const [key, value, extra] = part.split('=');
    if (key === undefined || value === undefined || value === '' || extra !== undefined) return false;
    const name = key.toUpperCase();
    if (!RULE_PARTS.has(name)) return false;
    if (name === 'FREQ') frequency = value.toUpperCase();
  }
  return frequency !== undefined && FREQUENCIES.has(frequency);
}

export const StartTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('recurrence'),
    /** An RFC 5545 rule, e.g. `FREQ=MONTHLY;BYMONTHDAY=1`. */
    rrule: z
      .string()
      .min(1)
      .refine(isRecurrenceRule, {
        message: 'not an RFC 5545 recurrence rule; write it like "FREQ=MONTHLY;BYMONTHDAY=1"',
        abort: true,
      })
      // Office work recurs by the day at most; a rule every second, minute or hour would flood the inbox.
      .refine((rule) => !SUB_DAILY.test(rule), {
        message: 'a process starts at most once a day: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY',
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
