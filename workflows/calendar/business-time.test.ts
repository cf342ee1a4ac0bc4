import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  BusinessCalendarSchema,
  CalendarContextSchema,
  HolidaysNotResolvedError,
  type CalendarContext,
} from './business-calendar';
import {
  addBusinessDays,
  addBusinessHours,
  addBusinessMinutes,
  addBusinessTime,
  atLocalTime,
  businessDaysBetween,
  businessTimeBetween,
  isBusinessDay,
  isWithinWorkingHours,
  localDate,
  moveToBusinessDay,
  nextBusinessDay,
  nonBusinessReason,
  previousBusinessDay,
  rollToBusinessDay,
  stepBusinessDays,
  subtractBusinessDays,
  workingDayLength,
} from './business-time';
import { calendarContext, warsaw } from './calendar.fixtures';

const HOUR = 3_600_000;
const at = (date: string, time: string, ctx: CalendarContext = warsaw) => atLocalTime(ctx, date, time);
/** Local wall-clock text of an instant in the calendar's zone, e.g. `2026-11-13 17:00 Fri`. */
const wall = (instant: Date, ctx: CalendarContext = warsaw) =>
  DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');

describe('business days on the Polish calendar, 2026', () => {
  it('knows weekends, public holidays and company days off', () => {
    expect(isBusinessDay(warsaw, '2026-11-10')).toBe(true);
    expect(nonBusinessReason(warsaw, '2026-11-11')).toStrictEqual({
      date: '2026-11-11',
      reason: 'publicHoliday',
      name: 'Narodowe Święto Niepodległości',
    });
    expect(nonBusinessReason(warsaw, '2026-11-14')).toStrictEqual({ date: '2026-11-14', reason: 'weekend' });
    expect(nonBusinessReason(warsaw, '2026-12-31')).toStrictEqual({ date: '2026-12-31', reason: 'companyDayOff' });
    // An instant is judged by its day in Warsaw: 23:30 UTC on 10 Nov is already 11 Nov there.
    expect(isBusinessDay(warsaw, new Date('2026-11-10T23:30:00Z'))).toBe(false);
    expect(localDate(warsaw, new Date('2026-11-10T23:30:00Z'))).toBe('2026-11-11');
  });

  it('adds 3 business days after a Monday signing across 11 November', () => {
    const step = stepBusinessDays(warsaw, at('2026-11-09', '10:15'), 3);
    expect(wall(step.result)).toBe('2026-11-13 10:15 Fri');
    expect(step.skipped).toStrictEqual([
      { date: '2026-11-11', reason: 'publicHoliday', name: 'Narodowe Święto Niepodległości' },
    ]);
  });

  it('adds and subtracts business days across weekends and holidays', () => {
    expect(wall(addBusinessDays(warsaw, at('2026-11-06', '17:00'), 3))).toBe('2026-11-12 17:00 Thu');
    expect(wall(subtractBusinessDays(warsaw, at('2026-11-12', '17:00'), 3))).toBe('2026-11-06 17:00 Fri');
    expect(wall(addBusinessDays(warsaw, at('2026-11-14', '12:00'), 1))).toBe('2026-11-16 12:00 Mon');
    // 24-25 Dec are holidays; 31 Dec is a company day off; 1 Jan is a holiday.
    expect(wall(addBusinessDays(warsaw, at('2026-12-23', '09:00'), 2))).toBe('2026-12-29 09:00 Tue');
    expect(wall(addBusinessDays(warsaw, at('2026-12-30', '09:00'), 1))).toBe('2027-01-04 09:00 Mon');
    expect(wall(addBusinessDays(warsaw, at('2027-01-04', '09:00'), -2))).toBe('2026-12-29 09:00 Tue');
    expect(addBusinessDays(warsaw, at('2026-11-14', '12:00'), 0)).toStrictEqual(at('2026-11-14', '12:00'));
    expect(wall(nextBusinessDay(warsaw, at('2026-11-10', '08:00')))).toBe('2026-11-12 08:00 Thu');
    expect(wall(previousBusinessDay(warsaw, at('2026-11-12', '08:00')))).toBe('2026-11-10 08:00 Tue');
  });

  it('moves a date off a non-business day in the direction asked, keeping the time', () => {
    expect(wall(moveToBusinessDay(warsaw, at('2026-11-11', '17:00'), 'previous'))).toBe('2026-11-10 17:00 Tue');
    expect(wall(moveToBusinessDay(warsaw, at('2026-11-11', '17:00'), 'next'))).toBe('2026-11-12 17:00 Thu');
    expect(wall(moveToBusinessDay(warsaw, at('2026-11-14', '17:00'), 'next'))).toBe('2026-11-16 17:00 Mon');
    expect(moveToBusinessDay(warsaw, at('2026-11-13', '17:00'), 'next')).toStrictEqual(at('2026-11-13', '17:00'));
    expect(rollToBusinessDay(warsaw, at('2026-12-27', '10:00'), 'previous').skipped.map((d) => d.reason)).toStrictEqual(
      ['weekend', 'weekend', 'publicHoliday', 'publicHoliday']
    );
  });

  it('keeps 17:00 wall-clock across the DST end on 2026-10-25 and start on 2026-03-29 in Warsaw', () => {
    const friday = at('2026-10-23', '17:00');
    expect(friday.toISOString()).toBe('2026-10-23T15:00:00.000Z'); // CEST, UTC+2
    const monday = addBusinessDays(warsaw, friday, 1);
    expect(monday.toISOString()).toBe('2026-10-26T16:00:00.000Z'); // CET, UTC+1
    expect(wall(monday)).toBe('2026-10-26 17:00 Mon');
    expect(monday.getTime() - friday.getTime()).toBe(73 * HOUR);

    const march = addBusinessDays(warsaw, at('2026-03-27', '17:00'), 1);
    expect(march.toISOString()).toBe('2026-03-30T15:00:00.000Z');
    expect(wall(march)).toBe('2026-03-30 17:00 Mon');
  });

  it('moves a wall-clock time that does not exist forward by the gap', () => {
    expect(wall(at('2026-03-29', '02:30'))).toBe('2026-03-29 03:30 Sun');
  });
});

