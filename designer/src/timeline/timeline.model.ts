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
