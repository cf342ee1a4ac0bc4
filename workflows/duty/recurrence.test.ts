import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../calendar';
import { warsaw } from '../calendar/calendar.fixtures';
import { DutyScheduleSchema, type DutyScheduleInput, type RecurrenceInput } from './duty.schema';
import { assertValidSchedule, InvalidRecurrenceError, nextOccurrence, occurrencesAfter, toRRule } from './recurrence';

const schedule = (input: Partial<DutyScheduleInput> & Pick<DutyScheduleInput, 'recurrence'>) =>
  DutyScheduleSchema.parse({ timeZone: 'Europe/Warsaw', startDate: '2026-01-01', ...input });
const from = new Date('2026-01-01T00:00:00Z');
const dates = (input: Parameters<typeof schedule>[0], count: number, after = from) =>
  occurrencesAfter(schedule(input), warsaw, after, count).map((occurrence) => occurrence.date);

describe('recurrence', () => {
  it('keeps a monthly duty on the 31st inside short months and moves it back over weekends and days off', () => {
    const list = occurrencesAfter(
      schedule({ recurrence: { kind: 'monthly', day: 31 }, timeOfDay: '17:00' }),
      warsaw,
      from,
      12
    );
    expect(list.map((o) => o.date)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-31',
      '2026-04-30',
      '2026-05-29',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-30',
      '2026-11-30',
      '2026-12-30',
    ]);
    expect(list[1]).toMatchObject({ nominalDate: '2026-02-28', moved: true, rule: 'previousBusinessDay' });
    expect(list[1]?.reason).toBe(
      'the month has no day 31, so its last day, 2026-02-28; 2026-02-28 is a Saturday: moved to the previous business day, 2026-02-27'
    );
    expect(list[2]).toMatchObject({ moved: false, at: '2026-03-31T15:00:00.000Z' });
    expect(list[2]?.reason).toBeUndefined();
    expect(list[11]?.reason).toBe('2026-12-31 is a company day off: moved to the previous business day, 2026-12-30');
  });

  it('moves forward over a public holiday and names it', () => {
    const [first] = occurrencesAfter(
      schedule({ recurrence: { kind: 'yearly', month: 11, day: 11 }, nonBusinessDay: 'nextBusinessDay' }),
      warsaw,
      from,
      1
    );
    expect(first).toMatchObject({ nominalDate: '2026-11-11', date: '2026-11-12', moved: true });
    expect(first?.reason).toBe(
      '2026-11-11 is a public holiday (Narodowe Święto Niepodległości): moved to the next business day, 2026-11-12'
    );
  });

  it('skips non-business days when the duty says so, and lists them only on request', () => {
    const input = schedule({ recurrence: { kind: 'daily' }, nonBusinessDay: 'skip', startDate: '2026-12-21' });
    const runs = occurrencesAfter(input, warsaw, new Date('2026-12-20T00:00:00Z'), 5).map((o) => o.date);
    expect(runs).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-28', '2026-12-29']);
    const all = occurrencesAfter(input, warsaw, new Date('2026-12-20T00:00:00Z'), 5, { includeSkipped: true });
    expect(all.map((o) => [o.nominalDate, o.skipped ?? null])).toEqual([
      ['2026-12-21', null],
      ['2026-12-22', null],
      ['2026-12-23', null],
      ['2026-12-24', 'nonBusinessDay'],
      ['2026-12-25', 'nonBusinessDay'],
    ]);
    expect(all[3]?.reason).toMatch(/^2026-12-24 is a public holiday \(Wigilia/);
  });

  it('runs two rule dates that move onto the same business day once', () => {
    const input = schedule({ recurrence: { kind: 'weekly', days: [5, 6, 7] }, nonBusinessDay: 'previousBusinessDay' });
    const all = occurrencesAfter(input, warsaw, from, 6, { includeSkipped: true });
    expect(all.map((o) => [o.nominalDate, o.date, o.skipped ?? null])).toEqual([
      ['2026-01-02', '2026-01-02', null],
      ['2026-01-03', '2026-01-02', 'nonBusinessDay'],
      ['2026-01-04', '2026-01-02', 'nonBusinessDay'],
      ['2026-01-09', '2026-01-09', null],
      ['2026-01-10', '2026-01-09', 'nonBusinessDay'],
      ['2026-01-11', '2026-01-09', 'nonBusinessDay'],
    ]);
    expect(all[1]?.reason).toMatch(/the occurrence on 2026-01-02 already covers it$/);
  });

  it('covers weekly, n-th weekday, last business day, quarterly, yearly and raw RRULE', () => {
    expect(dates({ recurrence: { kind: 'weekly', days: [1, 3] } }, 4)).toEqual([
      '2026-01-05',
      '2026-01-07',
      '2026-01-12',
      '2026-01-14',
    ]);
    // Every other week counts from the start date's week (Thursday 1 January), as RFC 5545 says.
    expect(dates({ recurrence: { kind: 'weekly', days: [1], interval: 2 } }, 3)).toEqual([
      '2026-01-12',
      '2026-01-26',
      '2026-02-09',
    ]);
    // Last Friday of the month; the first Monday (January's first Monday is not a holiday; 6 January is Tuesday).
    expect(dates({ recurrence: { kind: 'monthlyWeekday', weekday: 5, nth: -1 } }, 3)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
    ]);
    expect(dates({ recurrence: { kind: 'monthlyWeekday', weekday: 1, nth: 1 } }, 2)).toEqual([
      '2026-01-05',
      '2026-02-02',
    ]);
    // The last business day moves back even when the duty's own rule says next (it must stay in its month).
    expect(dates({ recurrence: { kind: 'lastBusinessDayOfMonth' }, nonBusinessDay: 'nextBusinessDay' }, 3)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-31',
    ]);
    expect(
      dates({ recurrence: { kind: 'quarterly', monthOfQuarter: 1, day: 20 }, startDate: '2026-02-10' }, 4)
    ).toEqual(['2026-04-20', '2026-07-20', '2026-10-20', '2027-01-20']);
    expect(dates({ recurrence: { kind: 'yearly', month: 2, day: 29 }, nonBusinessDay: 'nextBusinessDay' }, 3)).toEqual([
      '2026-03-02',
      '2027-03-01',
      '2028-02-29',
    ]);
    expect(dates({ recurrence: { kind: 'rrule', rule: 'RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2' } }, 2)).toEqual([
      '2026-01-13',
      '2026-02-10',
    ]);
  });

  it('honours the end date, skip dates, and the time of day across daylight saving', () => {
    const input = schedule({
      recurrence: { kind: 'weekly', days: [1] },
      timeOfDay: '08:30',
      startDate: '2026-03-16',
      endDate: '2026-04-06',
    });
    const list = occurrencesAfter(input, warsaw, from, 10);
    expect(list.map((o) => o.at)).toEqual([
      '2026-03-16T07:30:00.000Z',
      '2026-03-23T07:30:00.000Z',
      '2026-03-30T06:30:00.000Z',
      '2026-04-03T06:30:00.000Z', // Easter Monday the 6th moves back to Friday
    ]);
    expect(nextOccurrence(input, warsaw, from, ['2026-03-16'])?.date).toBe('2026-03-23');
    expect(occurrencesAfter(input, warsaw, new Date('2026-03-16T07:30:00.000Z'), 1)[0]?.date).toBe('2026-03-23');
  });

  it('stops where the resolved holiday years end instead of guessing', () => {
    const list = occurrencesAfter(schedule({ recurrence: { kind: 'yearly', month: 6, day: 1 } }), warsaw, from, 12);
    expect(list.map((o) => o.date)).toEqual(['2026-06-01', '2027-06-01', '2028-06-01']);
    // Every date skipped: the search ends with the holiday data rather than running on for ever.
    const weekends = schedule({ recurrence: { kind: 'weekly', days: [6, 7] }, nonBusinessDay: 'skip' });
    expect(occurrencesAfter(weekends, warsaw, from, 5)).toEqual([]);
  });

  it('rejects rules a duty cannot follow, with a message that says why', () => {
    const bad =
      (recurrence: RecurrenceInput, extra: Partial<DutyScheduleInput> = {}) =>
      () =>
        assertValidSchedule(schedule({ recurrence, ...extra }));
    expect(bad({ kind: 'rrule', rule: 'FREQ=HOURLY' })).toThrow(/at most daily/);
    expect(bad({ kind: 'rrule', rule: 'FREQ=DAILY;COUNT=3' })).toThrow(/startDate and endDate/);
    expect(bad({ kind: 'rrule', rule: 'BYDAY=MO' })).toThrow(InvalidRecurrenceError);
    expect(bad({ kind: 'daily' }, { startDate: '2026-02-01', endDate: '2026-01-01' })).toThrow(/before startDate/);
    expect(() =>
      DutyScheduleSchema.parse({ recurrence: { kind: 'daily' }, timeZone: 'Mars/Olympus', startDate: '2026-01-01' })
    ).toThrow(/IANA/);
    expect(toRRule({ kind: 'monthly', day: 30 }, '2026-01-01').rule).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1'
    );
  });
});

