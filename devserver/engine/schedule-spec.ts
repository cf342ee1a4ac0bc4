import type { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { invalidArgument } from '../errors';
import { durationMs, timestamp, timestampMs } from '../proto';

/**
 * A schedule's spec as the Temporal server reads it (service/worker/scheduler's spec compiler): cron strings are
 * turned into structured calendars (and `@every` into intervals) when the schedule is stored, so describe shows the
 * canonical form; the next time is the earliest match of any calendar or interval after a given time, in whole
 * seconds, skipping excluded calendar times, within the start/end bounds, plus a deterministic jitter.
 */

type Spec = temporal.api.schedule.v1.IScheduleSpec;
type StructuredCalendar = temporal.api.schedule.v1.IStructuredCalendarSpec;
type Range = temporal.api.schedule.v1.IRange;

/** The server refuses calendar years past this one. */
const maxCalendarYear = 2100;

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const predefined: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function specError(message: string): Error {
  // The SDK turns this prefix into a TypeError with the rest of the message.
  return invalidArgument(`Invalid schedule spec: ${message}`);
}

function parseValue(text: string, field: string, names?: string[], offset = 0): number {
  const lower = text.toLowerCase();
  if (names) {
    const index = names.findIndex((name) => lower.startsWith(name) && name.length >= 3);
    if (index >= 0 && /^[a-z]+$/.test(lower)) return index + offset;
  }
  if (!/^\d+$/.test(text)) throw specError(`invalid ${field} value '${text}'`);
  return Number(text);
}

/** One cron field (`*`, `5`, `1-5`, `*\/15`, `10-40/10`, `mon-fri`, lists with commas) as ranges. */
function parseCronField(
  text: string,
  field: string,
  min: number,
  max: number,
  names?: string[],
  offset = 0
): temporal.api.schedule.v1.IRange[] {
  const ranges: Range[] = [];
  for (const part of text.split(',')) {
    const [base = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : parseValue(stepText, field);
    if (step < 1) throw specError(`invalid step in ${field} '${part}'`);
    let start: number;
    let end: number;
    if (base === '*' || base === '?') {
      start = min;
      end = max;
    } else if (base.includes('-')) {
      const [from = '', to = ''] = base.split('-');
      start = parseValue(from, field, names, offset);
      end = parseValue(to, field, names, offset);
    } else {
      start = parseValue(base, field, names, offset);
      end = stepText === undefined ? start : max;
    }
    if (start < min || start > max || end < start || end > max) throw specError(`${field} out of range in '${part}'`);
    if (field === 'day of week' && end === 7) {
      // 7 is Sunday again: `5-7` is Friday, Saturday and Sunday.
      if (start < 7) ranges.push({ start, end: 6, step });
      if ((7 - start) % step === 0) ranges.push({ start: 0, end: 0, step: 1 });
      continue;
    }
    ranges.push({ start, end, step });
  }
  return ranges;
}

/**
 * A cron string as the server reads it: 5 fields (minute hour day-of-month month day-of-week), 6 (adds year) or
 * 7 (second first, year last); `@daily`-style names; `@every <interval>[/<phase>]`; `CRON_TZ=Zone` in front; and a
 * trailing `# comment`.
 */
function parseCronString(input: string): {
  calendar?: StructuredCalendar;
  interval?: temporal.api.schedule.v1.IIntervalSpec;
  timezone?: string;
} {
  let text = input.trim();
  let comment = '';
  const hash = text.indexOf('#');
  if (hash >= 0) {
    comment = text.slice(hash + 1).trim();
    text = text.slice(0, hash).trim();
  }
  let timezone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (tz?.[1]) {
    timezone = tz[1];
    text = text.slice(tz[0].length);
  }
  if (text.startsWith('@every')) {
    const match = /^@every\s+(\S+?)(?:\/(\S+))?$/.exec(text);
    const every = match?.[1] ? goDurationMs(match[1]) : null;
    const phase = match?.[2] ? goDurationMs(match[2]) : 0;
    if (!every || phase === null) throw specError(`invalid interval in '${input}'`);
    return { interval: { interval: pbDuration(every), phase: phase ? pbDuration(phase) : null }, timezone };
  }
  text = predefined[text.toLowerCase()] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length < 5 || fields.length > 7) throw specError(`cron string must have 5 to 7 fields: '${input}'`);
  const [second, rest] = fields.length === 7 ? [fields[0] ?? '0', fields.slice(1)] : ['0', fields];
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', year] = rest;
  return {
    calendar: {
      second: parseCronField(second, 'second', 0, 59),
      minute: parseCronField(minute, 'minute', 0, 59),
      hour: parseCronField(hour, 'hour', 0, 23),
      dayOfMonth: parseCronField(dayOfMonth, 'day of month', 1, 31),
      month: parseCronField(month, 'month', 1, 12, monthNames, 1),
      dayOfWeek: parseCronField(dayOfWeek, 'day of week', 0, 7, dayNames),
      year: year === undefined || year === '*' ? [] : parseCronField(year, 'year', 1970, maxCalendarYear),
      comment,
    },
    timezone,
  };
}

/** protobufjs encodes plain numbers for int64 fields; the generated types only name Long. */
function pbDuration(ms: number): NonNullable<temporal.api.schedule.v1.IIntervalSpec['interval']> {
  return timestamp(ms) as unknown as NonNullable<temporal.api.schedule.v1.IIntervalSpec['interval']>;
}

const goUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function goDurationMs(text: string): number | null {
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (goUnits[unit ?? ''] ?? 0);
  }
  return total;
}

