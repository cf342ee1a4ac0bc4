import { IANAZone } from 'luxon';
import { z } from 'zod';
import { TIME_OF_DAY } from './time-of-day';

/** ISO 8601 calendar date, e.g. `2026-11-11`. */
export const IsoDateSchema = z.iso.date();

export const TimeOfDaySchema = z.string().regex(TIME_OF_DAY, 'a time of day is HH:mm, 00:00 to 23:59');

/** ISO weekday numbers as luxon uses them: 1 = Monday … 7 = Sunday. */
export const IsoWeekdaySchema = z.number().int().min(1).max(7);

export const WorkingHoursSchema = z
  .object({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((hours) => hours.start < hours.end, {
    message: 'working hours must end after they start on the same day, e.g. 09:00-17:00',
  });

/** Working hours of one weekday that differ from the calendar's usual ones (e.g. Friday 09:00-15:00). */
export const WeekdayHoursSchema = z
  .object({ weekday: IsoWeekdaySchema, start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((hours) => hours.start < hours.end, {
    message: 'working hours must end after they start on the same day, e.g. 09:00-15:00',
  });
export type WeekdayHours = z.output<typeof WeekdayHoursSchema>;

export const BusinessCalendarSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), {
    message: 'timeZone must be an IANA time zone such as Europe/Warsaw',
  }),
  weekendDays: z
    .array(IsoWeekdaySchema)
    .max(6, 'at least one day of the week must be a working day')
    .refine((days) => new Set(days).size === days.length, { message: 'weekend days must not repeat' })
    .default([6, 7]),
  /** ISO 3166-1 alpha-2 code for public holidays, e.g. PL. */
  country: z.string().regex(/^[A-Z]{2}$/, 'country is an ISO 3166-1 alpha-2 code in capitals, e.g. PL'),
  /** Region or state as date-holidays names it, e.g. BY for Bavaria or ENG for England. */
  region: z.string().min(1).optional(),
  companyDaysOff: z.array(IsoDateSchema).default([]),
  /**
   * Why a company day off is off, by date (an imported calendar event's summary, e.g. "Inventory"): shown wherever
   * the day's reason shows. Absent on calendars saved before it existed.
   */
  companyDayNames: z.record(IsoDateSchema, z.string().trim().min(1).max(200)).optional(),
  /** Weekend days worked by decree or company rule (Russia moves days off this way), business days after all. */
  extraWorkingDays: z.array(IsoDateSchema).default([]),
  workingHours: WorkingHoursSchema.default({ start: '09:00', end: '17:00' }),
  /**
   * Weekdays whose hours differ from `workingHours` (a short Friday). Absent on calendars saved before it
   * existed, which keeps every weekday on `workingHours` as before.
   */
  weekdayHours: z
    .array(WeekdayHoursSchema)
    .max(7)
    .refine((list) => new Set(list.map((hours) => hours.weekday)).size === list.length, {
      message: 'each weekday has at most one set of working hours',
    })
    .optional(),
});
export type BusinessCalendar = z.output<typeof BusinessCalendarSchema>;
export type BusinessCalendarInput = z.input<typeof BusinessCalendarSchema>;

/**
 * Public holidays as plain data: ISO date -> holiday name. Inside a workflow it arrives as an activity
 * result, so upgrading date-holidays never changes how an old history replays.
 */
export const ResolvedHolidaysSchema = z.record(IsoDateSchema, z.string());
export type ResolvedHolidays = z.infer<typeof ResolvedHolidaysSchema>;

export const HolidayYearsSchema = z
  .object({ from: z.number().int(), to: z.number().int() })
  .refine((years) => years.from <= years.to, { message: 'holiday years run from `from` to `to`, inclusive' });

/**
 * Everything the arithmetic needs: the calendar and its resolved holidays. With `holidayYears` set, a
 * question about a day outside those years throws instead of silently treating it as holiday-free.
 */
export const CalendarContextSchema = z.object({
  calendar: BusinessCalendarSchema,
  holidays: ResolvedHolidaysSchema,
  holidayYears: HolidayYearsSchema.optional(),
  officialWorkingDays: z.record(IsoDateSchema, z.string()).optional(),
  shortenedDays: z.array(IsoDateSchema).optional(),
});
export interface CalendarContext {
  readonly calendar: BusinessCalendar;
  readonly holidays: ResolvedHolidays;
  readonly holidayYears?: { readonly from: number; readonly to: number };
  /** Weekend days worked by an official calendar (a Russian working Saturday): ISO date -> why. */
  readonly officialWorkingDays?: Readonly<Record<string, string>>;
  /** Pre-holiday days whose working hours end an hour early (official calendars). */
  readonly shortenedDays?: readonly string[];
}

// Workflow code imports the error from its own file, which keeps zod out of the workflow bundle.
export { HolidaysNotResolvedError } from './holidays-not-resolved.error';
