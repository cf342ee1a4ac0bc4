import { IANAZone } from 'luxon';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { isTimeOfDay } from '../calendar/time-of-day';
import type { Template } from '../template';
import type { DutyInput, DutyScheduleInput, DutySchedule, ParsedDutyInput, Recurrence } from './duty.schema';

/*
 * The duty workflow's input checks and defaults without zod, so the schemas stay out of the workflow bundle (the SDK
 * evaluates the bundle again for every cached workflow). The API still validates with `DutyInputSchema` before it
 * starts a duty; here a direct start is refused on the same rules, and the result is exactly what
 * `DutyInputSchema.parse` gives (defaults filled in, unknown keys dropped, in the schema's key order), so runs
 * started before this replay the same. `duty-input.test.ts` holds the two side by side.
 */

type Problems = string[];
type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isZone = (value: unknown): value is string => typeof value === 'string' && IANAZone.isValidZone(value);
const isWeekday = (value: unknown): value is number => isInt(value, 1, 7);
const NON_BUSINESS_DAY_RULES = ['previousBusinessDay', 'nextBusinessDay', 'skip'];
const OVERLAP_RULES = ['startAnyway', 'skip', 'escalate'];

function recurrenceProblems(value: unknown): Problems {
  if (!isObject(value)) return ['recurrence must be an object'];
  const day = (field: string) => (isInt(value[field], 1, 31) ? [] : [`${field} must be a whole number from 1 to 31`]);
  const optionalInt = (field: string, max: number) =>
    value[field] === undefined || isInt(value[field], 1, max)
      ? []
      : [`${field} must be a whole number from 1 to ${max}`];
  switch (value.kind) {
    case 'daily':
      return optionalInt('interval', 366);
    case 'weekly': {
      const days = value.days;
      const problems = optionalInt('interval', 52);
      if (!Array.isArray(days) || !days.every(isWeekday)) problems.push('days must be ISO weekdays, 1 to 7');
      else if (days.length === 0) problems.push('a weekly duty needs at least one day of the week');
      else if (new Set(days).size !== days.length) problems.push('days of the week must not repeat');
      return problems;
    }
    case 'monthly':
      return day('day');
    case 'monthlyWeekday':
      return [
        ...(isWeekday(value.weekday) ? [] : ['weekday must be an ISO weekday, 1 to 7']),
        ...([1, 2, 3, 4, -1].includes(value.nth as number) ? [] : ['nth must be 1, 2, 3, 4 or -1']),
      ];
    case 'lastBusinessDayOfMonth':
      return [];
    case 'quarterly':
      return [
        ...(value.monthOfQuarter === undefined || [1, 2, 3].includes(value.monthOfQuarter as number)
          ? []
          : ['monthOfQuarter must be 1, 2 or 3']),
        ...day('day'),
      ];
    case 'yearly':
      return [...(isInt(value.month, 1, 12) ? [] : ['month must be a whole number from 1 to 12']), ...day('day')];
    case 'rrule':
      return isText(value.rule) ? [] : ['rule must be an RFC 5545 rule'];
    default:
      return [
        'recurrence kind must be one of daily, weekly, monthly, monthlyWeekday, lastBusinessDayOfMonth, quarterly, yearly, rrule',
      ];
  }
}

/** What is wrong with a duty schedule, by `DutyScheduleSchema`'s rules; empty when nothing is. */
export function scheduleProblems(value: unknown): Problems {
  if (!isObject(value)) return ['schedule must be an object'];
  return [
    ...recurrenceProblems(value.recurrence),
    ...(value.timeOfDay === undefined || isTimeOfDay(value.timeOfDay)
      ? []
      : ['a time of day is HH:mm, 00:00 to 23:59']),
    ...(isZone(value.timeZone) ? [] : ['timeZone must be an IANA time zone such as Europe/Warsaw']),
    ...(value.nonBusinessDay === undefined || NON_BUSINESS_DAY_RULES.includes(value.nonBusinessDay as string)
      ? []
      : [`nonBusinessDay must be one of ${NON_BUSINESS_DAY_RULES.join(', ')}`]),
    ...(isIsoDate(value.startDate) ? [] : ['startDate must be a date, YYYY-MM-DD']),
    ...(value.endDate === undefined || isIsoDate(value.endDate) ? [] : ['endDate must be a date, YYYY-MM-DD']),
  ];
}

