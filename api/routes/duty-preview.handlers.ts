import type { RouteHandler } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import type pg from 'pg';
import {
  BusinessCalendarSchema,
  nonBusinessReason,
  type BusinessCalendarInput,
  type CalendarContext,
} from '../../workflows/calendar';
import { resolveCalendarContext } from '../../workflows/calendar/holidays';
import { occurrencesAfter } from '../../workflows/duty/recurrence';
import type { AppEnv } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { dutyCalendar, processCalendar } from '../calendar/calendar-of';
import type { AuthUser } from '../lib/app-env';
import { currentUser } from '../lib/auth.middleware';
import { loadVisibleProcess } from '../processes/access';
import { loadCalendar } from '../processes/process-input';
import { assertRunnable, loadDuty } from './duties.handlers';
import type * as routes from './duties.routes';

/** The next occurrences of a schedule on the owner's calendar, and the days off they cross, before saving a duty. */
export const previewDutyHandler: RouteHandler<typeof routes.previewDuty, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { schedule, templateId, owner, count } = c.req.valid('json');
  assertRunnable(schedule);
  let calendarId = '';
  if (templateId !== undefined) {
    const { rows } = await pool.query<{ calendar_id: string | null }>(
      `SELECT definition ->> 'calendarId' AS calendar_id FROM template_versions
        WHERE template_id = $1 ORDER BY version DESC LIMIT 1`,
      [templateId]
    );
    calendarId = rows[0]?.calendar_id ?? '';
  }
  const calendar = BusinessCalendarSchema.parse(await loadCalendar(pool, owner ?? user.id, calendarId));
  const now = new Date();
  const year = now.getUTCFullYear();
  // A yearly duty's twelfth occurrence is twelve years ahead: holidays are resolved that far.
  const ctx = resolveCalendarContext(calendar, year - 1, year + 13);
  const occurrences = occurrencesAfter(schedule, ctx, now, count);
  const today = DateTime.fromJSDate(now, { zone: schedule.timeZone }).toISODate() ?? schedule.startDate;
  const from = [today, schedule.startDate].sort().at(-1) ?? today;
  const last = occurrences.at(-1)?.date ?? from;
  const until = DateTime.fromISO(from).plus({ days: 92 }).toISODate() ?? from;
  const end = [last, until].sort().at(-1) ?? until;
  return c.json({ occurrences, daysOff: daysOffBetween(ctx, from, end), timeZone: schedule.timeZone }, 200);
};

type DayOff = { date: string; reason: 'publicHoliday' | 'companyDayOff'; name?: string };

/** Public holidays and company days off from one ISO date to another, inclusive (weekends left to the calendar). */
function daysOffBetween(ctx: CalendarContext, from: string, to: string): DayOff[] {
  const days: DayOff[] = [];
  for (
    let day = DateTime.fromISO(from);
    (day.toISODate() ?? '') <= to && days.length < 400;
    day = day.plus({ days: 1 })
  ) {
    const reason = nonBusinessReason(ctx, day.toISODate() ?? '');
    if (reason && reason.reason !== 'weekend') {
      days.push({ date: reason.date, reason: reason.reason, ...(reason.name ? { name: reason.name } : {}) });
    }
  }
  return days;
}

/** The days from `from` to `to` (ISO dates), refused with a 422 unless in order and at most a year apart. */
function dayRange(from: string, to: string): { start: DateTime; end: DateTime } {
  const start = DateTime.fromISO(from);
  const end = DateTime.fromISO(to);
  if (end < start || end.diff(start, 'days').days > 366)
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'to', message: 'must be on or after from, and at most a year after it' }],
    });
  return { start, end };
}

/** Days off on a process's or a duty's calendar, else on the caller's team calendar. */
export const listDaysOffHandler: RouteHandler<typeof routes.listDaysOff, AppEnv> = async (c) => {
  const { from, to, language, process, duty } = c.req.valid('query');
  const { start, end } = dayRange(from, to);
  const calendar = BusinessCalendarSchema.parse(await calendarAsked(c.get('pool'), currentUser(c), { process, duty }));
  const ctx = resolveCalendarContext(calendar, start.year - 1, end.year + 1, language ? { language } : {});
  return c.json(daysOffBetween(ctx, from, to), 200);
};

