import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import type { NonBusinessDay } from '../../../workflows/calendar/business-time';
import { api, ok } from '../api/api';

interface NonWorkingDays {
  readonly timeZone: string;
  readonly days: ReadonlyMap<string, NonBusinessDay>;
}

/**
 * The non-working days of the reader's team calendar from two months back to ten months ahead (the server's one-year
 * limit), holiday names in the reader's language; one request shared by every date on the page.
 */
export function useNonWorkingDays(): NonWorkingDays | undefined {
  const { i18n } = useTranslation();
  const language = i18n.language.slice(0, 2);
  const today = DateTime.now().startOf('day');
  const from = today.minus({ months: 2 }).toISODate() ?? '';
  const to = today.plus({ months: 10 }).toISODate() ?? '';
  const query = useQuery({
    queryKey: ['non-working-days', from, to, language],
    queryFn: async () => {
      const body = await ok(api.api.duties['non-working-days'].$get({ query: { from, to, language } }));
      return { timeZone: body.timeZone, days: new Map(body.days.map((day) => [day.date, day])) };
    },
    staleTime: 10 * 60_000,
  });
  return query.data;
}

/** Why a day is not a working day, in the reader's language: the holiday's name, the weekend, a company day off. */
export function useNonWorkingReason(): (day: NonBusinessDay) => string {
  const { t } = useTranslation();
  return (day) =>
    day.reason === 'publicHoliday'
      ? t('nonWorking.holiday', { name: day.name ?? t('admin.holiday') })
      : day.reason === 'weekend'
        ? t('nonWorking.weekend', { day: t(`weekdays.${DateTime.fromISO(day.date).weekday}`) })
        : t('nonWorking.companyDayOff');
}

/**
 * A small mark beside a date that falls on a non-working day of the reader's calendar, saying why; nothing on a
 * working day or while the calendar loads.
 */
export function NonWorkingDayMark({ at, days }: { at: string | Date; days?: NonWorkingDays | undefined }) {
  const fetched = useNonWorkingDays();
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
      styles={{ root: { height: 'auto', maxWidth: '100%' }, label: { whiteSpace: 'normal' } }}
      data-testid="non-working-day"
    >
      {reasonOf(day)}
    </Badge>
  );
}