describe('business hours', () => {
  it('counts only working hours on business days', () => {
    expect(workingDayLength(warsaw)).toBe(8 * HOUR);
    expect(wall(addBusinessHours(warsaw, at('2026-11-10', '16:00'), 3))).toBe('2026-11-12 11:00 Thu');
    expect(wall(addBusinessHours(warsaw, at('2026-11-10', '16:00'), 1))).toBe('2026-11-10 17:00 Tue');
    expect(wall(addBusinessHours(warsaw, at('2026-11-14', '12:00'), 2))).toBe('2026-11-16 11:00 Mon');
    expect(wall(addBusinessHours(warsaw, at('2026-11-12', '07:00'), 8))).toBe('2026-11-12 17:00 Thu');
    expect(wall(addBusinessMinutes(warsaw, at('2026-11-12', '16:30'), 45))).toBe('2026-11-13 09:15 Fri');
  });

  it('goes back in business time for reminders before a due time', () => {
    expect(wall(addBusinessHours(warsaw, at('2026-11-12', '10:00'), -4))).toBe('2026-11-10 14:00 Tue');
    expect(wall(addBusinessHours(warsaw, at('2026-11-13', '17:00'), -8))).toBe('2026-11-13 09:00 Fri');
    expect(wall(addBusinessHours(warsaw, at('2026-11-16', '08:00'), -1))).toBe('2026-11-13 16:00 Fri');
  });

  it('measures business time and business days between two instants', () => {
    const from = at('2026-11-06', '12:00');
    const to = at('2026-11-12', '10:00');
    expect(businessTimeBetween(warsaw, from, to)).toBe(22 * HOUR); // Fri 5h + Mon 8h + Tue 8h + Thu 1h
    expect(businessTimeBetween(warsaw, to, from)).toBe(-22 * HOUR);
    expect(businessTimeBetween(warsaw, at('2026-11-14', '09:00'), at('2026-11-15', '17:00'))).toBe(0);
    expect(businessDaysBetween(warsaw, from, to)).toBe(3);
    expect(isWithinWorkingHours(warsaw, at('2026-11-12', '09:00'))).toBe(true);
    expect(isWithinWorkingHours(warsaw, at('2026-11-12', '17:00'))).toBe(false);
    expect(isWithinWorkingHours(warsaw, at('2026-11-11', '12:00'))).toBe(false);
  });

  it('keeps an 8-hour working day on DST change days (another calendar, Sunday working)', () => {
    const sundayWorker = calendarContext({ country: 'PL', weekendDays: [6] });
    // 2026-10-25 (25 hours long) and 2026-03-29 (23 hours) are Sundays; working hours stay 8.
    expect(businessTimeBetween(sundayWorker, at('2026-10-25', '00:00'), at('2026-10-26', '00:00'))).toBe(8 * HOUR);
    expect(businessTimeBetween(sundayWorker, at('2026-03-29', '00:00'), at('2026-03-30', '00:00'))).toBe(8 * HOUR);
  });

  it('works weekend days declared as extra working days (a Russian transfer Saturday)', () => {
    const moscow = calendarContext({ country: 'RU', timeZone: 'Europe/Moscow', extraWorkingDays: ['2026-11-07'] });
    expect(isBusinessDay(moscow, '2026-11-07')).toBe(true);
    expect(isBusinessDay(moscow, '2026-11-08')).toBe(false);
    expect(wall(addBusinessDays(moscow, at('2026-11-06', '17:00', moscow), 1), moscow)).toBe('2026-11-07 17:00 Sat');
  });

  it('uses other time zones and weekends', () => {
    const newYork = calendarContext({ country: 'US', timeZone: 'America/New_York' });
    // Thanksgiving 2026 is Thursday 26 Nov.
    expect(wall(addBusinessDays(newYork, at('2026-11-25', '17:00', newYork), 1), newYork)).toBe('2026-11-27 17:00 Fri');
    const fridaySaturday = calendarContext({ country: 'PL', weekendDays: [5, 6] });
    expect(wall(addBusinessDays(fridaySaturday, at('2026-11-12', '10:00'), 1))).toBe('2026-11-15 10:00 Sun');
  });
});