/** A calendar's non-working days from `start` to `end` with their reasons, holiday names in `language`. */
function nonWorkingDaysOf(calendarInput: BusinessCalendarInput, start: DateTime, end: DateTime, language?: string) {
  const calendar = BusinessCalendarSchema.parse(calendarInput);
  const ctx = resolveCalendarContext(calendar, start.year - 1, end.year + 1, language ? { language } : {});
  const days: { date: string; reason: 'weekend' | 'publicHoliday' | 'companyDayOff'; name?: string }[] = [];
  for (let day = start; day <= end; day = day.plus({ days: 1 })) {
    const reason = nonBusinessReason(ctx, day.toISODate() ?? '');
    if (reason) days.push({ date: reason.date, reason: reason.reason, ...(reason.name ? { name: reason.name } : {}) });
  }
  return { calendarId: calendar.id, calendarName: calendar.name, timeZone: calendar.timeZone, days };
}

/** Every non-working day of the caller's team calendar with its reason, for marking dates anywhere in the web app. */
export const listNonWorkingDaysHandler: RouteHandler<typeof routes.listNonWorkingDays, AppEnv> = async (c) => {
  const { from, to, language, process, duty } = c.req.valid('query');
  const { start, end } = dayRange(from, to);
  const calendar = await calendarAsked(c.get('pool'), currentUser(c), { process, duty });
  return c.json(nonWorkingDaysOf(calendar, start, end, language), 200);
};

const MAX_PROCESSES = 100;

/** The calendars of several processes at once, each computed once, with the processes on it. */
export const listNonWorkingDaysByProcessHandler: RouteHandler<
  typeof routes.listNonWorkingDaysByProcess,
  AppEnv
> = async (c) => {
  const { from, to, language, processes } = c.req.valid('query');
  const { start, end } = dayRange(from, to);
  const ids = [...new Set(processes.split(',').map((id) => id.trim()))].filter((id) => id !== '');
  if (ids.length === 0 || ids.length > MAX_PROCESSES)
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'processes', message: `name between 1 and ${MAX_PROCESSES} processes` }],
    });
  const pool = c.get('pool');
  const user = currentUser(c);
  // The same calendar (most processes of a team share one) is computed once.
  const byCalendar = new Map<string, { calendar: BusinessCalendarInput; processes: string[] }>();
  for (const id of ids) {
    await loadVisibleProcess(pool, user, id);
    const calendar = await processCalendar(pool, id);
    const key = JSON.stringify(calendar);
    const entry = byCalendar.get(key);
    if (entry) entry.processes.push(id);
    else byCalendar.set(key, { calendar, processes: [id] });
  }
  const calendars = [...byCalendar.values()].map(({ calendar, processes: on }) => ({
    ...nonWorkingDaysOf(calendar, start, end, language),
    processes: on,
  }));
  return c.json({ calendars }, 200);
};

/**
 * The calendar whose days off mark a date: the one a process's or a duty's dates were computed on (so a reader on
 * another calendar sees the days off that moved them), else the caller's own team calendar.
 */
async function calendarAsked(
  pool: pg.Pool,
  user: AuthUser,
  asked: { process?: string | undefined; duty?: string | undefined }
): Promise<BusinessCalendarInput> {
  if (asked.process !== undefined && asked.duty !== undefined)
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'duty', message: 'name a process or a duty, not both' }],
    });
  if (asked.process !== undefined) {
    await loadVisibleProcess(pool, user, asked.process);
    return processCalendar(pool, asked.process);
  }
  if (asked.duty !== undefined) {
    await loadDuty(pool, user, asked.duty);
    return dutyCalendar(pool, asked.duty);
  }
  return loadCalendar(pool, user.id, '');
}
