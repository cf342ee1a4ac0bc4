import type { BusinessCalendar } from './business-calendar';

/**
 * Days off read from an iCalendar (.ics) file: each VEVENT's dates from DTSTART to DTEND (exclusive, as RFC 5545
 * says for all-day events), named by SUMMARY. Only what a holiday or days-off feed needs; events it cannot place on
 * days (a repeating rule, no start) are listed as skipped, never guessed.
 */
export interface IcsDay {
  readonly date: string;
  readonly summary: string;
}

export interface IcsSkipped {
  readonly summary: string;
  readonly reason: 'recurring' | 'noStart' | 'tooLong';
}

export interface IcsDays {
  readonly days: readonly IcsDay[];
  readonly skipped: readonly IcsSkipped[];
}

/** The most days one event may cover: a longer one is more likely a mistake than a year of days off. */
export const MAX_EVENT_DAYS = 366;

export class IcsFormatError extends Error {
  override readonly name = 'IcsFormatError';
}

export function parseIcsDays(text: string): IcsDays {
  // Lines are folded by a line break followed by one space or tab (RFC 5545 3.1).
  const lines = text
    .replace(/\r\n|\r/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  if (!lines.some((line) => line.trim().toUpperCase() === 'BEGIN:VCALENDAR')) {
    throw new IcsFormatError('this is not an iCalendar file: it has no BEGIN:VCALENDAR');
  }
  const days = new Map<string, IcsDay>();
  const skipped: IcsSkipped[] = [];
  let event: Map<string, { params: string; value: string }> | undefined;
  for (const line of lines) {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      event = new Map();
      continue;
    }
    if (upper === 'END:VEVENT') {
      if (event) readEvent(event, days, skipped);
      event = undefined;
      continue;
    }
    if (!event) continue;
    const colon = contentColon(line);
    if (colon < 0) continue;
    const head = line.slice(0, colon);
    const semicolon = head.indexOf(';');
    const name = (semicolon < 0 ? head : head.slice(0, semicolon)).toUpperCase();
    event.set(name, { params: semicolon < 0 ? '' : head.slice(semicolon + 1), value: line.slice(colon + 1) });
  }
  return { days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)), skipped };
}

/** The colon that ends a property's name and parameters: one inside a quoted parameter value does not count. */
function contentColon(line: string): number {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return index;
  }
  return -1;
}

function readEvent(
  event: Map<string, { params: string; value: string }>,
  days: Map<string, IcsDay>,
  skipped: IcsSkipped[]
): void {
  const summary = unescapeText(event.get('SUMMARY')?.value ?? '').trim();
  if (event.has('RRULE') || event.has('RDATE')) {
    skipped.push({ summary, reason: 'recurring' });
    return;
  }
  const start = dateOf(event.get('DTSTART')?.value);
  if (!start) {
    skipped.push({ summary, reason: 'noStart' });
    return;
  }
  const endValue = event.get('DTEND')?.value;
  const allDayEnd = endValue !== undefined && /^\d{8}$/.test(endValue.trim());
  const end = dateOf(endValue);
  // An all-day DTEND is the day after the last one; a timed event ends on the day its DTEND names.
  let last = start;
  if (end && end > start) last = allDayEnd ? shift(end, -1) : end;
  const count = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  if (count > MAX_EVENT_DAYS) {
    skipped.push({ summary, reason: 'tooLong' });
    return;
  }
  for (let date = start; date <= last; date = shift(date, 1)) {
    if (!days.has(date)) days.set(date, { date, summary });
  }
}

/** YYYYMMDD or YYYYMMDDTHHMMSS[Z] to an ISO date (the date as written, as a day-off feed means it). */
function dateOf(value: string | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T\d{4,6}Z?)?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function shift(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? ' ' : char));
}

export interface IcsImportPreview {
  /** Days the import adds to the company days off, with the event's name. */
  readonly added: readonly IcsDay[];
  /** Days already off in the calendar's own list. */
  readonly alreadyOff: readonly IcsDay[];
  /** The calendar as it would be saved: every setting kept, the new days added in order. */
  readonly calendar: BusinessCalendar;
}

/** What importing the days would change in a calendar, before anything is saved. */
export function previewIcsImport(calendar: BusinessCalendar, imported: IcsDays): IcsImportPreview {
  const existing = new Set(calendar.companyDaysOff);
  const added = imported.days.filter((day) => !existing.has(day.date));
  const alreadyOff = imported.days.filter((day) => existing.has(day.date));
  // Each day keeps its event's name as its reason; a day already off keeps a name it already had.
  const names: Record<string, string> = { ...calendar.companyDayNames };
  for (const day of imported.days)
    if (day.summary !== '' && names[day.date] === undefined) names[day.date] = day.summary;
  return {
    added,
    alreadyOff,
    calendar: {
      ...calendar,
      companyDaysOff: [...calendar.companyDaysOff, ...added.map((day) => day.date)].sort(),
      ...(Object.keys(names).length > 0 ? { companyDayNames: names } : {}),
    },
  };
}
