import { DateTime } from 'luxon';
import * as rruleModule from 'rrule';
import type { CalendarContext } from '../calendar/business-calendar';
import { nonBusinessReason, type NonBusinessDay } from '../calendar/business-time';
import { HolidaysNotResolvedError } from '../calendar/holidays-not-resolved.error';
import type { Occurrence } from './duty.messages';
import type { DutySchedule, NonBusinessDayRule, Recurrence } from './duty.schema';

// rrule ships CommonJS as `main` and ESM as `module`: Node's ESM loader gives the namespace only a `default`,
// bundlers (the Temporal workflow bundle, vite) give the named exports. Take whichever this runtime provides.
// Reflect.get keeps webpack from warning that the ESM build has no default export.
const { RRule } = (Reflect.get(rruleModule, 'default') as typeof rruleModule | undefined) ?? rruleModule;

export class InvalidRecurrenceError extends Error {
  override readonly name = 'InvalidRecurrenceError';
}

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MAX_COUNT = 100;
// Adjustment can move an occurrence a few days back; look this far before `after` for rule dates that land after it.
const LOOK_BACK_DAYS = 31;
const HORIZON_YEARS = 50;
const SUB_DAILY = /FREQ=(SECONDLY|MINUTELY|HOURLY)/i;

/** A day of the month that some months lack (the 31st) falls on the month's last day: BYSETPOS=-1 of 28..day. */
function monthDay(day: number): string {
  if (day <= 28) return `BYMONTHDAY=${day}`;
  const days = [];
  for (let d = 28; d <= day; d++) days.push(d);
  return `BYMONTHDAY=${days.join(',')};BYSETPOS=-1`;
}

function weekdayCode(isoWeekday: number): string {
  const code = WEEKDAY_CODES[isoWeekday - 1];
  if (!code) throw new InvalidRecurrenceError(`weekday ${isoWeekday} is not 1 (Monday) to 7 (Sunday)`);
  return code;
}

/**
 * The RFC 5545 rule for a recurrence and the first day it counts from (its DTSTART): quarterly rules count
 * from the first month of the quarter, so the quarter months stay the same whatever the duty's start date.
 */
export function toRRule(recurrence: Recurrence, startDate: string): { rule: string; anchor: string } {
  switch (recurrence.kind) {
    case 'daily':
      return { rule: `FREQ=DAILY;INTERVAL=${recurrence.interval}`, anchor: startDate };
    case 'weekly':
      return {
        rule: `FREQ=WEEKLY;INTERVAL=${recurrence.interval};WKST=MO;BYDAY=${recurrence.days.map(weekdayCode).join(',')}`,
        anchor: startDate,
      };
    case 'monthly':
      return { rule: `FREQ=MONTHLY;${monthDay(recurrence.day)}`, anchor: startDate };
    case 'monthlyWeekday':
      return {
        rule: `FREQ=MONTHLY;BYDAY=${recurrence.nth > 0 ? '+' : ''}${recurrence.nth}${weekdayCode(recurrence.weekday)}`,
        anchor: startDate,
      };
    case 'lastBusinessDayOfMonth':
      return { rule: 'FREQ=MONTHLY;BYMONTHDAY=-1', anchor: startDate };
    case 'quarterly': {
      const start = DateTime.fromISO(startDate, { zone: 'UTC' });
      // The latest month on or before the start that is this month of a quarter (1 = Jan/Apr/Jul/Oct).
      const offset = (start.month - recurrence.monthOfQuarter + 12) % 3;
      const anchor = start.startOf('month').minus({ months: offset }).toISODate();
      if (!anchor) throw new InvalidRecurrenceError(`start date ${startDate} is not a valid date`);
      return { rule: `FREQ=MONTHLY;INTERVAL=3;${monthDay(recurrence.day)}`, anchor };
    }
    case 'yearly':
      return { rule: `FREQ=YEARLY;BYMONTH=${recurrence.month};${monthDay(recurrence.day)}`, anchor: startDate };
    case 'rrule': {
      const rule = recurrence.rule.replace(/^RRULE:/i, '');
      if (SUB_DAILY.test(rule))
        throw new InvalidRecurrenceError('a duty repeats at most daily: FREQ must be DAILY or less often');
      if (/DTSTART|UNTIL|COUNT/i.test(rule)) {
        throw new InvalidRecurrenceError(
          'leave DTSTART, UNTIL and COUNT out of the rule: the schedule has startDate and endDate'
        );
      }
      return { rule, anchor: startDate };
    }
  }
}

