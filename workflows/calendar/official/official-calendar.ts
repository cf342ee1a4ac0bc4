/**
 * Official calendars that differ from date-holidays: days off moved by decree, weekend days worked instead,
 * shortened pre-holiday days. Plain data compiled in, applied when holidays are resolved (./holidays.ts), so
 * the arithmetic and a workflow's replay only ever see the resolved result.
 */

/** One day off moved by decree or by law (a holiday on a weekend), from the day it replaces. */
export interface MovedDayOff {
  readonly date: string;
  readonly from: string;
}

/** One year of an official calendar, as its decree states it. */
export interface OfficialYear {
  /** The act that sets the year, cited in tests and explanations. */
  readonly decree: string;
  /** Weekdays off that date-holidays does not know: transfers and substitutes for holidays on a weekend. */
  readonly daysOff: readonly MovedDayOff[];
  /** Weekend days worked instead (business days after all). */
  readonly workingDays: readonly string[];
  /** Pre-holiday days one hour shorter. */
  readonly shortenedDays: readonly string[];
  /** Working days and hours (40-hour week) the decree's calendar counts: the test checks the data against them. */
  readonly norm: { readonly workingDays: number; readonly hours: number };
}

/** An official calendar: years it covers, keyed by year. */
export type OfficialCalendar = Readonly<Record<number, OfficialYear>>;
