import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLocalTime, isBusinessDay, localDate, workingHoursOn } from '../workflows/calendar';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess } from '../workflows/interpreter';
import type { EngineContext, Transition } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';

const warsaw = calendarContext({ country: 'PL', companyDaysOff: ['2026-12-31'] });
const moscow = calendarContext({ country: 'RU', timeZone: 'Europe/Moscow' });
// Friday 13 November 2026, 16:00 in Warsaw (working hours 09:00-17:00).
const FRIDAY_4PM = '2026-11-13T15:00:00.000Z';

/** start → wait (until the rule) → a step → end. */
const template = (until: string) =>
  parseTemplate({
    schemaVersion: 1,
    id: 'follow-up',
    name: 'Follow-up',
    calendarId: 'pl',
    parameters: [{ name: 'eventDate', type: 'date', label: 'Event date' }],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'pause', type: 'wait', position: { x: 1, y: 0 }, data: { until } },
      {
        id: 'call',
        type: 'task',
        position: { x: 2, y: 0 },
        data: { title: 'Call the client', assignee: { kind: 'person', personId: 'anna' } },
      },
      { id: 'end', type: 'end', position: { x: 3, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'pause' },
      { id: 'e2', source: 'pause', target: 'call' },
      { id: 'e3', source: 'call', target: 'end' },
    ],
  });

/** The instant the wait node's timer is set for. */
const waitEnds = (effects: Transition['effects']): string | undefined =>
  effects.flatMap((effect) =>
    effect.type === 'scheduleTimer' && effect.timerId.startsWith('pause:wait') ? [effect.at] : []
  )[0];

const started = (until: string, ctx: EngineContext, params: Record<string, unknown> = {}, at = FRIDAY_4PM) =>
  startProcess('wf', template(until), params, 'boss', at, ctx);

describe('wait times in working time (patched `working-time-waits`)', () => {
  it('moves a wait ending after hours or on a day off to the next opening for a new process, not for one started before', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeWaits: true, workingTimeRungs: true };
    // Friday 16:00 + 4 h is 20:00: Monday 16 November 09:00.
    expect(waitEnds(started('start + 4h', ctx).effects)).toBe('2026-11-16T08:00:00.000Z');
    expect(waitEnds(started('start + 4h', { calendar: warsaw }).effects)).toBe('2026-11-13T19:00:00.000Z');
    // Wednesday 11 November is a holiday: Thursday 09:00.
    expect(waitEnds(started('eventDate @10:00', ctx, { eventDate: '2026-11-11' }).effects)).toBe(
      '2026-11-12T08:00:00.000Z'
    );
    // Inside working time it stays.
    expect(waitEnds(started('start + 30min', ctx).effects)).toBe('2026-11-13T15:30:00.000Z');
  });

  it('keeps a wait that says `any day`', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeWaits: true };
    expect(waitEnds(started('eventDate @10:00 any day', ctx, { eventDate: '2026-11-14' }).effects)).toBe(
      '2026-11-14T09:00:00.000Z'
    );
  });

  it('moves it again into working time when the date it hangs off changes', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeWaits: true };
    const first = started('eventDate @10:00', ctx, { eventDate: '2026-11-20' });
    expect(waitEnds(first.effects)).toBe('2026-11-20T09:00:00.000Z');
    const moved = apply(
      first.state,
      { type: 'changeParameter', name: 'eventDate', value: '2026-11-21', actor: 'boss', at: FRIDAY_4PM },
      ctx
    );
    // Saturday 21 November 10:00: Monday 23 November 09:00.
    expect(waitEnds(moved.effects)).toBe('2026-11-23T08:00:00.000Z');
  });

  it('follows the process’s calendar: a Russian transfer day is not working time', () => {
    // Saturday 1 November 2025 is worked by decree (and an hour short); 16:00 + 4 h is 20:00, and Monday 3 November
    // is off by the same decree, Tuesday 4 November is Unity Day: the wait ends Wednesday 5 November 09:00 in Moscow.
    const ctx: EngineContext = { calendar: moscow, workingTimeWaits: true, workingTimeRungs: true };
    expect(waitEnds(started('start + 4h', ctx, {}, '2025-11-01T13:00:00.000Z').effects)).toBe(
      '2025-11-05T06:00:00.000Z'
    );
    // On the Polish calendar the same wait ends on Monday 3 November (1 November is All Saints' Day there).
    expect(waitEnds(started('start + 4h', { ...ctx, calendar: warsaw }, {}, '2025-11-01T13:00:00.000Z').effects)).toBe(
      '2025-11-03T08:00:00.000Z'
    );
  });

  it('property: no wait of a new process ends outside working time unless it says `any day`', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(warsaw, moscow),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('min', 'h', 'bh', 'd', 'bd'),
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.constantFrom('00:00', '08:59', '12:15', '17:00', '23:59'), { nil: undefined }),
        fc.boolean(),
        (calendar, start, unit, amount, timeOfDay, anyDay) => {
          const rule = `start + ${amount}${unit}${timeOfDay ? ` @${timeOfDay}` : ''}${anyDay ? ' any day' : ''}`;
          const ctx: EngineContext = { calendar, workingTimeWaits: true, workingTimeRungs: true };
          const at = waitEnds(started(rule, ctx, {}, start.toISOString()).effects);
          expect(at, rule).toBeDefined();
          const due = new Date(at!);
          const date = localDate(calendar, due);
          const hours = workingHoursOn(calendar.calendar, date);
          const inWorkingTime =
            isBusinessDay(calendar, date) &&
            due >= atLocalTime(calendar, date, hours.start) &&
            due <= atLocalTime(calendar, date, hours.end);
          if (!anyDay) expect(inWorkingTime, `${rule} from ${start.toISOString()}`).toBe(true);
        }
      ),
      { numRuns: 300, seed: 20261206 }
    );
  }, 120_000);
});
