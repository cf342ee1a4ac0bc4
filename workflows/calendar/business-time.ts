import { DateTime } from 'luxon';
import type { BusinessCalendar, CalendarContext } from './business-calendar';
import { HolidaysNotResolvedError } from './holidays-not-resolved.error';

/**
 * Business-day and business-hour arithmetic in a calendar's time zone. Pure: holidays come in as data
 * (see holidays.ts), instants are `Date`s, calendar days are ISO date strings. Moving by days keeps the
 * wall-clock time of day, so 17:00 stays 17:00 across a daylight-saving change.
 */

export type NonBusinessReason = 'weekend' | 'publicHoliday' | 'companyDayOff';

export interface NonBusinessDay {
  /** ISO date in the calendar's time zone. */
  readonly date: string;
  readonly reason: NonBusinessReason;
  /** The holiday's name for public holidays; a company day off's, when the calendar names it. */
  readonly name?: string;
}

export type Direction = 'next' | 'previous';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
// A calendar with at least one working weekday finds one within weeks; this only stops a runaway loop.
const MAX_DAYS_SCANNED = 366 * 200;

/**
 * Why a calendar day is not a business day, or undefined when it is one. A weekend wins over a holiday;
 * an extra working day turns a weekend day into a business day.
 */
export function nonBusinessReason(ctx: CalendarContext, isoDate: string): NonBusinessDay | undefined {
  const weekday = isoWeekday(isoDate);
  if (ctx.calendar.weekendDays.includes(weekday)) {
    if (ctx.calendar.extraWorkingDays.includes(isoDate)) return undefined;
    // A weekend day worked by decree (a Russian working Saturday) is still off if the company gives it off.
    if (ctx.officialWorkingDays?.[isoDate] === undefined) return { date: isoDate, reason: 'weekend' };
  }
  const years = ctx.holidayYears;
  if (years) {
    const year = Number(isoDate.slice(0, 4));
    if (year < years.from || year > years.to) throw new HolidaysNotResolvedError(ctx.calendar.id, isoDate, years);
  }
  const holiday = ctx.holidays[isoDate];
  if (holiday !== undefined) return { date: isoDate, reason: 'publicHoliday', name: holiday };
  if (ctx.calendar.companyDaysOff.includes(isoDate)) {
    const name = ctx.calendar.companyDayNames?.[isoDate];
    return { date: isoDate, reason: 'companyDayOff', ...(name !== undefined ? { name } : {}) };
  }
  return undefined;
}

/** Whether a calendar day (ISO date) or the day an instant falls on in the calendar's zone is a business day. */
export function isBusinessDay(ctx: CalendarContext, day: string | Date): boolean {
  return nonBusinessReason(ctx, typeof day === 'string' ? day : localDate(ctx, day)) === undefined;
}

/** Whether the instant is inside working hours on a business day. */
export function isWithinWorkingHours(ctx: CalendarContext, instant: Date): boolean {
  const date = localDate(ctx, instant);
  if (!isBusinessDay(ctx, date)) return false;
  const [open, close] = workingWindow(ctx, date);
  return instant.getTime() >= open && instant.getTime() < close;
}

/** The ISO date an instant falls on in the calendar's time zone. */
export function localDate(ctx: CalendarContext, instant: Date): string {
  return isoDateOf(DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }));
}

/**
 * The instant of a wall-clock time on a calendar day in the calendar's zone. A time skipped by a
 * daylight-saving change moves forward by the gap (02:30 on a spring-forward night becomes 03:30).
 */
export function atLocalTime(ctx: CalendarContext, isoDate: string, timeOfDay: string): Date {
  const [hour, minute] = timeOfDay.split(':').map(Number);
  return atWallClock(ctx, isoDate, { hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
}

/** The same instant with its wall-clock time of day replaced, on the same local day. */
export function withTimeOfDay(ctx: CalendarContext, instant: Date, timeOfDay: string): Date {
  return atLocalTime(ctx, localDate(ctx, instant), timeOfDay);
}

export interface BusinessDayStep {
  readonly result: Date;
  /** Non-business days stepped over, in the order met. */
  readonly skipped: readonly NonBusinessDay[];
}

/**
 * Moves |n| business days forward (n > 0) or back (n < 0), keeping the wall-clock time of day. The start
 * day need not be a business day: Saturday + 1 is Monday. n = 0 returns the instant unchanged.
 */
export function addBusinessDays(ctx: CalendarContext, instant: Date, n: number): Date {
  return stepBusinessDays(ctx, instant, n).result;
}

export function subtractBusinessDays(ctx: CalendarContext, instant: Date, n: number): Date {
  return stepBusinessDays(ctx, instant, -n).result;
}

/** {@link addBusinessDays} that also reports the days it skipped, for explanations. */
export function stepBusinessDays(ctx: CalendarContext, instant: Date, n: number): BusinessDayStep {
  if (!Number.isSafeInteger(n)) throw new RangeError(`business days must be a whole number, got ${n}`);
  if (n === 0) return { result: instant, skipped: [] };
  const local = DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone });
  const step = n > 0 ? 1 : -1;
  let date = isoDateOf(local);
  let remaining = Math.abs(n);
  const skipped: NonBusinessDay[] = [];
  let scanned = 0;
  while (remaining > 0) {
    date = shiftDate(date, step);
    const reason = nonBusinessReason(ctx, date);
    if (reason) skipped.push(reason);
    else remaining--;
    if (++scanned > MAX_DAYS_SCANNED + Math.abs(n)) throw noBusinessDays(ctx);
  }
  return { result: atWallClock(ctx, date, wallClockOf(local)), skipped };
}

