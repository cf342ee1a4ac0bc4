import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NonBusinessDay } from '../../../workflows/calendar/business-time';
import { nonWorkingDaysQuery, useNonWorkingReason, type NonWorkingDays } from '../calendar/non-working-day';

export interface DutyDaysOff {
  /** Every calendar's non-working days on a date, each named with its reason (and its calendar when several show). */
  on(date: string): { calendar: NonWorkingDays; day: NonBusinessDay; text: string }[];
  /** Why a duty's occurrence moved from or skipped a date, on that duty's own calendar. */
  why(duty: string, date: string): string | undefined;
}

/**
 * The non-working days (weekends, holidays, company days off) of the calendars the shown duties run on, from `from`
 * to `to`: each duty's is its owner's team calendar, so two duties may differ; with no duty, the reader's own.
 */
export function useDutyDaysOff(duties: readonly string[], from: string, to: string): DutyDaysOff {
  const { t, i18n } = useTranslation();
  const reasonOf = useNonWorkingReason();
  const language = i18n.language.slice(0, 2);
  const asked = duties.length > 0 ? duties.map((duty) => ({ duty })) : [{}];
  const results = useQueries({ queries: asked.map((of) => nonWorkingDaysQuery(of, from, to, language)) });
  const byDuty = new Map<string, NonWorkingDays>();
  const calendars = new Map<string, NonWorkingDays>();
  results.forEach((result, index) => {
    if (!result.data) return;
    const duty = duties[index];
    if (duty !== undefined) byDuty.set(duty, result.data);
    calendars.set(result.data.calendarId, result.data);
  });
  const several = calendars.size > 1;
  return {
    on: (date) =>
      [...calendars.values()].flatMap((calendar) => {
        const day = calendar.days.get(date);
        if (!day) return [];
        const reason = reasonOf(day);
        return [
          {
            calendar,
            day,
            text: several ? t('nonWorking.onCalendar', { calendar: calendar.calendarName, reason }) : reason,
          },
        ];
      }),
    why: (duty, date) => {
      const day = byDuty.get(duty)?.days.get(date);
      return day ? reasonOf(day) : undefined;
    },
  };
}
