import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import type { NonBusinessDay } from '../../../workflows/calendar/business-time';
import { api, ok } from '../api/api';

export interface NonWorkingDays {
  readonly calendarId: string;
  readonly calendarName: string;
  readonly timeZone: string;
  readonly days: ReadonlyMap<string, NonBusinessDay>;
}

/** Whose calendar marks a date: a process's or a duty's (the one its dates were computed on), else the reader's. */
export type CalendarOf = { readonly process: string } | { readonly duty: string } | Record<string, never>;

/** The non-working days of a calendar from `from` to `to` (ISO dates, at most a year), names in the reader's language. */
export function nonWorkingDaysQuery(of: CalendarOf, from: string, to: string, language: string) {
  return {
    queryKey: ['non-working-days', of, from, to, language],
    queryFn: async (): Promise<NonWorkingDays> => {
      const body = await ok(api.api.duties['non-working-days'].$get({ query: { from, to, language, ...of } }));
      return {
        calendarId: body.calendarId,
        calendarName: body.calendarName,
        timeZone: body.timeZone,
        days: new Map(body.days.map((day) => [day.date, day])),
      };
    },
    staleTime: 10 * 60_000,
  };
}

/**
 * The non-working days from two months back to ten months ahead (the server's one-year limit) of the calendar a
 * process's or duty's dates were computed on, else of the reader's team calendar; one request per calendar asked.
 */
export function useNonWorkingDays(of: CalendarOf = {}): NonWorkingDays | undefined {
  const { i18n } = useTranslation();
  const language = i18n.language.slice(0, 2);
  const today = DateTime.now().startOf('day');
  const from = today.minus({ months: 2 }).toISODate() ?? '';
  const to = today.plus({ months: 10 }).toISODate() ?? '';
  return useQuery(nonWorkingDaysQuery(of, from, to, language)).data;
}

/** Why a day is not a working day, in the reader's language: the holiday's name, the weekend, a company day off. */
export function useNonWorkingReason(): (day: NonBusinessDay) => string {
  const { t } = useTranslation();
  return (day) =>
    day.reason === 'publicHoliday'
      ? t('nonWorking.holiday', { name: day.name ?? t('admin.holiday') })
      : day.reason === 'weekend'
        ? t('nonWorking.weekend', { day: t(`weekdays.${DateTime.fromISO(day.date).weekday}`) })
        : day.name
          ? t('nonWorking.companyDayOffNamed', { name: day.name })
          : t('nonWorking.companyDayOff');
}

/**
 * A small mark beside a date that falls on a non-working day, saying why: on the calendar of the process (or duty) the
 * date belongs to when given, so a reader on another team's calendar sees the days off that moved it; nothing on a
 * working day or while the calendar loads. The calendar's name shows on hover.
 */
export function NonWorkingDayMark({
  at,
  days,
  process,
  duty,
}: {
  at: string | Date;
  days?: NonWorkingDays | undefined;
  process?: string | undefined;
  duty?: string | undefined;
}) {
  const fetched = useNonWorkingDays(process ? { process } : duty ? { duty } : {});
  const calendar = days ?? fetched;
  const reasonOf = useNonWorkingReason();
  if (!calendar) return null;
  const date = DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone: calendar.timeZone }).toISODate();
  const day = date ? calendar.days.get(date) : undefined;
  if (!day) return null;
  return (
    <Badge
      size="xs"
      color="orange"
      variant="light"
      tt="none"
      title={calendar.calendarName}
      styles={{ root: { height: 'auto', maxWidth: '100%' }, label: { whiteSpace: 'normal' } }}
      data-testid="non-working-day"
      data-calendar={calendar.calendarId}
    >
      {reasonOf(day)}
    </Badge>
  );
}