describe('holiday coverage', () => {
  it('refuses to guess about days outside the resolved holiday years', () => {
    // The fixtures resolve 2025-2028; 11 Nov 2029 would silently count as a business day otherwise.
    expect(() => isBusinessDay(warsaw, '2029-11-12')).toThrow(HolidaysNotResolvedError);
    expect(() => addBusinessDays(warsaw, at('2028-12-28', '10:00'), 5)).toThrow(/resolved for 2025-2028 only.*2029/);
    // Weekends need no holiday data.
    expect(isBusinessDay(warsaw, '2029-11-10')).toBe(false);
    // Without holidayYears the caller vouches for the data.
    expect(isBusinessDay({ calendar: warsaw.calendar, holidays: {} }, '2029-11-12')).toBe(true);
  });

  it('travels as JSON, as an activity result does', () => {
    const copy = CalendarContextSchema.parse(JSON.parse(JSON.stringify(warsaw)));
    expect(copy).toStrictEqual(warsaw);
    expect(wall(addBusinessDays(copy, at('2026-11-10', '17:00'), 1))).toBe('2026-11-12 17:00 Thu');
  });
});

describe('BusinessCalendarSchema', () => {
  it('fills defaults and rejects what would make arithmetic meaningless', () => {
    const parsed = BusinessCalendarSchema.parse({ id: 'x', name: 'X', timeZone: 'Europe/Prague', country: 'CZ' });
    expect(parsed.weekendDays).toStrictEqual([6, 7]);
    expect(parsed.workingHours).toStrictEqual({ start: '09:00', end: '17:00' });
    expect(parsed.companyDaysOff).toStrictEqual([]);
    expect(parsed.extraWorkingDays).toStrictEqual([]);
    const base = { id: 'x', name: 'X', timeZone: 'Europe/Prague', country: 'CZ' };
    expect(BusinessCalendarSchema.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ ...base, weekendDays: [1, 2, 3, 4, 5, 6, 7] }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ ...base, workingHours: { start: '17:00', end: '09:00' } }).success).toBe(
      false
    );
    expect(BusinessCalendarSchema.safeParse({ ...base, companyDaysOff: ['2026-02-30'] }).success).toBe(false);
    expect(BusinessCalendarSchema.safeParse({ ...base, country: 'pl' }).success).toBe(false);
  });
});