/**
 * The instant itself when it falls on a business day, otherwise the same wall-clock time on the nearest
 * business day in the given direction (a duty due on a Saturday moves to Friday or Monday).
 */
export function moveToBusinessDay(ctx: CalendarContext, instant: Date, direction: Direction): Date {
  return rollToBusinessDay(ctx, instant, direction).result;
}

/** {@link moveToBusinessDay} that also reports the days it skipped. */
export function rollToBusinessDay(ctx: CalendarContext, instant: Date, direction: Direction): BusinessDayStep {
  const local = DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone });
  let date = isoDateOf(local);
  const skipped: NonBusinessDay[] = [];
  for (let reason = nonBusinessReason(ctx, date); reason; reason = nonBusinessReason(ctx, date)) {
    skipped.push(reason);
    if (skipped.length > MAX_DAYS_SCANNED) throw noBusinessDays(ctx);
    date = shiftDate(date, direction === 'next' ? 1 : -1);
  }
  return skipped.length === 0
    ? { result: instant, skipped }
    : { result: atWallClock(ctx, date, wallClockOf(local)), skipped };
}

/**
 * The instant itself when it is working time (on a business day, from opening to closing, both included), else the
 * next opening: where a deadline outside working time moves, since no work happens between it and that opening.
 */
export function nextWorkingTime(ctx: CalendarContext, instant: Date): Date {
  const at = instant.getTime();
  let date = localDate(ctx, instant);
  for (let scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned++) {
    if (isBusinessDay(ctx, date)) {
      const [open, close] = workingWindow(ctx, date);
      if (at <= close) return at <= open ? new Date(open) : instant;
    }
    date = shiftDate(date, 1);
  }
  throw noBusinessDays(ctx);
}

/** The business day strictly after (or before) the instant's day, same wall-clock time. */
export function nextBusinessDay(ctx: CalendarContext, instant: Date): Date {
  return addBusinessDays(ctx, instant, 1);
}

export function previousBusinessDay(ctx: CalendarContext, instant: Date): Date {
  return addBusinessDays(ctx, instant, -1);
}

/**
 * Adds working time (milliseconds, negative to go back) counting only working hours on business days.
 * Outside working hours the clock starts at the next opening (or, going back, the previous closing).
 * A result on a boundary stays on the earlier day: 1 hour after 16:00 is 17:00 today, not 09:00 tomorrow.
 */
export function addBusinessTime(ctx: CalendarContext, instant: Date, milliseconds: number): Date {
  if (!Number.isFinite(milliseconds)) throw new RangeError(`business time must be finite, got ${milliseconds}`);
  if (milliseconds === 0) return instant;
  const forward = milliseconds > 0;
  let remaining = Math.abs(milliseconds);
  const cursor = instant.getTime();
  let date = localDate(ctx, instant);
  for (let scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned++) {
    if (isBusinessDay(ctx, date)) {
      const [open, close] = workingWindow(ctx, date);
      if (forward) {
        const from = Math.max(open, cursor);
        if (from < close) {
          if (remaining <= close - from) return new Date(from + remaining);
          remaining -= close - from;
        }
      } else {
        const to = Math.min(close, cursor);
        if (to > open) {
          if (remaining <= to - open) return new Date(to - remaining);
          remaining -= to - open;
        }
      }
    }
    date = shiftDate(date, forward ? 1 : -1);
  }
  throw noBusinessDays(ctx);
}

export function addBusinessHours(ctx: CalendarContext, instant: Date, hours: number): Date {
  return addBusinessTime(ctx, instant, hours * MS_PER_HOUR);
}

export function addBusinessMinutes(ctx: CalendarContext, instant: Date, minutes: number): Date {
  return addBusinessTime(ctx, instant, minutes * MS_PER_MINUTE);
}

/**
 * Working time in milliseconds between two instants (negative when `to` is before `from`): the overlap of
 * [from, to] with working hours on business days.
 */
