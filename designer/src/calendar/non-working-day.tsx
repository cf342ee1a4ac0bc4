import { Badge } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
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
export function useNonWorkingDays(of: CalendarOf = {}, enabled = true): NonWorkingDays | undefined {
  const { language, from, to } = useSpan();
  return useQuery({ ...nonWorkingDaysQuery(of, from, to, language), enabled }).data;
}

/** The reader's language and the year of dates marked: two months back to ten months ahead. */
function useSpan(): { language: string; from: string; to: string } {
  const { i18n } = useTranslation();
  const today = DateTime.now().startOf('day');
  return {
    language: i18n.language.slice(0, 2),
    from: today.minus({ months: 2 }).toISODate() ?? '',
    to: today.plus({ months: 10 }).toISODate() ?? '',
  };
}

/** The server's limit of processes in one request. */
const BATCH = 100;

/** Per process, the calendar its dates are computed on, while a list's request is on its way (undefined then). */
const ProcessCalendars = createContext<{ readonly byProcess: ReadonlyMap<string, NonWorkingDays> | undefined } | null>(
  null
);

/**
 * Marks in a list of many processes' dates (the inbox, the team's steps) read their calendars from one request per
 * hundred processes, each calendar once, instead of one request per process.
 */
export function ProcessCalendarsProvider({
  processes,
  children,
}: {
  processes: readonly string[];
  children: ReactNode;
}) {
  const { language, from, to } = useSpan();
  const key = [...new Set(processes)].sort().join(',');
  const query = useQuery({
    queryKey: ['non-working-days-by-process', key, from, to, language],
    queryFn: async (): Promise<ReadonlyMap<string, NonWorkingDays>> => {
      const ids = key.split(',');
      const byProcess = new Map<string, NonWorkingDays>();
      for (let index = 0; index < ids.length; index += BATCH) {
        const query = { from, to, language, processes: ids.slice(index, index + BATCH).join(',') };
        const body = await ok(api.api.duties['non-working-days']['by-process'].$get({ query }));
        for (const calendar of body.calendars) {
          const days: NonWorkingDays = {
            calendarId: calendar.calendarId,
            calendarName: calendar.calendarName,
            timeZone: calendar.timeZone,
            days: new Map(calendar.days.map((day) => [day.date, day])),
          };
          for (const process of calendar.processes) byProcess.set(process, days);
        }
      }
      return byProcess;
    },
    enabled: key !== '',
    staleTime: 10 * 60_000,
    // A list that gains or loses a step keeps its marks while the new set is read.
    placeholderData: keepPreviousData,
  });
  const value = useMemo(() => ({ byProcess: query.data }), [query.data]);
  return <ProcessCalendars.Provider value={value}>{children}</ProcessCalendars.Provider>;
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
  // Inside a list that read its processes' calendars at once, the mark asks nothing of its own.
  const listed = useContext(ProcessCalendars);
  const fromList = process !== undefined && days === undefined && listed !== null;
  const fetched = useNonWorkingDays(process ? { process } : duty ? { duty } : {}, days === undefined && !fromList);
  const calendar = days ?? (fromList ? listed.byProcess?.get(process) : fetched);
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
