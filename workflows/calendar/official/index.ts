import type { OfficialCalendar } from './official-calendar';
import { RU_CALENDAR } from './ru.calendar';

export * from './official-calendar';

/** Official calendars by ISO 3166-1 country code; a country not listed follows date-holidays alone. */
export const OFFICIAL_CALENDARS: Readonly<Record<string, OfficialCalendar>> = { RU: RU_CALENDAR };