/**
 * The spec as the server stores and describes it: cron strings compiled into structured calendars (or intervals,
 * and the time zone of a `CRON_TZ=` prefix); invalid parts refused with INVALID_ARGUMENT "Invalid schedule spec: ...".
 */
export function canonicalSpec(spec: Spec | null | undefined): temporal.api.schedule.v1.IScheduleSpec {
  const input = spec ?? {};
  const structuredCalendar = [...(input.structuredCalendar ?? [])];
  const interval = [...(input.interval ?? [])];
  let timezoneName = input.timezoneName ?? '';
  for (const cron of input.cronString ?? []) {
    const parsed = parseCronString(cron);
    if (parsed.calendar) structuredCalendar.push(parsed.calendar);
    if (parsed.interval) interval.push(parsed.interval);
    if (parsed.timezone) {
      if (timezoneName && timezoneName !== parsed.timezone) throw specError('conflicting time zones in cron strings');
      timezoneName = parsed.timezone;
    }
  }
  if (timezoneName && !DateTime.now().setZone(timezoneName).isValid) {
    throw specError(`unknown time zone '${timezoneName}'`);
  }
  for (const iv of interval) {
    const every = durationMs(iv.interval);
    if (every < 1000) throw specError('interval must be at least one second');
    if (durationMs(iv.phase) < 0) throw specError('interval phase must not be negative');
  }
  if (durationMs(input.jitter) < 0) throw specError('jitter must not be negative');
  for (const calendar of [...structuredCalendar, ...(input.excludeStructuredCalendar ?? [])])
    validateCalendar(calendar);
  return {
    structuredCalendar,
    interval,
    excludeStructuredCalendar: input.excludeStructuredCalendar ?? [],
    startTime: input.startTime ?? null,
    endTime: input.endTime ?? null,
    jitter: input.jitter ?? null,
    timezoneName,
  };
}

function validateCalendar(calendar: StructuredCalendar): void {
  const check = (ranges: Range[] | null | undefined, field: string, min: number, max: number) => {
    for (const range of ranges ?? []) {
      const start = range.start ?? 0;
      const end = Math.max(range.end ?? 0, start);
      if (start < min || end > max) throw specError(`${field} out of range: ${start}-${end}`);
    }
  };
  check(calendar.second, 'second', 0, 59);
  check(calendar.minute, 'minute', 0, 59);
  check(calendar.hour, 'hour', 0, 23);
  check(calendar.dayOfMonth, 'day of month', 1, 31);
  check(calendar.month, 'month', 1, 12);
  check(calendar.dayOfWeek, 'day of week', 0, 7);
  check(calendar.year, 'year', 1970, maxCalendarYear);
}

/** Which values of one field match; `anyWhenEmpty` for day, month, weekday and year, 0 only for h/m/s. */
function matcher(ranges: Range[] | null | undefined, anyWhenEmpty: boolean): (value: number) => boolean {
  if (!ranges || ranges.length === 0) return anyWhenEmpty ? () => true : (value) => value === 0;
  const list = ranges.map((range) => {
    const start = range.start ?? 0;
    return { start, end: Math.max(range.end ?? 0, start), step: Math.max(1, range.step ?? 0) };
  });
  return (value) =>
    list.some((range) => value >= range.start && value <= range.end && (value - range.start) % range.step === 0);
}

