import { useQuery } from '@tanstack/react-query';
import { BusinessCalendarSchema, type BusinessCalendar, type CalendarContext } from '../../../workflows/calendar';
import { api, ok } from '../api/api';
import { exampleCalendar } from '../properties/deadline-builder.model';
import { useSession } from '../session/session';

/**
 * The calendar a process the reader starts from this template would run on, as the API picks it: the reader's team
 * calendar, else a team calendar with the template's calendar id; the example calendar only when no team has one.
 */
export function pickTemplateCalendar(
  teams: readonly { id: string; calendar: unknown }[],
  myTeam: string | null | undefined,
  calendarId: string
): BusinessCalendar | undefined {
  const parsed = (calendar: unknown) => {
    const result = BusinessCalendarSchema.safeParse(calendar);
    return result.success ? result.data : undefined;
  };
  const own = teams.find((team) => team.id === myTeam && team.calendar !== null);
  if (own) return parsed(own.calendar);
  const named = teams.find(
    (team) => calendarId !== '' && (team.calendar as { id?: unknown } | null)?.id === calendarId
  );
  return named ? parsed(named.calendar) : undefined;
}

/** The template's calendar with public holidays resolved around a date, for the timeline's dates and their marks. */
export function useTemplateCalendar(calendarId: string, around: Date, enabled: boolean): CalendarContext | undefined {
  const me = useSession().data;
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => ok(api.api.teams.$get()), staleTime: 60_000, enabled });
  const calendar = teams.data ? pickTemplateCalendar(teams.data, me?.teamId, calendarId) : undefined;
  const year = around.getUTCFullYear();
  return useQuery({
    queryKey: ['template-calendar', calendar ?? calendarId, year],
    queryFn: async () => {
      if (!calendar) return exampleCalendar(calendarId, around);
      // Holiday data (megabytes) loads on first use, not with the app.
      const { resolveCalendarContext } = await import('../../../workflows/calendar/holidays');
      return resolveCalendarContext(calendar, year - 1, year + 2);
    },
    enabled: enabled && teams.data !== undefined && me !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  }).data;
}
