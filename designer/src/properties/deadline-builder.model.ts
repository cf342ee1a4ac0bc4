import { computeDue, type DeadlineAnchors, type DeadlineSpec, type DueDate } from '../../../workflows/deadline';
import { BusinessCalendarSchema, type CalendarContext } from '../../../workflows/calendar';

import { deadlineProblem, type DeadlineProblem } from '../../../workflows/deadline/deadline-problem';
export { readDeadline, type DeadlineValue, type ReadDeadline } from '../../../workflows/deadline/timeline';

// Calendars are not served by the API yet; the template's calendar id names the country (pl-warsaw -> PL).
const COUNTRY_ZONES: Record<string, string> = {
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  CS: 'Europe/Prague',
  RU: 'Europe/Moscow',
  DE: 'Europe/Berlin',
  GB: 'Europe/London',
  US: 'America/New_York',
};

const contexts = new Map<string, Promise<CalendarContext>>();

/**
 * The business calendar a calendar id stands for, with public holidays resolved around the given year.
 * Holiday data (date-holidays, megabytes for every country) loads on first use, not with the app.
 */
export function exampleCalendar(calendarId: string, around: Date): Promise<CalendarContext> {
  const prefix = calendarId.slice(0, 2).toUpperCase();
  const country = prefix === 'CS' ? 'CZ' : prefix in COUNTRY_ZONES ? prefix : 'PL';
  const year = around.getUTCFullYear();
  const key = `${country}:${year}`;
  const cached = contexts.get(key);
  if (cached) return cached;
  const calendar = BusinessCalendarSchema.parse({
    id: calendarId || 'example',
    name: calendarId || 'example',
    timeZone: COUNTRY_ZONES[country] ?? 'Europe/Warsaw',
    country,
  });
  // The calendar barrel leaves holiday lookup out (workflow code must not run it); the designer may, as documented.
  const context = import('../../../workflows/calendar/holidays').then(({ resolveCalendarContext }) =>
    resolveCalendarContext(calendar, year - 1, year + 2)
  );
  contexts.set(key, context);
  return context;
}

export interface ExampleAnchors {
  start: Date;
  /** The value used for any date parameter, e.g. the event date. */
  parameterDate: string;
  /** When a step the deadline is anchored on is assumed done. */
  nodeDone: Date;
}

/** The due date the same engine the workflows use computes for example anchor values, with its explanation. */
export function exampleDue(
  spec: DeadlineSpec,
  example: ExampleAnchors,
  ctx: CalendarContext
): { ok: true; due: DueDate } | { ok: false; error: string; problem: DeadlineProblem } {
  const anchors: DeadlineAnchors = {
    start: example.start,
    occurrence: example.start,
    parameters: spec.anchor.kind === 'parameter' ? { [spec.anchor.name]: example.parameterDate } : {},
    nodes: spec.anchor.kind === 'node' ? { [spec.anchor.nodeId]: example.nodeDone } : {},
  };
  try {
    // As a new process computes it: outside working time moves to the next working time unless `any day`.
    return { ok: true, due: computeDue(spec, anchors, ctx, { workingTime: true, countFromWorkingTime: true }) };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      problem: deadlineProblem(error),
    };
  }
}

/** The example calendar through TanStack Query, so it loads once and components wait for it together. */
export function exampleCalendarQuery(calendarId: string, around: Date) {
  return {
    queryKey: ['example-calendar', calendarId, around.getUTCFullYear()],
    queryFn: () => exampleCalendar(calendarId, around),
    staleTime: Number.POSITIVE_INFINITY,
  };
}
