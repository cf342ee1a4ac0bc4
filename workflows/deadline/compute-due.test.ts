import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { atLocalTime, isBusinessDay, type CalendarContext } from '../calendar';
import { calendarContext, warsaw } from '../calendar/calendar.fixtures';
import { applyOffset, computeDue, InvalidDeadlineAnchorError, MissingDeadlineAnchorError } from './compute-due';
import { parseDeadline } from './deadline-spec';
import { dueAfterPause, pausedBusinessTime, shiftDueByPause } from './pause';

const HOUR = 3_600_000;
const at = (date: string, time: string, ctx: CalendarContext = warsaw) => atLocalTime(ctx, date, time);
const wall = (instant: Date, ctx: CalendarContext = warsaw) =>
  DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone }).setLocale('en-US').toFormat('yyyy-MM-dd HH:mm ccc');

describe('computeDue on the Polish calendar, 2026 (11 Nov is a Wednesday holiday)', () => {
  it('archives a contract 3 business days after signing, by 17:00, explaining the holiday', () => {
    const result = computeDue(
      parseDeadline('sign.done + 3bd @17:00'),
      { nodes: { sign: at('2026-11-09', '10:15') } },
      warsaw,
      { anchorLabel: 'signing' }
    );
    expect(wall(result.due)).toBe('2026-11-13 17:00 Fri');
    expect(result.anchorAt).toStrictEqual(at('2026-11-09', '10:15'));
    expect(result.skipped).toStrictEqual([
      { date: '2026-11-11', reason: 'publicHoliday', name: 'Narodowe Święto Niepodległości' },
    ]);
    expect(result.explanation).toBe(
      'Fri 13 Nov 17:00: 3 business days after signing on Mon 9 Nov; 11 Nov is a public holiday in Poland (Narodowe Święto Niepodległości)'
    );
  });

  it('makes a task started on Tuesday due Friday 17:00 with 2 business days', () => {
    const result = computeDue(parseDeadline('start + 2bd @17:00'), { start: at('2026-11-10', '11:00') }, warsaw);
    expect(wall(result.due)).toBe('2026-11-13 17:00 Fri');
    expect(result.explanation).toMatch(/^Fri 13 Nov 17:00: 2 business days after the process start on Tue 10 Nov;/);
  });

  it('lists skipped weekends in the structured reasons but not in the sentence', () => {
    const result = computeDue(parseDeadline('start + 1bd'), { start: at('2026-11-13', '12:30') }, warsaw);
    expect(wall(result.due)).toBe('2026-11-16 12:30 Mon');
    expect(result.skipped.map((day) => [day.date, day.reason])).toStrictEqual([
      ['2026-11-14', 'weekend'],
      ['2026-11-15', 'weekend'],
    ]);
    expect(result.explanation).toBe('Mon 16 Nov 12:30: 1 business day after the process start on Fri 13 Nov 12:30');
  });

  it('runs a daily duty by 17:00 and moves an occurrence off a holiday as the duty says', () => {
    const daily = parseDeadline('occurrence @17:00');
    expect(wall(computeDue(daily, { occurrence: at('2026-11-12', '00:00') }, warsaw).due)).toBe('2026-11-12 17:00 Thu');

    const kept = computeDue(daily, { occurrence: at('2026-11-11', '00:00') }, warsaw);
    expect(wall(kept.due)).toBe('2026-11-11 17:00 Wed');
    expect(kept.fallsOn?.reason).toBe('publicHoliday');
    expect(kept.explanation).toContain('note: 11 Nov is not a business day (public holiday: Narodowe Święto');

    const earlier = computeDue(daily, { occurrence: at('2026-11-11', '00:00') }, warsaw, {
      nonBusinessDay: 'previous',
    });
    expect(wall(earlier.due)).toBe('2026-11-10 17:00 Tue');
    expect(earlier.movedFrom?.day.date).toBe('2026-11-11');
    expect(earlier.explanation).toContain('to the previous business day');

    const later = computeDue(daily, { occurrence: at('2026-11-14', '00:00') }, warsaw, { nonBusinessDay: 'next' });
    expect(wall(later.due)).toBe('2026-11-16 17:00 Mon');
    expect(later.skipped.map((day) => day.date)).toStrictEqual(['2026-11-14', '2026-11-15']);
  });

  it('plans 14 days before an event date, a bare date meaning close of business', () => {
    const spec = parseDeadline('eventDate - 14d');
    const result = computeDue(spec, { parameters: { eventDate: '2026-12-10' } }, warsaw);
    expect(wall(result.due)).toBe('2026-11-26 17:00 Thu');
    expect(result.explanation).toBe('Thu 26 Nov 17:00: 14 days before eventDate on Thu 10 Dec 17:00');

    // When the event moves, the deadline moves with it; landing on 11 Nov it can roll back to the 10th.
    const moved = computeDue(spec, { parameters: { eventDate: '2026-11-25' } }, warsaw, { nonBusinessDay: 'previous' });
    expect(wall(moved.due)).toBe('2026-11-10 17:00 Tue');

    const planning = computeDue(
      parseDeadline('eventDate - 4w @09:00'),
      { parameters: { eventDate: '2026-12-10' } },
      warsaw
    );
    expect(wall(planning.due)).toBe('2026-11-12 09:00 Thu');
  });

  it('takes datetime parameters in the calendar zone unless they carry an offset', () => {
    const spec = parseDeadline('meetingAt - 90min');
    expect(wall(computeDue(spec, { parameters: { meetingAt: '2026-11-12T10:00' } }, warsaw).due)).toBe(
      '2026-11-12 08:30 Thu'
    );
    expect(wall(computeDue(spec, { parameters: { meetingAt: '2026-11-12T10:00Z' } }, warsaw).due)).toBe(
      '2026-11-12 09:30 Thu'
    );
  });

  it('treats hours as elapsed time and days as wall-clock days across the DST end on 2026-10-25', () => {
    const start = at('2026-10-24', '10:00'); // Saturday, CEST
    expect(wall(computeDue(parseDeadline('start + 24h'), { start }, warsaw).due)).toBe('2026-10-25 09:00 Sun');
    expect(wall(computeDue(parseDeadline('start + 1d'), { start }, warsaw).due)).toBe('2026-10-25 10:00 Sun');
    expect(computeDue(parseDeadline('start + 1d'), { start }, warsaw).due.getTime() - start.getTime()).toBe(25 * HOUR);
    // Spring forward on 2026-03-29: the day has 23 hours, 17:00 stays 17:00.
    const march = computeDue(parseDeadline('start + 3bd'), { start: at('2026-03-26', '17:00') }, warsaw);
    expect(wall(march.due)).toBe('2026-03-31 17:00 Tue');
  });

  it('handles weeks, months and minutes', () => {
    const start = at('2026-01-31', '12:00');
    expect(wall(computeDue(parseDeadline('start + 1mo'), { start }, warsaw).due)).toBe('2026-02-28 12:00 Sat');
    expect(wall(computeDue(parseDeadline('start + 2w'), { start }, warsaw).due)).toBe('2026-02-14 12:00 Sat');
    expect(wall(computeDue(parseDeadline('start + 90min'), { start }, warsaw).due)).toBe('2026-01-31 13:30 Sat');
    expect(computeDue(parseDeadline('start'), { start }, warsaw).due).toStrictEqual(start);
  });

  it('names company days off and shows the year when it changes', () => {
    const result = computeDue(parseDeadline('start + 1bd @12:00'), { start: at('2026-12-30', '15:00') }, warsaw);
    expect(wall(result.due)).toBe('2027-01-04 12:00 Mon');
    expect(result.explanation).toBe(
      'Mon 4 Jan 2027 12:00: 1 business day after the process start on Wed 30 Dec 2026; 31 Dec is a company day off; 1 Jan is a public holiday in Poland (Nowy Rok)'
    );
  });

  it('explains holidays of other countries', () => {
    const prague = calendarContext({ country: 'CZ', timeZone: 'Europe/Prague' });
    const result = computeDue(parseDeadline('start + 1bd'), { start: at('2026-10-27', '10:00', prague) }, prague);
    expect(wall(result.due, prague)).toBe('2026-10-29 10:00 Thu');
    expect(result.explanation).toMatch(/28 Oct is a public holiday in Czechia \(.+\)$/);
  });
});

