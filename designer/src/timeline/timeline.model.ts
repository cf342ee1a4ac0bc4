import { localDate, nonBusinessReason, type CalendarContext, type NonBusinessDay } from '../../../workflows/calendar';

// The rows come from the pure timeline in workflows/deadline, which the API's preview route serves too.
export {
  computeTimeline,
  type TimelineInput,
  type TimelineRow,
  type TimelineWarning,
} from '../../../workflows/deadline/timeline';

export interface TimelineDay {
  date: string;
  nonBusiness?: NonBusinessDay;
}

/** The calendar days a timeline spans, each marked when it is a weekend, holiday or company day off. */
export function timelineDays(ctx: CalendarContext, from: Date, to: Date): TimelineDay[] {
  const days: TimelineDay[] = [];
  const last = localDate(ctx, to);
  let date = localDate(ctx, from);
  for (let guard = 0; guard < 2000 && date <= last; guard++) {
    const nonBusiness = nonBusinessReason(ctx, date);
    days.push(nonBusiness ? { date, nonBusiness } : { date });
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    date = next.toISOString().slice(0, 10);
  }
  return days;
}

export interface MonthSpan {
  /** "December 2026" in the reader's language. */
  label: string;
  /** Index of its first day in the day list, and how many of the days fall in it. */
  first: number;
  count: number;
}

/** The months a run of days covers, for the header above the day numbers. */
export function monthSpans(days: readonly TimelineDay[], locale: string): MonthSpan[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const spans: MonthSpan[] = [];
  days.forEach((day, index) => {
    const month = day.date.slice(0, 7);
    const last = spans.at(-1);
    if (last && days[last.first]?.date.slice(0, 7) === month) last.count++;
    else spans.push({ label: format.format(new Date(`${month}-15T12:00:00Z`)), first: index, count: 1 });
  });
  return spans;
}

/** Pixels per day so the whole span fits the width given; never so thin a bar disappears. */
export function dayWidthFor(available: number, days: number): number {
  if (days <= 0) return 24;
  return Math.max(3, Math.min(32, Math.floor(available / days)));
}