function parseRule(rule: string, anchor: string) {
  let options;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    throw new InvalidRecurrenceError(`not an RFC 5545 recurrence rule (${rule}): ${(error as Error).message}`);
  }
  if (options.freq === undefined) throw new InvalidRecurrenceError(`the rule ${rule} has no FREQ`);
  // Dates are floating: midnight UTC stands for the calendar day in the duty's zone; the time is added after.
  return new RRule({ ...options, dtstart: new Date(`${anchor}T00:00:00Z`) });
}

/** Checks a schedule can produce occurrences; throws InvalidRecurrenceError with a readable message otherwise. */
export function assertValidSchedule(schedule: DutySchedule): void {
  const { rule, anchor } = toRRule(schedule.recurrence, schedule.startDate);
  parseRule(rule, anchor);
  if (schedule.endDate !== undefined && schedule.endDate < schedule.startDate) {
    throw new InvalidRecurrenceError(`endDate ${schedule.endDate} is before startDate ${schedule.startDate}`);
  }
}

function shiftDate(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate() ?? isoDate;
}

function describe(day: NonBusinessDay): string {
  switch (day.reason) {
    case 'weekend': {
      const weekday = DateTime.fromISO(day.date, { zone: 'UTC' }).weekday;
      return `${day.date} is a ${WEEKDAY_NAMES[weekday - 1] ?? 'weekend day'}`;
    }
    case 'publicHoliday':
      return `${day.date} is a public holiday (${day.name ?? 'holiday'})`;
    case 'companyDayOff':
      return day.name ? `${day.date} is a company day off (${day.name})` : `${day.date} is a company day off`;
  }
}

interface Adjusted {
  date?: string;
  reason?: string;
  rule?: NonBusinessDayRule;
}

/** Applies the business-day rule to a rule date; the last business day of the month always moves back. */
function adjust(ctx: CalendarContext, schedule: DutySchedule, nominal: string): Adjusted {
  const first = nonBusinessReason(ctx, nominal);
  if (!first) return { date: nominal };
  const rule: NonBusinessDayRule =
    schedule.recurrence.kind === 'lastBusinessDayOfMonth' ? 'previousBusinessDay' : schedule.nonBusinessDay;
  if (rule === 'skip') return { reason: `${describe(first)}: skipped, as the duty says for non-business days`, rule };
  const step = rule === 'previousBusinessDay' ? -1 : 1;
  let date = nominal;
  const passed: NonBusinessDay[] = [];
  for (let reason: NonBusinessDay | undefined = first; reason; reason = nonBusinessReason(ctx, date)) {
    passed.push(reason);
    if (passed.length > 366) throw new InvalidRecurrenceError(`calendar ${ctx.calendar.id} has no business days`);
    date = shiftDate(date, step);
  }
  const why = passed.length === 1 ? describe(first) : `${passed.map(describe).join(', ')}`;
  const where = rule === 'previousBusinessDay' ? 'previous' : 'next';
  return { date, reason: `${why}: moved to the ${where} business day, ${date}`, rule };
}

function clampNote(recurrence: Recurrence, nominal: string): string | undefined {
  const wanted = recurrence.kind === 'monthly' || recurrence.kind === 'quarterly' || recurrence.kind === 'yearly';
  if (!wanted) return undefined;
  const day = Number(nominal.slice(8, 10));
  return day < recurrence.day ? `the month has no day ${recurrence.day}, so its last day, ${nominal}` : undefined;
}

function instantOf(date: string, schedule: DutySchedule): string {
  // A time skipped by a daylight-saving change moves forward by the gap (luxon's rule), e.g. 02:30 -> 03:30.
  const local = DateTime.fromISO(`${date}T${schedule.timeOfDay}`, { zone: schedule.timeZone });
  const iso = local.toUTC().toISO();
  if (!iso) throw new InvalidRecurrenceError(`cannot place ${date} ${schedule.timeOfDay} in ${schedule.timeZone}`);
  return iso;
}

export interface OccurrenceOptions {
  /** Nominal dates someone chose to skip. */
  skipDates?: readonly string[];
  /** Also list occurrences the rule or a skip drops (with their reason); the default lists only those that run. */
  includeSkipped?: boolean;
}

/**
 * The schedule's occurrences that start strictly after `after`, in order, at most `count` (up to 100).
 * Each says which date the rule gave, which date it runs on and why it moved. Two rule dates that move onto the
 * same business day run once (the later one is listed as skipped). Stops early, without error, where the
 * calendar's resolved holiday years end.
 */