describe('applyOffset, for escalation rungs around a due time', () => {
  it('reminds 1 business day before and escalates 2 hours and 1 business day after a Thursday due time', () => {
    const due = at('2026-11-12', '17:00');
    const remind = applyOffset(warsaw, due, { amount: 1, unit: 'businessDays', direction: 'before' });
    expect(wall(remind.result)).toBe('2026-11-10 17:00 Tue');
    expect(remind.skipped.map((day) => day.reason)).toStrictEqual(['publicHoliday']);
    expect(wall(applyOffset(warsaw, due, { amount: 2, unit: 'hours', direction: 'after' }).result)).toBe(
      '2026-11-12 19:00 Thu'
    );
    expect(wall(applyOffset(warsaw, due, { amount: 1, unit: 'businessDays', direction: 'after' }).result)).toBe(
      '2026-11-13 17:00 Fri'
    );
    expect(applyOffset(warsaw, due, { amount: 0, unit: 'weeks', direction: 'after' }).result).toStrictEqual(due);
  });
});

describe('anchor errors', () => {
  it('names a missing anchor', () => {
    const error = (() => {
      try {
        computeDue(parseDeadline('sign.done + 3bd @17:00'), { nodes: {} }, warsaw);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MissingDeadlineAnchorError);
    expect((error as MissingDeadlineAnchorError).anchorText).toBe('sign.done');
    expect((error as MissingDeadlineAnchorError).anchor).toStrictEqual({ kind: 'node', nodeId: 'sign' });
    expect((error as Error).message).toBe(
      'deadline "sign.done + 3bd @17:00" needs the completion of node "sign" (`sign.done`), which has no value yet'
    );
    expect(() => computeDue(parseDeadline('eventDate - 14d'), {}, warsaw)).toThrow(
      /needs the date parameter "eventDate"/
    );
    expect(() => computeDue(parseDeadline('start + 1d'), {}, warsaw)).toThrow(MissingDeadlineAnchorError);
    expect(() => computeDue(parseDeadline('occurrence @17:00'), { start: new Date(0) }, warsaw)).toThrow(
      /the occurrence instant/
    );
  });

  it('rejects anchor values that are not dates', () => {
    const spec = parseDeadline('eventDate - 14d');
    expect(() => computeDue(spec, { parameters: { eventDate: 'next tuesday' } }, warsaw)).toThrow(
      InvalidDeadlineAnchorError
    );
    expect(() => computeDue(spec, { parameters: { eventDate: '2026-02-30' } }, warsaw)).toThrow(
      /eventDate.*2026-02-30/
    );
    expect(() => computeDue(spec, { parameters: { eventDate: new Date(NaN) } }, warsaw)).toThrow(
      InvalidDeadlineAnchorError
    );
  });
});

describe('pausing the SLA clock for a decision request', () => {
  it('moves a Friday 17:00 due date by the 2 business days the decision took', () => {
    const due = at('2026-11-13', '17:00');
    const pausedAt = at('2026-11-10', '15:00');
    const answeredAt = at('2026-11-13', '15:00');
    // Tue 2h + (Wed holiday) + Thu 8h + Fri 6h = 16 business hours = 2 working days.
    expect(pausedBusinessTime(warsaw, pausedAt, answeredAt)).toBe(16 * HOUR);
    expect(wall(dueAfterPause(warsaw, due, pausedAt, answeredAt))).toBe('2026-11-17 17:00 Tue');
  });

  it('costs nothing when paused outside business time', () => {
    const due = at('2026-11-16', '17:00');
    expect(dueAfterPause(warsaw, due, at('2026-11-13', '17:00'), at('2026-11-16', '09:00'))).toStrictEqual(due);
    expect(pausedBusinessTime(warsaw, at('2026-11-16', '09:00'), at('2026-11-13', '17:00'))).toBe(0);
  });

  it('shifts by part of a day within working hours', () => {
    expect(wall(shiftDueByPause(warsaw, at('2026-11-12', '12:00'), 6 * HOUR))).toBe('2026-11-13 10:00 Fri');
    expect(() => shiftDueByPause(warsaw, at('2026-11-12', '12:00'), -1)).toThrow(RangeError);
  });
});

const instant = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) })
  .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));