describe('recurrence properties', () => {
  const recurrence: fc.Arbitrary<RecurrenceInput> = fc.oneof(
    fc.record({ kind: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 3 }) }),
    fc.record({
      kind: fc.constant('weekly' as const),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    }),
    fc.record({ kind: fc.constant('monthly' as const), day: fc.integer({ min: 1, max: 31 }) }),
    fc.record({
      kind: fc.constant('monthlyWeekday' as const),
      weekday: fc.integer({ min: 1, max: 7 }),
      nth: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, -1 as const),
    }),
    fc.constant({ kind: 'lastBusinessDayOfMonth' as const }),
    fc.record({
      kind: fc.constant('quarterly' as const),
      monthOfQuarter: fc.constantFrom(1 as const, 2 as const, 3 as const),
      day: fc.integer({ min: 1, max: 31 }),
    }),
    fc.record({
      kind: fc.constant('yearly' as const),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
  );
  // Times outside 02:00-02:59, which a spring-forward night skips in European and American zones.
  const timeOfDay = fc
    .record({ hour: fc.integer({ min: 0, max: 23 }).filter((h) => h !== 2), minute: fc.integer({ min: 0, max: 59 }) })
    .map(({ hour, minute }) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  const startDate = fc
    .integer({ min: 0, max: 700 })
    .map((days) => DateTime.fromISO('2025-01-01', { zone: 'UTC' }).plus({ days }).toISODate() ?? '2025-01-01');

  it('gives business days, strictly increasing, at the same wall-clock time', () => {
    fc.assert(
      fc.property(
        recurrence,
        timeOfDay,
        startDate,
        fc.constantFrom('previousBusinessDay' as const, 'nextBusinessDay' as const, 'skip' as const),
        fc.constantFrom('Europe/Warsaw', 'America/New_York', 'Asia/Tokyo'),
        (rec, time, start, rule, zone) => {
          const input = schedule({
            recurrence: rec,
            timeOfDay: time,
            startDate: start,
            nonBusinessDay: rule,
            timeZone: zone,
          });
          const list = occurrencesAfter(input, warsaw, new Date(`${start}T00:00:00Z`), 20);
          let previous = -Infinity;
          for (const occurrence of list) {
            expect(isBusinessDay(warsaw, occurrence.date)).toBe(true);
            expect(
              occurrence.date >= start || rule === 'previousBusinessDay' || rec.kind === 'lastBusinessDayOfMonth'
            ).toBe(true);
            const at = new Date(occurrence.at).getTime();
            expect(at).toBeGreaterThan(previous);
            previous = at;
            const local = DateTime.fromISO(occurrence.at, { zone });
            expect(local.toFormat('HH:mm')).toBe(time);
            expect(local.toISODate()).toBe(occurrence.date);
            expect(occurrence.moved).toBe(occurrence.date !== occurrence.nominalDate);
            if (occurrence.moved) expect(occurrence.reason).toBeTruthy();
          }
        }
      ),
      { numRuns: 120 }
    );
  }, 60_000);
});