export function occurrencesAfter(
  schedule: DutySchedule,
  ctx: CalendarContext,
  after: Date,
  count: number,
  options: OccurrenceOptions = {}
): Occurrence[] {
  const wanted = Math.min(Math.max(0, Math.floor(count)), MAX_COUNT);
  if (wanted === 0) return [];
  const { rule, anchor } = toRRule(schedule.recurrence, schedule.startDate);
  const rrule = parseRule(rule, anchor);
  const skipDates = new Set(options.skipDates ?? []);
  const afterLocal = DateTime.fromJSDate(after, { zone: schedule.timeZone }).toISODate() ?? schedule.startDate;
  const fromDate = [shiftDate(afterLocal, -LOOK_BACK_DAYS), schedule.startDate].sort().at(-1) ?? schedule.startDate;
  const lastYear = ctx.holidayYears?.to ?? DateTime.fromJSDate(after, { zone: 'UTC' }).year + HORIZON_YEARS;
  const horizon = `${lastYear}-12-31`;
  const dayBefore = shiftDate(afterLocal, -1);
  const movesForward =
    schedule.nonBusinessDay === 'nextBusinessDay' && schedule.recurrence.kind !== 'lastBusinessDayOfMonth';
  const result: Occurrence[] = [];
  let lastDate: string | undefined;
  let runnable = 0;
  // Looks at one rule date; false stops the walk.
  const visit = (nominal: string): boolean => {
    if (nominal < schedule.startDate) return true;
    if (schedule.endDate !== undefined && nominal > schedule.endDate) return false;
    // Past the resolved holiday years (or a horizon) nothing more can be said; a rule whose every date is
    // skipped (weekends only, skip rule) would otherwise run to the year 9999.
    if (nominal > horizon) return false;
    // Only a next-business-day move can carry a date from before `after` past it: skip the others cheaply.
    if (nominal < dayBefore && !movesForward) return true;
    let adjusted: Adjusted;
    try {
      adjusted = adjust(ctx, schedule, nominal);
    } catch (error) {
      if (error instanceof HolidaysNotResolvedError) {
        return false;
      }
      throw error;
    }
    const clamped = clampNote(schedule.recurrence, nominal);
    const reason = [clamped, adjusted.reason].filter(Boolean).join('; ') || undefined;
    if ((adjusted.date ?? nominal) < dayBefore) return true;
    const at = instantOf(adjusted.date ?? nominal, schedule);
    if (new Date(at).getTime() <= after.getTime()) return true;
    const base: Occurrence = {
      nominalDate: nominal,
      date: adjusted.date ?? nominal,
      at,
      moved: adjusted.date !== nominal,
    };
    if (reason) base.reason = reason;
    if (adjusted.rule) base.rule = adjusted.rule;
    let entry: Occurrence | undefined = base;
    if (adjusted.date === undefined) {
      entry = { ...base, skipped: 'nonBusinessDay' };
    } else if (adjusted.date === lastDate) {
      entry = {
        ...base,
        skipped: 'nonBusinessDay',
        reason: `${reason ?? nominal}; the occurrence on ${adjusted.date} already covers it`,
      };
    } else if (skipDates.has(nominal)) {
      entry = { ...base, skipped: 'skipNext', reason: [reason, 'skipped on request'].filter(Boolean).join('; ') };
      lastDate = adjusted.date;
    } else {
      lastDate = adjusted.date;
      runnable++;
    }
    if (!entry.skipped || options.includeSkipped) result.push(entry);
    return options.includeSkipped ? result.length < wanted : runnable < wanted;
  };
  // Walks rule dates from a little before `after` in growing windows: rrule's iterator form with an open end
  // is many times slower than expanding bounded ranges.
  let windowStart = DateTime.fromISO(fromDate, { zone: 'UTC' });
  let windowDays = 64;
  for (let going = true; going && (windowStart.toISODate() ?? horizon) <= horizon; windowDays *= 2) {
    const windowEnd = windowStart.plus({ days: windowDays });
    const days = rrule.between(windowStart.toJSDate(), windowEnd.toJSDate(), true);
    for (const day of days) {
      if (day.getTime() >= windowEnd.toMillis()) break;
      going = visit(day.toISOString().slice(0, 10));
      if (!going) break;
    }
    windowStart = windowEnd;
  }
  return result.slice(0, wanted);
}

/** The first occurrence after `after` that will run, if any. */
export function nextOccurrence(
  schedule: DutySchedule,
  ctx: CalendarContext,
  after: Date,
  skipDates: readonly string[] = []
): Occurrence | undefined {
  return occurrencesAfter(schedule, ctx, after, 1, { skipDates })[0];
}
