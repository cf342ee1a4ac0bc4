import { z } from 'zod';
import { dateYearProblem, offsetProblem } from './limits';
import { isCalendarDate } from './deadline-text';

/**
 * Deadlines as data, with a short text form that round-trips:
 *   `eventDate - 14d`, `start + 3bd`, `start + 4bh`, `occurrence @17:00`, `sign.done + 3bd @17:00`, `2027-03-31`,
 *   `2027-03-31T12:00 - 2bd`.
 * Shared by the template schema, the designer and the deadline engine, so it stays pure.
 */

export const DeadlineUnitSchema = z.enum([
  'minutes',
  'hours',
  'businessHours',
  'days',
  'businessDays',
  'weeks',
  'months',
]);
export type DeadlineUnit = z.infer<typeof DeadlineUnitSchema>;

// Parameter names have no hyphen so that `eventDate-14d` stays unambiguous; node ids may have
// hyphens (generated ids often do) because their `.done` suffix ends them.
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NODE_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const RESERVED_ANCHORS = ['start', 'occurrence'] as const;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export const DeadlineAnchorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }),
  z.object({ kind: z.literal('occurrence') }),
  z.object({
    kind: z.literal('parameter'),
    name: z
      .string()
      .regex(PARAMETER_NAME, 'a parameter name is letters, digits and _ and starts with a letter or _')
      // `start` and `occurrence` are keywords in the text form, so they cannot name a parameter.
      .refine((name) => !(RESERVED_ANCHORS as readonly string[]).includes(name), {
        message: '`start` and `occurrence` are reserved anchors, not parameter names',
      }),
  }),
  z.object({
    kind: z.literal('node'),
    nodeId: z.string().regex(NODE_ID, 'a node id is letters, digits, _ and -'),
  }),
  z.object({
    kind: z.literal('date'),
    value: z
      .string()
      .refine(isCalendarDate, {
        message: 'an absolute date is YYYY-MM-DD or YYYY-MM-DDTHH:mm, e.g. 2027-03-31 or 2027-03-31T12:00',
      })
      .superRefine((value, ctx) => {
        const problem = dateYearProblem(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
]);
export type DeadlineAnchor = z.infer<typeof DeadlineAnchorSchema>;

export const DeadlineSpecSchema = z.object({
  anchor: DeadlineAnchorSchema,
  offset: z
    .object({
      amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      unit: DeadlineUnitSchema,
      direction: z.enum(['before', 'after']),
    })
    .superRefine((offset, ctx) => {
      const problem = offsetProblem(offset);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    })
    .optional(),
  timeOfDay: z.string().regex(TIME_OF_DAY, 'time of day is HH:mm, 00:00 to 23:59').optional(),
  /** Due exactly when computed, even outside working time (the event day itself); text form ` any day`. */
  anyDay: z.literal(true).optional(),
});
export type DeadlineSpec = z.infer<typeof DeadlineSpecSchema>;

// The parser and the text form are zod-free, for workflow code; they are part of this module's interface as before.
export * from './deadline-text';
