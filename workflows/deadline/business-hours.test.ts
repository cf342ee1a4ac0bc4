import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  atLocalTime,
  BusinessCalendarSchema,
  isBusinessDay,
  isWithinWorkingHours,
  localDate,
  workingHoursOn,
  type CalendarContext,
} from '../calendar';
import { warsaw } from '../calendar/calendar.fixtures';
import { resolveCalendarContext } from '../calendar/holidays';
import { applyOffset, computeDue } from './compute-due';
import { DeadlineSpecSchema, formatDeadline, parseDeadline } from './deadline-spec';
import { holidayYearsFor } from './limits';

const at = (date: string, time: string, ctx: CalendarContext = warsaw) => atLocalTime(ctx, date, time);
const wall = (instant: Date, ctx: CalendarContext = warsaw) =>
  DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');

describe('business hours (`bh`) and absolute dates in the deadline grammar', () => {
  it('reads and writes `4bh`, dates and date-times as anchors, and round-trips them', () => {
    expect(parseDeadline('start + 4bh')).toEqual({
      anchor: { kind: 'start' },
      offset: { amount: 4, unit: 'businessHours', direction: 'after' },
    });
    expect(parseDeadline('2027-03-31')).toEqual({ anchor: { kind: 'date', value: '2027-03-31' } });
    expect(parseDeadline('2027-03-31T12:00 - 2bd @09:00')).toEqual({
      anchor: { kind: 'date', value: '2027-03-31T12:00' },
      offset: { amount: 2, unit: 'businessDays', direction: 'before' },
      timeOfDay: '09:00',
    });
    for (const text of ['start + 4bh', '2027-03-31', '2027-03-31T12:00 - 2bd @09:00', 'eventDate - 16bh']) {
      expect(formatDeadline(parseDeadline(text))).toBe(text);
      expect(DeadlineSpecSchema.safeParse(parseDeadline(text)).success).toBe(true);
    }
    expect(() => parseDeadline('2027-02-30')).toThrow(/"2027-02-30" is not a date/);
    expect(() => parseDeadline('2301-01-01')).toThrow(/year 2301 is out of range/);
    expect(() => parseDeadline('start + 9000bh')).toThrow(/at most 8000bh/);
    expect(DeadlineSpecSchema.safeParse({ anchor: { kind: 'date', value: '2027-13-01' } }).success).toBe(false);
  });

  it('counts 4 business hours from Friday 16:00 to Monday 12:00, and over a holiday', () => {
    const friday = computeDue(parseDeadline('start + 4bh'), { start: at('2026-11-13', '16:00') }, warsaw);
    expect(wall(friday.due)).toBe('2026-11-16 12:00 Mon');
    expect(friday.explanation).toMatch(
      /^Mon 16 Nov 12:00: 4 business hours after the process start on Fri 13 Nov 16:00/
    );
    // Tuesday 15:00 + 4bh: 2 hours on Tuesday, Wednesday 11 November is Independence Day, 2 hours on Thursday.
    expect(wall(computeDue(parseDeadline('start + 4bh'), { start: at('2026-11-10', '15:00') }, warsaw).due)).toBe(
      '2026-11-12 11:00 Thu'
    );
    // 24 business hours are three 8-hour days; before office hours the clock starts at 09:00.
    expect(wall(computeDue(parseDeadline('start + 24bh'), { start: at('2026-11-09', '07:00') }, warsaw).due)).toBe(
      '2026-11-12 17:00 Thu'
    );
    expect(
      wall(computeDue(parseDeadline('eventDate - 8bh'), { parameters: { eventDate: '2026-11-16' } }, warsaw).due)
    ).toBe('2026-11-16 09:00 Mon');
  });

  it('anchors on an absolute date (by the close of working hours) or date-time, in the team zone', () => {
    expect(wall(computeDue(parseDeadline('2027-03-31'), {}, warsaw).due)).toBe('2027-03-31 17:00 Wed');
    expect(wall(computeDue(parseDeadline('2027-03-31T12:00 + 1bd'), {}, warsaw).due)).toBe('2027-04-01 12:00 Thu');
    expect(
      holidayYearsFor({ start: new Date('2026-01-05T00:00:00Z'), template: { due: parseDeadline('2031-05-05') } })
    ).toMatchObject({ toYear: 2033 });
  });

  it('counts ladder rungs in business hours too', () => {
    const due = at('2026-11-16', '10:00');
    expect(wall(applyOffset(warsaw, due, { amount: 2, unit: 'businessHours', direction: 'before' }).result)).toBe(
      '2026-11-13 16:00 Fri'
    );
  });
});