// Instants from 2026-01-01 to 2027-12-01, covering both DST changes of each year.
const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) })
  .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
const contexts = fc.constantFrom(
  warsaw,
  calendarContext({ country: 'CZ', timeZone: 'Europe/Prague', companyDaysOff: ['2026-07-06'] }),
  calendarContext({ country: 'US', timeZone: 'America/New_York', workingHours: { start: '08:30', end: '18:00' } }),
  calendarContext({ country: 'RU', timeZone: 'Europe/Moscow' }),
  calendarContext({ country: 'DE', region: 'BY', timeZone: 'Europe/Berlin' }),
  calendarContext({ country: 'GB', region: 'ENG', timeZone: 'Europe/London', weekendDays: [7] })
);
const timeOfDay = (ctx: CalendarContext, date: Date) =>
  DateTime.fromJSDate(date, { zone: ctx.calendar.timeZone }).toFormat('HH:mm:ss.SSS');

describe('properties', () => {
  it('a computed business day is never a weekend, holiday or company day off', () => {
    fc.assert(
      fc.property(contexts, instant, fc.integer({ min: -40, max: 40 }).filter(Boolean), (ctx, start, n) => {
        const result = addBusinessDays(ctx, start, n);
        expect(nonBusinessReason(ctx, localDate(ctx, result))).toBeUndefined();
        expect(isBusinessDay(ctx, moveToBusinessDay(ctx, start, n > 0 ? 'next' : 'previous'))).toBe(true);
      }),
      { numRuns: 300 }
    );
  });

  it('adding n then subtracting n business days returns to the start on business days', () => {
    fc.assert(
      fc.property(contexts, instant, fc.nat({ max: 60 }), (ctx, start, n) => {
        fc.pre(isBusinessDay(ctx, start));
        expect(subtractBusinessDays(ctx, addBusinessDays(ctx, start, n), n)).toStrictEqual(start);
        expect(addBusinessDays(ctx, subtractBusinessDays(ctx, start, n), n)).toStrictEqual(start);
      }),
      { numRuns: 300 }
    );
  });

  it('results are monotonic in n', () => {
    fc.assert(
      fc.property(contexts, instant, fc.integer({ min: -30, max: 30 }), fc.nat({ max: 30 }), (ctx, start, n, extra) => {
        expect(addBusinessDays(ctx, start, n).getTime()).toBeLessThanOrEqual(
          addBusinessDays(ctx, start, n + extra).getTime()
        );
        expect(addBusinessTime(ctx, start, n * HOUR).getTime()).toBeLessThanOrEqual(
          addBusinessTime(ctx, start, (n + extra) * HOUR).getTime()
        );
      }),
      { numRuns: 300 }
    );
  });

  it('moving by business days keeps the wall-clock time of day across DST changes', () => {
    // Business days in these zones never start or end inside a DST gap (the changes happen at night on Sundays).
    fc.assert(
      fc.property(contexts, instant, fc.integer({ min: -70, max: 70 }), (ctx, start, n) => {
        expect(timeOfDay(ctx, addBusinessDays(ctx, start, n))).toBe(timeOfDay(ctx, start));
      }),
      { numRuns: 300 }
    );
  });

  it('business time added is business time measured, and lands inside working hours', () => {
    fc.assert(
      fc.property(contexts, instant, fc.integer({ min: 1, max: 200 * 60 }), (ctx, start, minutes) => {
        const end = addBusinessMinutes(ctx, start, minutes);
        expect(businessTimeBetween(ctx, start, end)).toBe(minutes * 60_000);
        // Just before the result the clock was running.
        expect(isWithinWorkingHours(ctx, new Date(end.getTime() - 1))).toBe(true);
        const back = addBusinessMinutes(ctx, start, -minutes);
        expect(businessTimeBetween(ctx, back, start)).toBe(minutes * 60_000);
        expect(isWithinWorkingHours(ctx, back)).toBe(true);
      }),
      { numRuns: 200 }
    );
  });
});