export function businessTimeBetween(ctx: CalendarContext, from: Date, to: Date): number {
  if (to.getTime() < from.getTime()) return -businessTimeBetween(ctx, to, from);
  const lastDate = localDate(ctx, to);
  let total = 0;
  for (let date = localDate(ctx, from); date <= lastDate; date = shiftDate(date, 1)) {
    if (!isBusinessDay(ctx, date)) continue;
    const [open, close] = workingWindow(ctx, date);
    const overlap = Math.min(close, to.getTime()) - Math.max(open, from.getTime());
    if (overlap > 0) total += overlap;
  }
  return total;
}

/** Business days strictly after `from`'s day up to and including `to`'s day (negative when going back). */
export function businessDaysBetween(ctx: CalendarContext, from: Date, to: Date): number {
  const start = localDate(ctx, from);
  const end = localDate(ctx, to);
  if (end < start) return -businessDaysBetween(ctx, to, from);
  let count = 0;
  for (let date = shiftDate(start, 1); date <= end; date = shiftDate(date, 1)) {
    if (isBusinessDay(ctx, date)) count++;
  }
  return count;
}

/**
 * Length of a working day in milliseconds (on a day without a daylight-saving change in working hours): the usual
 * hours, or those of the given day's weekday when it has its own.
 */
export function workingDayLength(ctx: CalendarContext, isoDate?: string): number {
  const toMinutes = (time: string) => {
    const [hour, minute] = time.split(':').map(Number);
    return (hour ?? 0) * 60 + (minute ?? 0);
  };
  const hours = isoDate === undefined ? ctx.calendar.workingHours : workingHoursOn(ctx.calendar, isoDate);
  return (toMinutes(hours.end) - toMinutes(hours.start)) * MS_PER_MINUTE;
}

/** The working hours (wall clock) of a calendar day: its weekday's own when set, else the calendar's usual ones. */
export function workingHoursOn(
  calendar: Pick<BusinessCalendar, 'workingHours' | 'weekdayHours'>,
  isoDate: string
): { readonly start: string; readonly end: string } {
  const list = calendar.weekdayHours;
  if (list === undefined || list.length === 0) return calendar.workingHours;
  const weekday = isoWeekday(isoDate);
  return list.find((hours) => hours.weekday === weekday) ?? calendar.workingHours;
}

// Placing a wall-clock time in a zone is the costly step; a day's window never changes for a given zone and
// working hours, so it is cached (bounded; the cache changes speed only, never results).
const windowCache = new Map<string, [number, number]>();
const WINDOW_CACHE_LIMIT = 50_000;

/** Opening and closing instants (epoch ms) of working hours on a calendar day. */
function workingWindow(ctx: CalendarContext, isoDate: string): [number, number] {
  const { timeZone } = ctx.calendar;
  const workingHours = workingHoursOn(ctx.calendar, isoDate);
  // A pre-holiday day of an official calendar ends an hour early (never before it opens).
  const shortened = ctx.shortenedDays?.includes(isoDate) === true;
  const key = `${timeZone}|${workingHours.start}|${workingHours.end}|${isoDate}|${shortened}`;
  const cached = windowCache.get(key);
  if (cached) return cached;
  const open = atLocalTime(ctx, isoDate, workingHours.start).getTime();
  const close = atLocalTime(ctx, isoDate, workingHours.end).getTime();
  const window: [number, number] = [open, shortened ? Math.max(open, close - MS_PER_HOUR) : close];
  if (windowCache.size >= WINDOW_CACHE_LIMIT) windowCache.clear();
  windowCache.set(key, window);
  return window;
}

interface WallClock {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function wallClockOf(local: DateTime): WallClock {
  return { hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond };
}

function atWallClock(ctx: CalendarContext, isoDate: string, time: WallClock): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const local = DateTime.fromObject({ year, month, day, ...time }, { zone: ctx.calendar.timeZone });
  if (!local.isValid)
    throw new RangeError(`cannot place ${isoDate} in ${ctx.calendar.timeZone}: ${local.invalidExplanation}`);
  return local.toJSDate();
}

// Calendar-day arithmetic on ISO dates through UTC epoch days: exact, and far cheaper than a zoned DateTime.
const MS_PER_DAY = 86_400_000;

function epochDay(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  return Math.floor(Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN) / MS_PER_DAY);
}

function shiftDate(isoDate: string, days: number): string {
  return new Date((epochDay(isoDate) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday; epoch day 0 (1970-01-01) was a Thursday. */
function isoWeekday(isoDate: string): number {
  return ((((epochDay(isoDate) + 3) % 7) + 7) % 7) + 1;
}

function isoDateOf(dateTime: DateTime): string {
  const date = dateTime.toISODate();
  if (date === null) throw new RangeError(`invalid date: ${dateTime.invalidExplanation}`);
  return date;
}

function noBusinessDays(ctx: CalendarContext): Error {
  return new RangeError(`calendar ${ctx.calendar.id} has no business day within ${MAX_DAYS_SCANNED} days`);
}