/** A seeded set of calendars: weekends, holidays, extra working days, working hours and zones with DST. */
const ZONES = ['Europe/Warsaw', 'America/New_York', 'Asia/Tokyo', 'Europe/Moscow', 'Australia/Sydney'];
const HOURS = [
  { start: '09:00', end: '17:00' },
  { start: '08:30', end: '16:30' },
  { start: '01:30', end: '04:00' }, // across the 02:00-03:00 spring-forward gap in Warsaw
  { start: '00:00', end: '23:59' },
  { start: '13:00', end: '14:15' },
];
const calendarArbitrary = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    hours: fc.constantFrom(...HOURS),
    weekendDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
    country: fc.constantFrom('PL', 'RU', 'CZ', 'US', 'GB'),
    daysOff: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 20 }),
    extra: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 5 }),
    // Some weekdays with hours of their own (a short Friday, a night shift across the DST gap), or none at all.
    weekdayHours: fc.option(
      fc.uniqueArray(fc.record({ weekday: fc.integer({ min: 1, max: 7 }), hours: fc.constantFrom(...HOURS) }), {
        selector: (entry) => entry.weekday,
        maxLength: 4,
      }),
      { nil: undefined }
    ),
  })
  .map(({ zone, hours, weekendDays, country, daysOff, extra, weekdayHours }) => {
    const day = (offset: number) => DateTime.utc(2025, 1, 1).plus({ days: offset }).toISODate()!;
    const calendar = BusinessCalendarSchema.parse({
      id: 'random',
      name: 'random',
      timeZone: zone,
      country,
      weekendDays,
      workingHours: hours,
      companyDaysOff: [...new Set(daysOff.map(day))],
      extraWorkingDays: [...new Set(extra.map(day))],
      ...(weekdayHours ? { weekdayHours: weekdayHours.map(({ weekday, hours }) => ({ weekday, ...hours })) } : {}),
    });
    return { ...resolvedFor(country), calendar };
  });

// Holidays resolved once per country (date-holidays is slow); each random calendar gets its own settings on top.
const resolved = new Map<string, CalendarContext>();
function resolvedFor(country: string): CalendarContext {
  let ctx = resolved.get(country);
  if (!ctx) {
    ctx = resolveCalendarContext(
      BusinessCalendarSchema.parse({ id: country, name: country, timeZone: 'UTC', country }),
      2024,
      2030
    );
    resolved.set(country, ctx);
  }
  return ctx;
}

/** Where business time counted from an instant starts: the instant inside working hours, else the next opening. */
function workingInstant(ctx: CalendarContext, instant: Date): Date {
  if (isWithinWorkingHours(ctx, instant)) return instant;
  for (let day = DateTime.fromISO(localDate(ctx, instant)); ; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (!isBusinessDay(ctx, date)) continue;
    const open = atLocalTime(ctx, date, workingHoursOn(ctx.calendar, date).start);
    if (open.getTime() > instant.getTime()) return open;
  }
}

describe('business hours, property', () => {
  it('adding then subtracting business hours returns to the start’s working instant', () => {
    fc.assert(
      fc.property(
        calendarArbitrary,
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 200 }),
        (ctx, start, hours) => {
          const there = applyOffset(ctx, start, { amount: hours, unit: 'businessHours', direction: 'after' }).result;
          const back = applyOffset(ctx, there, { amount: hours, unit: 'businessHours', direction: 'before' }).result;
          expect(back.toISOString()).toBe(workingInstant(ctx, start).toISOString());
        }
      ),
      { numRuns: 300, seed: 20261205 }
    );
  }, 120_000);
});