interface CompiledCalendar {
  second: (value: number) => boolean;
  minute: (value: number) => boolean;
  hour: (value: number) => boolean;
  dayOfMonth: (value: number) => boolean;
  month: (value: number) => boolean;
  dayOfWeek: (value: number) => boolean;
  year: (value: number) => boolean;
}

function compileCalendar(calendar: StructuredCalendar): CompiledCalendar {
  const weekday = matcher(calendar.dayOfWeek, true);
  return {
    second: matcher(calendar.second, false),
    minute: matcher(calendar.minute, false),
    hour: matcher(calendar.hour, false),
    dayOfMonth: matcher(calendar.dayOfMonth, true),
    month: matcher(calendar.month, true),
    // 7 is Sunday too.
    dayOfWeek: (value) => weekday(value) || (value === 0 && weekday(7)),
    year: matcher(calendar.year, true),
  };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to; value++) out.push(value);
  return out;
}

/**
 * The two instants of a wall time in `zone`: [earlier, later], the same unless a daylight-saving fall-back repeats
 * that hour; null when the wall time does not exist (a spring-forward gap), as the server's calendar skips it.
 */
function wallInstants(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string
): [number, number] | null {
  const base = DateTime.fromObject(wall, { zone });
  if (!base.isValid || base.hour !== wall.hour || base.minute !== wall.minute) return null;
  const same = (other: DateTime) =>
    other.day === wall.day && other.hour === wall.hour && other.minute === wall.minute && other.second === wall.second;
  // A repeated hour is repeated by one hour, as the server's calendar assumes.
  const earlier = base.minus({ hours: 1 });
  if (same(earlier)) return [earlier.toMillis(), base.toMillis()];
  const later = base.plus({ hours: 1 });
  if (same(later)) return [base.toMillis(), later.toMillis()];
  return [base.toMillis(), base.toMillis()];
}

/**
 * The first time strictly after `after` (whole seconds) whose wall-clock fields in `zone` all match the calendar
 * (day of month and day of week both, unlike classic cron); 0 when there is none before `maxCalendarYear`. As the
 * server's calendar (`service/worker/scheduler/calendar.go`) does: a wall time that does not exist (a daylight-saving
 * gap) does not match, and an hour repeated by a fall-back is matched twice, all of its first copy's times before
 * its second copy's.
 */
function calendarNext(calendar: CompiledCalendar, after: number, zone: string): number {
  const start = DateTime.fromMillis(Math.floor(after / 1000) * 1000 + 1000, { zone });
  const lower = [start.year, start.month, start.day, start.hour, start.minute, start.second];
  // The first matching minute and second of an hour at or after a lower bound: [minute, second] or null.
  const firstInHour = (fromMinute: number, fromSecond: number): [number, number] | null => {
    for (const minute of range(fromMinute, 59)) {
      if (!calendar.minute(minute)) continue;
      for (const second of range(minute > fromMinute ? 0 : fromSecond, 59)) {
        if (calendar.second(second)) return [minute, second];
      }
    }
    return null;
  };
  for (let year = start.year; year <= maxCalendarYear; year++) {
    if (!calendar.year(year)) continue;
    const yearFree = year > start.year;
    for (const month of range(yearFree ? 1 : (lower[1] ?? 1), 12)) {
      if (!calendar.month(month)) continue;
      const monthFree = yearFree || month > (lower[1] ?? 1);
      const days = DateTime.fromObject({ year, month }, { zone }).daysInMonth ?? 31;
      for (const day of range(monthFree ? 1 : (lower[2] ?? 1), days)) {
        if (!calendar.dayOfMonth(day)) continue;
        const weekday = DateTime.fromObject({ year, month, day }, { zone }).weekday % 7;
        if (!calendar.dayOfWeek(weekday)) continue;
        const dayFree = monthFree || day > (lower[2] ?? 1);
        for (const hour of range(dayFree ? 0 : (lower[3] ?? 0), 23)) {
          if (!calendar.hour(hour)) continue;
          const hourFree = dayFree || hour > (lower[3] ?? 0);
          const at = (found: [number, number] | null) =>
            found && wallInstants({ year, month, day, hour, minute: found[0], second: found[1] }, zone);
          // Where `start` lies in a repeated hour: its second copy searches only that copy from `start` on.
          const startInstants = hourFree ? null : at([lower[4] ?? 0, lower[5] ?? 0]);
          const inSecondCopy =
            startInstants !== null && startInstants[0] !== startInstants[1] && startInstants[1] === start.toMillis();
          const fromMinute = hourFree ? 0 : (lower[4] ?? 0);
          const fromSecond = hourFree ? 0 : (lower[5] ?? 0);
          const first = at(firstInHour(fromMinute, fromSecond));
          if (first && !inSecondCopy && first[0] > after) return first[0];
          if (first && first[1] > after && (inSecondCopy || first[0] === first[1])) return first[1];
          // The first copy of a repeated hour is spent: its second copy, from the top of the hour.
          const again = at(firstInHour(0, 0));
          if (again && again[0] !== again[1] && again[1] > after) return again[1];
        }
      }
    }
  }
  return 0;
}

