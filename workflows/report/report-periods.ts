import { DateTime } from 'luxon';
import type { ReportPeriod, ScheduledReport } from './report.messages';

const LABEL = { daily: 'yyyy-MM-dd', weekly: "kkkk-'W'WW", monthly: 'yyyy-MM' } as const;
const UNIT = { daily: 'day', weekly: 'week', monthly: 'month' } as const;

/**
 * The next report of a period generated strictly after `after`: it covers the whole previous day, ISO week
 * (Monday to Sunday) or month in `timeZone`, and is due at `timeOfDay` on the first day after it.
 */
export function nextReport(period: ReportPeriod, after: Date, timeZone: string, timeOfDay: string): ScheduledReport {
  const [hour = 0, minute = 0] = timeOfDay.split(':').map(Number);
  const unit = UNIT[period];
  let periodStart = DateTime.fromJSDate(after, { zone: timeZone })
    .startOf(unit)
    .minus({ [unit]: 1 });
  for (;;) {
    const periodEnd = periodStart.plus({ [unit]: 1 });
    const at = periodEnd.set({ hour, minute });
    if (at.toMillis() > after.getTime()) {
      return {
        period,
        periodStart: periodStart.toUTC().toISO() ?? '',
        periodEnd: periodEnd.toUTC().toISO() ?? '',
        label: periodStart.toFormat(LABEL[period]),
        at: at.toUTC().toISO() ?? '',
      };
    }
    periodStart = periodEnd;
  }
}