function hoursProblems(value: unknown, withWeekday: boolean): Problems {
  if (
    !isObject(value) ||
    !isTimeOfDay(value.start) ||
    !isTimeOfDay(value.end) ||
    (withWeekday && !isWeekday(value.weekday))
  )
    return ['working hours are a start and an end, HH:mm'];
  return value.start < value.end ? [] : ['working hours must end after they start on the same day'];
}

function calendarProblems(value: unknown): Problems {
  if (!isObject(value)) return ['calendar must be an object'];
  const dates = (field: string) =>
    value[field] === undefined || (Array.isArray(value[field]) && value[field].every(isIsoDate))
      ? []
      : [`${field} must be a list of dates, YYYY-MM-DD`];
  const weekend = value.weekendDays;
  const weekdayHours = value.weekdayHours;
  const names = value.companyDayNames;
  return [
    ...(isText(value.id) ? [] : ['calendar id must not be empty']),
    ...(isText(value.name) ? [] : ['calendar name must not be empty']),
    ...(isZone(value.timeZone) ? [] : ['timeZone must be an IANA time zone such as Europe/Warsaw']),
    ...(weekend === undefined ||
    (Array.isArray(weekend) &&
      weekend.every(isWeekday) &&
      weekend.length <= 6 &&
      new Set(weekend).size === weekend.length)
      ? []
      : ['weekend days are up to six different ISO weekdays']),
    ...(typeof value.country === 'string' && /^[A-Z]{2}$/.test(value.country)
      ? []
      : ['country is an ISO 3166-1 alpha-2 code in capitals, e.g. PL']),
    ...(value.region === undefined || isText(value.region) ? [] : ['region must not be empty']),
    ...dates('companyDaysOff'),
    ...(names === undefined ||
    (isObject(names) &&
      Object.entries(names).every(
        ([date, name]) =>
          isIsoDate(date) && typeof name === 'string' && name.trim().length > 0 && name.trim().length <= 200
      ))
      ? []
      : ['companyDayNames are names of up to 200 characters by date']),
    ...dates('extraWorkingDays'),
    ...(value.workingHours === undefined ? [] : hoursProblems(value.workingHours, false)),
    ...(weekdayHours === undefined
      ? []
      : !Array.isArray(weekdayHours) || weekdayHours.length > 7
        ? ['weekdayHours are up to seven weekdays']
        : [
            ...weekdayHours.flatMap((hours) => hoursProblems(hours, true)),
            ...(new Set(weekdayHours.map((hours: Loose) => hours.weekday)).size === weekdayHours.length
              ? []
              : ['each weekday has at most one set of working hours']),
          ]),
  ];
}

/** What is wrong with a duty workflow's input, by `DutyInputSchema`'s rules; empty when nothing is. */
export function dutyInputProblems(value: unknown): Problems {
  if (!isObject(value)) return ['the input must be an object'];
  const text = (field: string) => (isText(value[field]) ? [] : [`${field} must not be empty`]);
  const subprocesses = value.subprocesses;
  return [
    ...text('dutyId'),
    ...text('name'),
    ...text('templateId'),
    ...(isInt(value.templateVersion, 1, Number.MAX_SAFE_INTEGER)
      ? []
      : ['templateVersion must be a whole number, 1 or more']),
    ...(typeof value.template === 'object' && value.template !== null ? [] : ['template must be an object']),
    ...(subprocesses === undefined ||
    (isObject(subprocesses) && Object.values(subprocesses).every((t) => typeof t === 'object' && t !== null))
      ? []
      : ['subprocesses must be templates by key']),
    ...(value.params === undefined || isObject(value.params) ? [] : ['params must be an object']),
    ...(value.assigneeParameter === undefined ? [] : text('assigneeParameter')),
    ...scheduleProblems(value.schedule),
    ...calendarProblems(value.calendar),
    ...text('assignee'),
    ...text('owner'),
    ...(value.overlap === undefined || OVERLAP_RULES.includes(value.overlap as string)
      ? []
      : [`overlap must be one of ${OVERLAP_RULES.join(', ')}`]),
  ];
}

/**
 * The keys named in `keys`, in that order (the schema's, which zod's output follows): from `values` where it has
 * them (defaults and copies), else from `source`; a key neither has stays out.
 */
function inOrder(keys: readonly string[], source: Loose, values: Loose = {}): Loose {
  const result: Loose = {};
  for (const key of keys) {
    if (key in values) result[key] = values[key];
    else if (key in source) result[key] = source[key];
  }
  return result;
}

