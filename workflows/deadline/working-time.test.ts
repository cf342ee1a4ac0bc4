import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  atLocalTime,
  BusinessCalendarSchema,
  isBusinessDay,
  localDate,
  workingHoursOn,
  type CalendarContext,
} from '../calendar';
import { warsaw } from '../calendar/calendar.fixtures';
import { resolveCalendarContext } from '../calendar/holidays';
import { computeDue } from './compute-due';
import { DeadlineUnitSchema, formatDeadline, parseDeadline, type DeadlineSpec } from './deadline-spec';

const at = (date: string, time: string, ctx: CalendarContext = warsaw) => atLocalTime(ctx, date, time);
const wall = (instant: Date, ctx: CalendarContext = warsaw) =>
  DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');
const working = { workingTime: true } as const;

describe('no deadline outside working time unless asked', () => {
  it('moves a clock-hour deadline after closing to the next opening, saying why', () => {
    const due = computeDue(parseDeadline('start + 4h'), { start: at('2026-11-13', '16:00') }, warsaw, working);
    expect(wall(due.due)).toBe('2026-11-16 09:00 Mon');
    expect(due.movedToWorkingTime?.instant).toEqual(at('2026-11-13', '20:00'));
    expect(due.explanation).toMatch(/moved from Fri 13 Nov 20:00 \(outside working hours\) to the next working time$/);
  });

  it('moves a deadline on a weekend or a holiday, keeps one inside working time and one that says `any day`', () => {
    const saturday = computeDue(
      parseDeadline('start + 1d @17:00'),
      { start: at('2026-11-13', '10:00') },
      warsaw,
      working
    );
    expect(wall(saturday.due)).toBe('2026-11-16 09:00 Mon');
    expect(saturday.movedToWorkingTime?.day?.reason).toBe('weekend');
    const holiday = computeDue(parseDeadline('2026-11-11T12:00'), {}, warsaw, working);
    expect(wall(holiday.due)).toBe('2026-11-12 09:00 Thu');
    expect(holiday.explanation).toMatch(/public holiday: Narodowe Święto Niepodległości/);
    // A bare date is due at closing, which is still working time.
    expect(wall(computeDue(parseDeadline('2026-11-13'), {}, warsaw, working).due)).toBe('2026-11-13 17:00 Fri');
    const event = computeDue(
      parseDeadline('eventDate @10:00 any day'),
      { parameters: { eventDate: '2026-11-14' } },
      warsaw,
      working
    );
    expect(wall(event.due)).toBe('2026-11-14 10:00 Sat');
    expect(event.movedToWorkingTime).toBeUndefined();
    // Without the option (processes started before the rule) nothing moves.
    expect(wall(computeDue(parseDeadline('start + 4h'), { start: at('2026-11-13', '16:00') }, warsaw).due)).toBe(
      '2026-11-13 20:00 Fri'
    );
  });

  it('writes `any day` in the text form and reads it back', () => {
    expect(parseDeadline('eventDate @09:00 any day')).toEqual({
      anchor: { kind: 'parameter', name: 'eventDate' },
      timeOfDay: '09:00',
      anyDay: true,
    });
    for (const text of ['eventDate @09:00 any day', 'start + 2bd any day', '2027-03-31 any day']) {
      expect(formatDeadline(parseDeadline(text))).toBe(text);
    }
    expect(() => parseDeadline('start + 2bd any')).toThrow(/expected `@HH:mm`, `any day` or the end/);
  });
});

const ZONES = ['Europe/Warsaw', 'America/New_York', 'Asia/Tokyo', 'Europe/Moscow'];
const resolved = new Map<string, CalendarContext>();
const base = (country: string) => {
  let ctx = resolved.get(country);
  if (!ctx) {
    ctx = resolveCalendarContext(
      BusinessCalendarSchema.parse({ id: country, name: country, timeZone: 'UTC', country }),
      2022,
      2030
    );
    resolved.set(country, ctx);
  }
  return ctx;
};

describe('working time, property', () => {
  it('no computed due date falls outside working time unless the deadline says `any day`', () => {
    fc.assert(
      fc.property(
        fc.record({
          zone: fc.constantFrom(...ZONES),
          country: fc.constantFrom('PL', 'RU', 'GB', 'CZ'),
          weekendDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
          hours: fc.constantFrom(
            { start: '09:00', end: '17:00' },
            { start: '01:30', end: '04:00' },
            { start: '12:00', end: '12:30' }
          ),
          daysOff: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 15 }),
          weekdayHours: fc.option(
            fc.uniqueArray(
              fc.record({
                weekday: fc.integer({ min: 1, max: 7 }),
                start: fc.constantFrom('07:00', '09:00', '01:30'),
                end: fc.constantFrom('12:00', '15:00', '04:00'),
              }),
              { selector: (entry) => entry.weekday, maxLength: 4 }
            ),
            { nil: undefined }
          ),
        }),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...DeadlineUnitSchema.options),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('before' as const, 'after' as const),
        fc.option(fc.constantFrom('00:00', '08:59', '12:15', '17:00', '23:59'), { nil: undefined }),
        fc.boolean(),
        (settings, start, unit, amount, direction, timeOfDay, anyDay) => {
          const day = (offset: number) => DateTime.utc(2025, 1, 1).plus({ days: offset }).toISODate()!;
          const calendar = BusinessCalendarSchema.parse({
            id: 'random',
            name: 'random',
            timeZone: settings.zone,
            country: settings.country,
            weekendDays: settings.weekendDays,
            workingHours: settings.hours,
            companyDaysOff: settings.daysOff.map(day),
            ...(settings.weekdayHours
              ? { weekdayHours: settings.weekdayHours.filter((hours) => hours.start < hours.end) }
              : {}),
          });
          const ctx: CalendarContext = { ...base(settings.country), calendar };
          const spec: DeadlineSpec = {
            anchor: { kind: 'start' },
            offset: { amount, unit, direction },
            ...(timeOfDay ? { timeOfDay } : {}),
            ...(anyDay ? { anyDay: true } : {}),
          };
          const { due } = computeDue(spec, { start }, ctx, working);
          const date = localDate(ctx, due);
          const inWorkingTime =
            isBusinessDay(ctx, date) &&
            due >= atLocalTime(ctx, date, workingHoursOn(calendar, date).start) &&
            due <= atLocalTime(ctx, date, workingHoursOn(calendar, date).end);
          if (!anyDay) expect(inWorkingTime, `${formatDeadline(spec)} from ${start.toISOString()}`).toBe(true);
        }
      ),
      { numRuns: 400, seed: 20261205 }
    );
  }, 120_000);
});
