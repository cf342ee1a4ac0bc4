import { IANAZone } from 'luxon';
import { z } from 'zod';
import { BusinessCalendarSchema, IsoDateSchema, IsoWeekdaySchema, TimeOfDaySchema } from '../calendar';
import type { Template } from '../template';

/**
 * How a duty repeats. The named kinds cover what office managers ask for; `rrule` takes any RFC 5545 rule.
 * Days of the month past the month's end (the 31st in February) fall on the month's last day.
 */
export const RecurrenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), interval: z.number().int().min(1).max(366).default(1) }),
  z.object({
    kind: z.literal('weekly'),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z
      .array(IsoWeekdaySchema)
      .min(1, 'a weekly duty needs at least one day of the week')
      .refine((days) => new Set(days).size === days.length, { message: 'days of the week must not repeat' }),
    interval: z.number().int().min(1).max(52).default(1),
  }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31) }),
  z.object({
    kind: z.literal('monthlyWeekday'),
    weekday: IsoWeekdaySchema,
    /** 1-4 for the first to fourth, -1 for the last such weekday of the month. */
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
  }),
  z.object({ kind: z.literal('lastBusinessDayOfMonth') }),
  z.object({
    kind: z.literal('quarterly'),
    /** Month within the quarter: 1 = January/April/July/October. */
    monthOfQuarter: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
    day: z.number().int().min(1).max(31),
  }),
  z.object({ kind: z.literal('yearly'), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
  z.object({
    kind: z.literal('rrule'),
    /** An RFC 5545 rule without DTSTART, e.g. `FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1`. */
    rule: z.string().min(1),
  }),
]);
export type Recurrence = z.output<typeof RecurrenceSchema>;
export type RecurrenceInput = z.input<typeof RecurrenceSchema>;

/** What happens to an occurrence on a weekend, public holiday or company day off. */
export const NonBusinessDayRuleSchema = z.enum(['previousBusinessDay', 'nextBusinessDay', 'skip']);
export type NonBusinessDayRule = z.infer<typeof NonBusinessDayRuleSchema>;

export const DutyScheduleSchema = z.object({
  recurrence: RecurrenceSchema,
  /** Wall-clock time of each occurrence in `timeZone`. */
  timeOfDay: TimeOfDaySchema.default('09:00'),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
    message: 'timeZone must be an IANA time zone such as Europe/Warsaw',
  }),
  nonBusinessDay: NonBusinessDayRuleSchema.default('previousBusinessDay'),
  /** First calendar day the rule may produce an occurrence on (in `timeZone`). */
  startDate: IsoDateSchema,
  /** Last calendar day, inclusive; open-ended without it. */
  endDate: IsoDateSchema.optional(),
});
export type DutySchedule = z.output<typeof DutyScheduleSchema>;
export type DutyScheduleInput = z.input<typeof DutyScheduleSchema>;

/** When an occurrence is due while the previous one is still open. */
export const OverlapRuleSchema = z.enum(['startAnyway', 'skip', 'escalate']);
export type OverlapRule = z.infer<typeof OverlapRuleSchema>;

/** Everything a duty workflow starts from; the API validates it with this schema before starting the workflow. */
export const DutyInputSchema = z.object({
  /** The duty's id (uuid); its workflow id is `duty-<id>`. */
  dutyId: z.string().min(1),
  name: z.string().min(1),
  templateId: z.string().min(1),
  templateVersion: z.number().int().min(1),
  /**
   * The published template version, parsed (`parseTemplate`); each occurrence's process gets this snapshot.
   * Checked only for shape here: the template was validated when it was published.
   */
  template: z.custom<Template>((value) => typeof value === 'object' && value !== null, 'template must be an object'),
  /** Snapshots of templates that subprocess nodes run, keyed `templateId@version`. */
  subprocesses: z
    .record(
      z.string(),
      z.custom<Template>((value) => typeof value === 'object' && value !== null)
    )
    .optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** The `person` parameter that receives the assignee (default `assignee`), when the template has one. */
  assigneeParameter: z.string().min(1).default('assignee'),
  schedule: DutyScheduleSchema,
  calendar: BusinessCalendarSchema,
  /** User ids: the assignee does the work, the owner (the client) is the process starter and gets the reports. */
  assignee: z.string().min(1),
  owner: z.string().min(1),
  overlap: OverlapRuleSchema.default('startAnyway'),
});
export type DutyInput = z.input<typeof DutyInputSchema>;
export type ParsedDutyInput = z.output<typeof DutyInputSchema>;
