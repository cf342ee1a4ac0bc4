import { BusinessCalendarSchema, type BusinessCalendarInput, type CalendarContext } from './business-calendar';
import { resolveCalendarContext } from './holidays';

/** Test calendars with their holidays resolved once, the way an activity would hand them to a workflow. */
export function calendarContext(
  input: Partial<BusinessCalendarInput> & Pick<BusinessCalendarInput, 'country'>
): CalendarContext {
  const calendar = BusinessCalendarSchema.parse({
    id: `test-${input.country}`,
    name: `Test calendar ${input.country}`,
    timeZone: 'Europe/Warsaw',
    ...input,
  });
  return resolveCalendarContext(calendar, 2025, 2028);
}

/** Warsaw office: Polish holidays, 09:00-17:00, New Year's Eve 2026 off. */
export const warsaw = calendarContext({ country: 'PL', companyDaysOff: ['2026-12-31'] });
