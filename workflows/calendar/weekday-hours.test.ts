import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeDue } from '../deadline/compute-due';
import { parseDeadline } from '../deadline/deadline-spec';
import { BusinessCalendarSchema, type CalendarContext } from './business-calendar';
import {
  atLocalTime,
  businessTimeBetween,
  isWithinWorkingHours,
  nextWorkingTime,
  workingDayLength,
  workingHoursOn,
} from './business-time';
import { calendarContext, warsaw } from './calendar.fixtures';

const HOUR = 3_600_000;
const working = { workingTime: true } as const;
const wall = (instant: Date, ctx: CalendarContext) =>
  DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');

/** Warsaw office whose Friday ends at 15:00. */
const shortFriday = calendarContext({
  country: 'PL',
  weekdayHours: [{ weekday: 5, start: '09:00', end: '15:00' }],
});
const at = (date: string, time: string, ctx: CalendarContext = shortFriday) => atLocalTime(ctx, date, time);

describe('working hours per weekday', () => {
  it('counts business hours in each weekday’s own hours', () => {
    const due = (text: string, start: Date) =>
      wall(computeDue(parseDeadline(text), { start }, shortFriday).due, shortFriday);
    // Friday 14:00 has one hour left, so two business hours end Monday 10:00.
    expect(due('start + 2bh', at('2026-11-13', '14:00'))).toBe('2026-11-16 10:00 Mon');
    expect(due('start - 2bh', at('2026-11-16', '10:00'))).toBe('2026-11-13 14:00 Fri');
    // The usual calendar gives the same start until Friday 16:00.
    expect(
      wall(computeDue(parseDeadline('start + 2bh'), { start: at('2026-11-13', '14:00') }, warsaw).due, warsaw)
    ).toBe('2026-11-13 16:00 Fri');
    expect(workingDayLength(shortFriday, '2026-11-13')).toBe(6 * HOUR);
    expect(workingDayLength(shortFriday, '2026-11-12')).toBe(8 * HOUR);
    expect(businessTimeBetween(shortFriday, at('2026-11-09', '00:00'), at('2026-11-15', '23:00'))).toBe(
      (3 * 8 + 6) * HOUR // Wednesday 11 November is Independence Day
    );
  });

  it('moves a business-day or clock deadline after Friday’s closing to the next opening, and a bare Friday date to 15:00', () => {
    const thursday = computeDue(
      parseDeadline('start + 1bd'),
      { start: at('2026-11-12', '16:00') },
      shortFriday,
      working
    );
    expect(wall(thursday.due, shortFriday)).toBe('2026-11-16 09:00 Mon');
    expect(thursday.movedToWorkingTime?.instant).toEqual(at('2026-11-13', '16:00'));
    // Without working time (processes started before it) the business day keeps its clock time.
    expect(
      wall(computeDue(parseDeadline('start + 1bd'), { start: at('2026-11-12', '16:00') }, shortFriday).due, shortFriday)
    ).toBe('2026-11-13 16:00 Fri');
    expect(wall(computeDue(parseDeadline('2026-11-13'), {}, shortFriday, working).due, shortFriday)).toBe(
      '2026-11-13 15:00 Fri'
    );
    expect(wall(computeDue(parseDeadline('2026-11-12'), {}, shortFriday, working).due, shortFriday)).toBe(
      '2026-11-12 17:00 Thu'
    );
    expect(isWithinWorkingHours(shortFriday, at('2026-11-13', '15:30'))).toBe(false);
    expect(isWithinWorkingHours(shortFriday, at('2026-11-12', '15:30'))).toBe(true);
    expect(nextWorkingTime(shortFriday, at('2026-11-13', '15:30'))).toEqual(at('2026-11-16', '09:00'));
  });

  it('counts real hours across a daylight-saving change in Europe/Warsaw on a weekday with its own hours', () => {
    // Sunday is worked 01:00-05:00; the clocks jump 02:00 -> 03:00 on 29 March and 03:00 -> 02:00 on 25 October 2026.
    const night = calendarContext({
      country: 'PL',
      weekendDays: [6],
      weekdayHours: [{ weekday: 7, start: '01:00', end: '05:00' }],
    });
    const day = (date: string) =>
      businessTimeBetween(night, atLocalTime(night, date, '00:00'), atLocalTime(night, date, '23:59'));
    expect(day('2026-03-29')).toBe(3 * HOUR);
    expect(day('2026-10-25')).toBe(5 * HOUR);
    expect(day('2026-03-22')).toBe(4 * HOUR);
    const due = (text: string, date: string) =>
      wall(computeDue(parseDeadline(text), { start: atLocalTime(night, date, '01:00') }, night, working).due, night);
    expect(due('start + 3bh', '2026-03-29')).toBe('2026-03-29 05:00 Sun');
    expect(due('start + 4bh', '2026-03-29')).toBe('2026-03-30 10:00 Mon');
    expect(due('start + 4bh', '2026-10-25')).toBe('2026-10-25 04:00 Sun');
    expect(due('start + 6bh', '2026-10-25')).toBe('2026-10-26 10:00 Mon');
  });

  it('leaves calendars without weekday hours as they were, and refuses a weekday twice or hours that end first', () => {
    const base = { id: 'x', name: 'x', timeZone: 'Europe/Warsaw', country: 'PL' };
    const parsed = BusinessCalendarSchema.parse(base);
    expect('weekdayHours' in parsed).toBe(false);
    expect(workingHoursOn(parsed, '2026-11-13')).toEqual({ start: '09:00', end: '17:00' });
    const none = calendarContext({ country: 'PL', companyDaysOff: ['2026-12-31'], weekdayHours: [] });
    for (const text of ['start + 2bh', 'start + 1bd', 'start + 20h', '2026-11-13']) {
      const start = at('2026-11-13', '14:00', warsaw);
      expect(computeDue(parseDeadline(text), { start }, none, working).due).toEqual(
        computeDue(parseDeadline(text), { start }, warsaw, working).due
      );
    }
    const twice = [
      { weekday: 5, start: '09:00', end: '15:00' },
      { weekday: 5, start: '10:00', end: '12:00' },
    ];
    expect(BusinessCalendarSchema.safeParse({ ...base, weekdayHours: twice }).success).toBe(false);
    expect(
      BusinessCalendarSchema.safeParse({ ...base, weekdayHours: [{ weekday: 5, start: '15:00', end: '09:00' }] })
        .success
    ).toBe(false);
    expect(
      BusinessCalendarSchema.safeParse({ ...base, weekdayHours: [{ weekday: 8, start: '09:00', end: '15:00' }] })
        .success
    ).toBe(false);
  });
});
