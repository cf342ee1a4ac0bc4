import type { DutyScheduleInput, NonBusinessDayRule, OverlapRule } from '../../../workflows/duty/duty.schema';

export const SCHEDULE_KINDS = [
  'daily',
  'weekly',
  'monthly',
  'monthlyWeekday',
  'lastBusinessDayOfMonth',
  'quarterly',
  'yearly',
  'rrule',
] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** What the schedule builder's fields hold; every kind's fields are kept so switching kinds loses nothing. */
export interface ScheduleForm {
  kind: ScheduleKind;
  interval: number;
  days: number[];
  day: number;
  weekday: number;
  nth: 1 | 2 | 3 | 4 | -1;
  monthOfQuarter: 1 | 2 | 3;
  month: number;
  rule: string;
  timeOfDay: string;
  timeZone: string;
  nonBusinessDay: NonBusinessDayRule;
  startDate: string;
  endDate: string;
  overlap: OverlapRule;
}

/** A new duty: monthly on the last business day at 17:00 in the browser's zone, from today. */
export function defaultScheduleForm(today: string, timeZone: string): ScheduleForm {
  const date = new Date(`${today}T12:00:00Z`);
  return {
    kind: 'lastBusinessDayOfMonth',
    interval: 1,
    days: [1],
    day: Math.min(28, date.getUTCDate()),
    weekday: 1,
    nth: 1,
    monthOfQuarter: 1,
    month: date.getUTCMonth() + 1,
    rule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1',
    timeOfDay: '17:00',
    timeZone,
    nonBusinessDay: 'previousBusinessDay',
    startDate: today,
    endDate: '',
    overlap: 'startAnyway',
  };
}

/** The schedule the API and the duty workflow take, from the builder's fields. */
export function toSchedule(form: ScheduleForm): DutyScheduleInput {
  const recurrence = ((): DutyScheduleInput['recurrence'] => {
    switch (form.kind) {
      case 'daily':
        return { kind: 'daily', interval: form.interval };
      case 'weekly':
        return { kind: 'weekly', days: [...new Set(form.days)].sort() as never, interval: form.interval };
      case 'monthly':
        return { kind: 'monthly', day: form.day };
      case 'monthlyWeekday':
        return { kind: 'monthlyWeekday', weekday: form.weekday as never, nth: form.nth };
      case 'lastBusinessDayOfMonth':
        return { kind: 'lastBusinessDayOfMonth' };
      case 'quarterly':
        return { kind: 'quarterly', monthOfQuarter: form.monthOfQuarter, day: form.day };
      case 'yearly':
        return { kind: 'yearly', month: form.month, day: form.day };
      case 'rrule':
        return { kind: 'rrule', rule: form.rule.trim() };
    }
  })();
  return {
    recurrence,
    timeOfDay: form.timeOfDay,
    timeZone: form.timeZone,
    nonBusinessDay: form.nonBusinessDay,
    startDate: form.startDate,
    ...(form.endDate ? { endDate: form.endDate } : {}),
  };
}

/** The builder's fields from a saved schedule, to change it later. */
export function fromSchedule(schedule: Record<string, unknown>, fallback: ScheduleForm): ScheduleForm {
  const recurrence = (schedule.recurrence ?? {}) as Record<string, unknown>;
  const kind = SCHEDULE_KINDS.find((candidate) => candidate === recurrence.kind) ?? fallback.kind;
  const number = (value: unknown, otherwise: number) => (typeof value === 'number' ? value : otherwise);
  const string = (value: unknown, otherwise: string) => (typeof value === 'string' ? value : otherwise);
  return {
    ...fallback,
    kind,
    interval: number(recurrence.interval, fallback.interval),
    days: Array.isArray(recurrence.days) ? recurrence.days.filter((day) => typeof day === 'number') : fallback.days,
    day: number(recurrence.day, fallback.day),
    weekday: number(recurrence.weekday, fallback.weekday),
    nth: ([1, 2, 3, 4, -1] as const).find((nth) => nth === recurrence.nth) ?? fallback.nth,
    monthOfQuarter:
      ([1, 2, 3] as const).find((month) => month === recurrence.monthOfQuarter) ?? fallback.monthOfQuarter,
    month: number(recurrence.month, fallback.month),
    rule: string(recurrence.rule, fallback.rule),
    timeOfDay: string(schedule.timeOfDay, fallback.timeOfDay),
    timeZone: string(schedule.timeZone, fallback.timeZone),
    nonBusinessDay:
      (['previousBusinessDay', 'nextBusinessDay', 'skip'] as const).find((rule) => rule === schedule.nonBusinessDay) ??
      fallback.nonBusinessDay,
    startDate: string(schedule.startDate, fallback.startDate),
    endDate: string(schedule.endDate, ''),
  };
}

/**
 * The builder's fields from a template's start-node recurrence (`{ rrule, timeOfDay, nonBusinessDay }`), so the
 * schedule a manager drew on the start node becomes the duty's. A start node may keep an occurrence on a day off
 * ('keep'); a duty always moves or skips it, so 'keep' becomes the form's default.
 */
export function fromStartTrigger(trigger: unknown, fallback: ScheduleForm): ScheduleForm {
  if (typeof trigger !== 'object' || trigger === null) return fallback;
  const { kind, rrule, timeOfDay, nonBusinessDay } = trigger as Record<string, unknown>;
  if (kind !== 'recurrence' || typeof rrule !== 'string' || rrule.trim() === '') return fallback;
  return {
    ...fallback,
    kind: 'rrule',
    rule: rrule.replace(/^RRULE:/i, '').trim(),
    ...(typeof timeOfDay === 'string' && timeOfDay !== '' && { timeOfDay }),
    nonBusinessDay:
      nonBusinessDay === 'previousBusinessDay' || nonBusinessDay === 'nextBusinessDay'
        ? nonBusinessDay
        : fallback.nonBusinessDay,
  };
}
