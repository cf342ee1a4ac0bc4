import { z } from 'zod';
import { DeadlineUnitSchema, UNIT_BY_TEXT, UNIT_TEXT } from '../deadline/deadline-spec';
import type { DeadlineUnit } from '../deadline/deadline-spec';
import { offsetProblem } from '../deadline/limits';
import { PersonIdSchema } from './identifiers';
import { PrioritySchema } from './priority.schema';
import { RecipientSchema } from './assignee.schema';

/** When a rung fires, relative to the step's due time; business days follow the template's calendar. */
export const RungTimingSchema = z.discriminatedUnion('relation', [
  z.object({ relation: z.literal('at') }),
  /** A share of the time allowed, from the step's opening to its due time (`at 50 %`), in working time. */
  z.object({ relation: z.literal('share'), percent: z.int().min(1).max(99) }),
  z
    .object({
      relation: z.enum(['before', 'after']),
      amount: z.int().min(1, 'use relation "at" for an offset of 0'),
      unit: DeadlineUnitSchema,
    })
    .superRefine((timing, ctx) => {
      const problem = offsetProblem(timing);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    }),
]);
export type RungTiming = z.infer<typeof RungTimingSchema>;

export const EscalationActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('remindAssignee') }),
  z.object({ kind: z.literal('notify'), recipient: RecipientSchema, message: z.string().optional() }),
  z.object({ kind: z.literal('escalateToDelegator') }),
  z.object({ kind: z.literal('escalateToAssigneeManager') }),
  z.object({ kind: z.literal('escalateToManagersManager') }),
  /** `levels` managers up from the assignee (the person the step is for) or the delegator: 2 is the manager's manager. */
  z.object({
    kind: z.literal('escalateUp'),
    levels: z.int().min(1).max(6),
    from: z.enum(['assignee', 'delegator']),
  }),
  z.object({ kind: z.literal('reassignToDeputy') }),
  z.object({ kind: z.literal('reassignTo'), personId: PersonIdSchema }),
  // Without `to` the step becomes urgent and keeps its importance.
  z.object({ kind: z.literal('raisePriority'), to: PrioritySchema.optional() }),
]);
export type EscalationAction = z.infer<typeof EscalationActionSchema>;
export type EscalationActionKind = EscalationAction['kind'];

export const EscalationRungSchema = z.object({
  at: RungTimingSchema,
  action: EscalationActionSchema,
});
export type EscalationRung = z.infer<typeof EscalationRungSchema>;

/** Rungs in the order they are meant to fire; a step's own ladder replaces the template's default. */
export const EscalationLadderSchema = z.array(EscalationRungSchema);
export type EscalationLadder = z.infer<typeof EscalationLadderSchema>;

/** The text form of a rung's timing: `at due`, `at 50 %`, `2bh before`, `1bd after`. */
export function formatRungTiming(timing: RungTiming): string {
  if (timing.relation === 'at') return 'at due';
  if (timing.relation === 'share') return `at ${timing.percent} %`;
  return `${timing.amount}${UNIT_TEXT[timing.unit]} ${timing.relation}`;
}

/** Reads {@link formatRungTiming}'s text back (`50%` and `at 50%` too); throws a sentence saying what to write. */
export function parseRungTiming(text: string): RungTiming {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'at due') return { relation: 'at' };
  const share = /^(?:at\s+)?(\d{1,2})\s*%$/.exec(trimmed);
  if (share) return RungTimingSchema.parse({ relation: 'share', percent: Number(share[1]) });
  const offset = /^(\d+)\s*(min|bh|bd|mo|h|d|w)\s+(before|after)$/.exec(trimmed);
  const unit = offset ? UNIT_BY_TEXT.get(offset[2] ?? '') : undefined;
  if (offset && unit) return RungTimingSchema.parse({ relation: offset[3], amount: Number(offset[1]), unit });
  throw new Error(
    `"${text}" is not a reminder time: write \`at due\`, \`at 50 %\` or e.g. \`2bh before\`, \`1bd after\``
  );
}

const UNIT_WORDS: Record<DeadlineUnit, [string, string]> = {
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  businessHours: ['business hour', 'business hours'],
  days: ['day', 'days'],
  businessDays: ['business day', 'business days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
};

/** For people: "at the due time", "2 hours before the due time", "1 business day after the due time". */
export function describeRungTiming(timing: RungTiming): string {
  if (timing.relation === 'at') return 'at the due time';
  if (timing.relation === 'share') return `when ${timing.percent} % of the time allowed has passed`;
  const [one, many] = UNIT_WORDS[timing.unit];
  return `${timing.amount} ${timing.amount === 1 ? one : many} ${timing.relation} the due time`;
}

// Zod-free, for the interpreter in workflow code.
export { rungOffset } from './rung-offset';
