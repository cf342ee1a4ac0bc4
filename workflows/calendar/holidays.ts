import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { BusinessCalendar, CalendarContext, ResolvedHolidays } from './business-calendar';
import { holidayName } from './official/holiday-names';
import { officialDays } from './official/official-days';

/**
 * Looks public holidays up in date-holidays. Kept apart from the arithmetic: a running workflow gets this
 * data through an activity result, never by calling the library, so a library upgrade cannot change a replay.
 */

export class UnsupportedHolidayRegionError extends Error {
  override readonly name = 'UnsupportedHolidayRegionError';

  constructor(
    readonly country: string,
    readonly region: string | undefined
  ) {
    super(
      region === undefined
        ? `date-holidays has no public holidays for country "${country}"; use an ISO 3166-1 alpha-2 code such as PL, CZ, RU, DE, GB or US`
        : `date-holidays has no region "${region}" in country "${country}"; known regions: ${Object.keys(
            new Holidays().getStates(country) ?? {}
          ).join(', ')}`
    );
  }
}

export interface ResolveHolidaysOptions {
  /** ISO 639-1 language of the names; the country's own language when omitted (e.g. Polish for PL). */
  readonly language?: string;
}

/**
 * How many years of holidays are kept once looked up, all calendars together. date-holidays computes a year in tens of
 * milliseconds (moment under the hood), and every process start and due-date preview asks for about fifteen years:
 * without this a burst of process starts spends most of its time here. The data never changes while Baton runs.
 */
const HOLIDAY_YEARS_KEPT = 2_000;
/** How many date-holidays instances (one per country, region and language) are kept. */
const CALENDARS_KEPT = 100;
const holidayYears = new Map<string, readonly (readonly [date: string, name: string])[]>();
const calendars = new Map<string, Holidays>();

/** Keeps a value under its key, the oldest going first once the map holds `limit` of them; returns the value. */
function keep<T>(map: Map<string, T>, limit: number, key: string, value: T): T {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

/** date-holidays for a country (and region) in a language, checked and made once, then kept. */
function calendarOf(country: string, region: string | undefined, language: string | undefined): Holidays {
  const key = JSON.stringify([country, region ?? null, language ?? null]);
  const kept = calendars.get(key);
  if (kept) return kept;
  if (!(country in new Holidays().getCountries())) throw new UnsupportedHolidayRegionError(country, undefined);
  if (region !== undefined && !(region in (new Holidays().getStates(country) ?? {}))) {
    throw new UnsupportedHolidayRegionError(country, region);
  }
  const options = language === undefined ? {} : { languages: [language] };
  return keep(
    calendars,
    CALENDARS_KEPT,
    key,
    region === undefined ? new Holidays(country, options) : new Holidays(country, region, options)
  );
}

/** The whole days off of one year, in date-holidays' order, each with its name: looked up once, then kept. */
function holidayDaysOf(
  country: string,
  region: string | undefined,
  language: string | undefined,
  year: number
): readonly (readonly [string, string])[] {
  const key = JSON.stringify([country, region ?? null, language ?? null, year]);
  const kept = holidayYears.get(key);
  if (kept) return kept;
  const days: [string, string][] = [];
  for (const holiday of calendarOf(country, region, language).getHolidays(year)) {
    // Only whole days off count; a holiday starting in the afternoon is not a day off.
    if (holiday.type !== 'public' || !holiday.date.endsWith(' 00:00:00')) continue;
    const first = DateTime.fromISO(holiday.date.slice(0, 10), { zone: 'utc' });
    const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    const name = holidayName(country, holiday.rule, language) ?? holiday.name;
    for (let offset = 0; offset < length; offset++) {
      const date = first.plus({ days: offset }).toISODate();
      if (date !== null) days.push([date, name]);
    }
  }
  return keep(holidayYears, HOLIDAY_YEARS_KEPT, key, days);
}

/**
 * Public holidays ('public' type only, substitute days included) for the inclusive year range, with the days
 * off an official calendar adds (Russian transfers, see ./official) on top.
 */
export function resolvePublicHolidays(
  calendar: Pick<BusinessCalendar, 'country' | 'region'>,
  fromYear: number,
  toYear: number,
  options: ResolveHolidaysOptions = {}
): ResolvedHolidays {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(
      `invalid year range ${fromYear}..${toYear}: give two whole years, the first not after the second`
    );
  }
  const { country, region } = calendar;
  const resolved: ResolvedHolidays = {};
  for (let year = fromYear; year <= toYear; year++) {
    for (const [date, name] of holidayDaysOf(country, region, options.language, year)) {
      // Two holidays on one day (it happens) keep both names.
      const existing = resolved[date];
      resolved[date] = existing === undefined || existing === name ? name : `${existing}; ${name}`;
    }
  }
  // The official calendar has the last word on the days it names.
  Object.assign(resolved, officialDays(country, fromYear, toYear, options.language).daysOff);
  return resolved;
}

/** A calendar with its public holidays for the inclusive year range, ready for the arithmetic. */
export function resolveCalendarContext(
  calendar: BusinessCalendar,
  fromYear: number,
  toYear: number,
  options: ResolveHolidaysOptions = {}
): CalendarContext {
  const official = officialDays(calendar.country, fromYear, toYear, options.language);
  return {
    calendar,
    holidays: resolvePublicHolidays(calendar, fromYear, toYear, options),
    holidayYears: { from: fromYear, to: toYear },
    // Only when there is something: a context without official days stays as it always was.
    ...(Object.keys(official.workingDays).length > 0 ? { officialWorkingDays: official.workingDays } : {}),
    ...(official.shortenedDays.length > 0 ? { shortenedDays: official.shortenedDays } : {}),
  };
}