const orDefault = (value: unknown, fallback: unknown): unknown => (value === undefined ? fallback : value);

const RECURRENCE_KEYS: Record<Recurrence['kind'], readonly string[]> = {
  daily: ['kind', 'interval'],
  weekly: ['kind', 'days', 'interval'],
  monthly: ['kind', 'day'],
  monthlyWeekday: ['kind', 'weekday', 'nth'],
  lastBusinessDayOfMonth: ['kind'],
  quarterly: ['kind', 'monthOfQuarter', 'day'],
  yearly: ['kind', 'month', 'day'],
  rrule: ['kind', 'rule'],
};

function recurrenceWithDefaults(recurrence: Loose): Recurrence {
  const kind = recurrence.kind as Recurrence['kind'];
  const values: Loose = {};
  if (kind === 'weekly') values.days = [...(recurrence.days as number[])];
  if (kind === 'daily' || kind === 'weekly') values.interval = orDefault(recurrence.interval, 1);
  if (kind === 'quarterly') values.monthOfQuarter = orDefault(recurrence.monthOfQuarter, 1);
  return inOrder(RECURRENCE_KEYS[kind], recurrence, values) as Recurrence;
}

/** A schedule that passed {@link scheduleProblems}, as `DutyScheduleSchema.parse` gives it. */
export function scheduleWithDefaults(schedule: DutyScheduleInput): DutySchedule {
  const source = schedule as unknown as Loose;
  return inOrder(['recurrence', 'timeOfDay', 'timeZone', 'nonBusinessDay', 'startDate', 'endDate'], source, {
    recurrence: recurrenceWithDefaults(source.recurrence as Loose),
    timeOfDay: orDefault(source.timeOfDay, '09:00'),
    nonBusinessDay: orDefault(source.nonBusinessDay, 'previousBusinessDay'),
  }) as unknown as DutySchedule;
}

const CALENDAR_KEYS = [
  'id',
  'name',
  'timeZone',
  'weekendDays',
  'country',
  'region',
  'companyDaysOff',
  'companyDayNames',
  'extraWorkingDays',
  'workingHours',
  'weekdayHours',
];

function calendarWithDefaults(calendar: Loose): BusinessCalendar {
  const values: Loose = {
    weekendDays: [...((calendar.weekendDays as number[] | undefined) ?? [6, 7])],
    companyDaysOff: [...((calendar.companyDaysOff as string[] | undefined) ?? [])],
    extraWorkingDays: [...((calendar.extraWorkingDays as string[] | undefined) ?? [])],
    workingHours:
      calendar.workingHours === undefined
        ? { start: '09:00', end: '17:00' }
        : inOrder(['start', 'end'], calendar.workingHours as Loose),
  };
  if (calendar.companyDayNames !== undefined) {
    // The schema trims each name.
    values.companyDayNames = Object.fromEntries(
      Object.entries(calendar.companyDayNames as Record<string, string>).map(([date, name]) => [date, name.trim()])
    );
  }
  if (calendar.weekdayHours !== undefined)
    values.weekdayHours = (calendar.weekdayHours as Loose[]).map((day) => inOrder(['weekday', 'start', 'end'], day));
  return inOrder(CALENDAR_KEYS, calendar, values) as unknown as BusinessCalendar;
}

const DUTY_INPUT_KEYS = [
  'dutyId',
  'name',
  'templateId',
  'templateVersion',
  'template',
  'subprocesses',
  'params',
  'assigneeParameter',
  'schedule',
  'calendar',
  'assignee',
  'owner',
  'overlap',
];

/** A duty input that passed {@link dutyInputProblems}, as `DutyInputSchema.parse` gives it. */
export function dutyInputWithDefaults(input: DutyInput): ParsedDutyInput {
  const source = input as unknown as Loose;
  const values: Loose = {
    params: { ...(input.params ?? {}) },
    assigneeParameter: orDefault(input.assigneeParameter, 'assignee'),
    schedule: scheduleWithDefaults(input.schedule),
    calendar: calendarWithDefaults(source.calendar as Loose),
    overlap: orDefault(input.overlap, 'startAnyway'),
  };
  if (input.subprocesses !== undefined) values.subprocesses = { ...(input.subprocesses as Record<string, Template>) };
  return inOrder(DUTY_INPUT_KEYS, source, values) as unknown as ParsedDutyInput;
}