describe('properties', () => {
  it('a business-day deadline never lands on a weekend, holiday or company day off', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), fc.constantFrom('+', '-'), (start, n, op) => {
        const { due } = computeDue(parseDeadline(`start ${op} ${n}bd @17:00`), { start }, warsaw);
        expect(isBusinessDay(warsaw, due)).toBe(true);
        expect(DateTime.fromJSDate(due, { zone: 'Europe/Warsaw' }).toFormat('HH:mm')).toBe('17:00');
      }),
      { numRuns: 200 }
    );
  });

  it('later offsets never give earlier due dates, for every unit', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(2026, 0, 1)), max: new Date(Date.UTC(2026, 11, 31)), noInvalidDate: true }),
        fc.constantFrom('min', 'h', 'd', 'bd', 'w', 'mo'),
        // Up to 24 months from 2027 stays inside the holiday years the fixture resolved (to 2028).
        fc.nat({ max: 12 }),
        fc.nat({ max: 12 }),
        (start, unit, n, extra) => {
          const due = (amount: number) => computeDue(parseDeadline(`start + ${amount}${unit}`), { start }, warsaw).due;
          expect(due(n).getTime()).toBeLessThanOrEqual(due(n + extra).getTime());
        }
      ),
      { numRuns: 200 }
    );
  });

  it('day, week and month offsets keep the wall-clock time of day across DST changes', () => {
    fc.assert(
      // Up to 48: the longest offset in months validation accepts (workflows/deadline/limits).
      fc.property(instant, fc.integer({ min: 1, max: 48 }), fc.constantFrom('d', 'w', 'mo'), (start, n, unit) => {
        const local = DateTime.fromJSDate(start, { zone: 'Europe/Warsaw' });
        // 02:00-02:59 does not exist on the spring-forward day, so such a start has no same time there.
        fc.pre(local.hour !== 2);
        const { due } = computeDue(
          parseDeadline(`start + ${n}${unit}`),
          { start },
          { ...warsaw, holidayYears: undefined }
        );
        expect(DateTime.fromJSDate(due, { zone: 'Europe/Warsaw' }).toFormat('HH:mm')).toBe(local.toFormat('HH:mm'));
      }),
      { numRuns: 200 }
    );
  });
});