/** A spec ready to evaluate; build with `compileSpec(canonicalSpec(...))`. */
export interface CompiledSpec {
  calendars: CompiledCalendar[];
  excludes: CompiledCalendar[];
  intervals: { everySeconds: number; phaseSeconds: number }[];
  zone: string;
  startTime: number;
  endTime: number;
  jitterMs: number;
}

export function compileSpec(spec: Spec): CompiledSpec {
  return {
    calendars: (spec.structuredCalendar ?? []).map(compileCalendar),
    excludes: (spec.excludeStructuredCalendar ?? []).map(compileCalendar),
    intervals: (spec.interval ?? []).map((iv) => ({
      everySeconds: Math.max(1, Math.floor(durationMs(iv.interval) / 1000)),
      phaseSeconds: Math.max(0, Math.floor(durationMs(iv.phase) / 1000)),
    })),
    zone: spec.timezoneName || 'UTC',
    startTime: timestampMs(spec.startTime) ?? 0,
    endTime: timestampMs(spec.endTime) ?? 0,
    jitterMs: durationMs(spec.jitter),
  };
}

/** The earliest calendar or interval time strictly after `after`, in whole seconds; 0 when none. */
function rawNextTime(spec: CompiledSpec, after: number): number {
  let best = Infinity;
  for (const calendar of spec.calendars) {
    const next = calendarNext(calendar, after, spec.zone);
    if (next > 0) best = Math.min(best, next);
  }
  const afterSeconds = Math.floor(after / 1000);
  for (const { everySeconds, phaseSeconds } of spec.intervals) {
    const next = (Math.floor((afterSeconds - phaseSeconds) / everySeconds) + 1) * everySeconds + phaseSeconds;
    best = Math.min(best, next * 1000);
  }
  return best === Infinity ? 0 : best;
}

function excluded(spec: CompiledSpec, time: number): boolean {
  if (spec.excludes.length === 0) return false;
  // An excluded calendar matches `time` when its next time after the second before is `time` itself.
  return spec.excludes.some((calendar) => calendarNext(calendar, time - 1000, spec.zone) === time);
}

/** FNV-1a over the seed and the nominal time: the same schedule and time always get the same jitter. */
function jitterFor(seed: string, nominal: number, maxMs: number): number {
  if (maxMs <= 0) return 0;
  let hash = 0x811c9dc5;
  for (const char of `${seed}\u0000${nominal}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % Math.floor(maxMs);
}

export interface NextTime {
  /** The time the spec names. */
  nominal: number;
  /** The nominal time plus jitter: when the action is taken. */
  next: number;
}

/**
 * The first action time after `after`, as the server computes it: not before the start time (the start time itself
 * can match), not after the end time, not an excluded time; jitter is below the configured maximum and below the gap
 * to the following nominal time. Null when the spec has no more times.
 */
export function nextTime(spec: CompiledSpec, jitterSeed: string, after: number): NextTime | null {
  let from = Math.max(after, spec.startTime ? spec.startTime - 1000 : after);
  let nominal = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    nominal = rawNextTime(spec, from);
    if (nominal === 0 || (spec.endTime && nominal > spec.endTime)) return null;
    if (new Date(nominal).getUTCFullYear() > maxCalendarYear) return null;
    if (!excluded(spec, nominal)) break;
    from = nominal;
  }
  let maxJitter = spec.jitterMs;
  const following = rawNextTime(spec, nominal);
  if (following) maxJitter = Math.min(maxJitter, following - nominal);
  return { nominal, next: nominal + jitterFor(jitterSeed, nominal, maxJitter) };
}

/** `<workflowId>-<nominal time, RFC 3339 in UTC, whole seconds>`, the id the server gives each scheduled run. */
export function scheduledWorkflowId(workflowId: string, nominal: number): string {
  return `${workflowId}-${new Date(Math.floor(nominal / 1000) * 1000).toISOString().replace('.000Z', 'Z')}`;
}
