import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess } from '../workflows/interpreter';
import type { EngineContext } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';

const warsaw = calendarContext({ country: 'PL' });
// Friday 13 November 2026, 16:00 in Warsaw (working hours 09:00-17:00).
const FRIDAY_4PM = '2026-11-13T15:00:00.000Z';

const template = (due: string) =>
  parseTemplate({
    schemaVersion: 1,
    id: 'request',
    name: 'Client request',
    calendarId: 'pl',
    parameters: [{ name: 'eventDate', type: 'date', label: 'Event date' }],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'answer',
        type: 'task',
        position: { x: 1, y: 0 },
        data: { title: 'Answer', assignee: { kind: 'person', personId: 'anna' }, due },
      },
      { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'answer' },
      { id: 'e2', source: 'answer', target: 'end' },
    ],
  });

const dueOf = (due: string, ctx: EngineContext, params: Record<string, unknown> = {}) =>
  startProcess('wf', template(due), params, 'boss', FRIDAY_4PM, ctx).state.steps.answer?.due;

describe('due dates in working time (patched `working-time-due`)', () => {
  it('moves a step due after hours to the next opening for a new process, not for one started before', () => {
    expect(dueOf('start + 4h', { calendar: warsaw, workingTimeDue: true })).toBe('2026-11-16T08:00:00.000Z');
    expect(dueOf('start + 4h', { calendar: warsaw })).toBe('2026-11-13T19:00:00.000Z');
    expect(dueOf('start + 4bh', { calendar: warsaw, workingTimeDue: true })).toBe('2026-11-16T11:00:00.000Z');
  });

  it('keeps a deadline that says `any day`, and moves it again when the date parameter changes', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeDue: true };
    expect(dueOf('eventDate @10:00 any day', ctx, { eventDate: '2026-11-14' })).toBe('2026-11-14T09:00:00.000Z');
    const started = startProcess(
      'wf',
      template('eventDate @10:00'),
      { eventDate: '2026-11-20' },
      'boss',
      FRIDAY_4PM,
      ctx
    );
    expect(started.state.steps.answer?.due).toBe('2026-11-20T09:00:00.000Z');
    const moved = apply(
      started.state,
      {
        type: 'changeParameter',
        name: 'eventDate',
        value: '2026-11-21',
        actor: 'boss',
        at: FRIDAY_4PM,
      },
      ctx
    );
    // Saturday 21 November 10:00 is a weekend: Monday 23 November 09:00.
    expect(moved.state.steps.answer?.due).toBe('2026-11-23T08:00:00.000Z');
  });
});

describe('a weekend or night start (patched `working-time-rungs`)', () => {
  // Sunday 6 December 2026, 00:15 in Warsaw; Saturday 5 December 20:00.
  const SUNDAY_NIGHT = '2026-12-05T23:15:00.000Z';
  const SATURDAY_EVENING = '2026-12-05T19:00:00.000Z';
  const laddered = (due: string, ladder: unknown[]) => {
    const input = template(due) as unknown as { escalation?: unknown[] };
    return parseTemplate({ ...(input as object), escalation: ladder } as Parameters<typeof parseTemplate>[0]);
  };
  const remindBefore = (hours: number) => ({
    at: { relation: 'before', amount: hours, unit: 'businessHours' },
    action: { kind: 'remindAssignee' },
  });
  const escalateAfter = (hours: number) => ({
    at: { relation: 'after', amount: hours, unit: 'hours' },
    action: { kind: 'escalateToDelegator' },
  });
  const rungTimes = (due: string, ladder: unknown[], at: string, ctx: EngineContext) => {
    const started = startProcess('wf', laddered(due, ladder), {}, 'boss', at, ctx);
    return {
      due: started.state.steps.answer?.due,
      rungs: started.state.steps.answer?.pendingRungs.map((rung) => rung.at),
    };
  };

  it('gives a request logged on Sunday night a whole business day, as one logged on Saturday evening', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeDue: true, workingTimeRungs: true };
    // Tuesday 8 December 09:00 either way: Monday is the business day the request gets.
    expect(startProcess('wf', template('start + 1bd'), {}, 'boss', SUNDAY_NIGHT, ctx).state.steps.answer?.due).toBe(
      '2026-12-08T08:00:00.000Z'
    );
    expect(startProcess('wf', template('start + 1bd'), {}, 'boss', SATURDAY_EVENING, ctx).state.steps.answer?.due).toBe(
      '2026-12-08T08:00:00.000Z'
    );
    // A time of day is kept as written: by the end of Monday.
    expect(
      startProcess('wf', template('start + 1bd @17:00'), {}, 'boss', SUNDAY_NIGHT, ctx).state.steps.answer?.due
    ).toBe('2026-12-07T16:00:00.000Z');
    // A process started before the patch keeps Monday at opening.
    const before: EngineContext = { calendar: warsaw, workingTimeDue: true };
    expect(startProcess('wf', template('start + 1bd'), {}, 'boss', SUNDAY_NIGHT, before).state.steps.answer?.due).toBe(
      '2026-12-07T08:00:00.000Z'
    );
  });

  it('never fires a rung before the step opened nor outside working time', () => {
    const ctx: EngineContext = { calendar: warsaw, workingTimeDue: true, workingTimeRungs: true };
    // Due Monday 11:00 (2 business hours from the opening); "4 business hours before" is Friday 15:00, already past
    // on Sunday night: the reminder waits for Monday 09:00. "8 hours after" (19:00) waits for Tuesday 09:00.
    expect(rungTimes('start + 2bh', [remindBefore(4), escalateAfter(8)], SUNDAY_NIGHT, ctx)).toEqual({
      due: '2026-12-07T10:00:00.000Z',
      rungs: ['2026-12-07T08:00:00.000Z', '2026-12-08T08:00:00.000Z'],
    });
    // Before the patch the reminder's timer was in the past (it fired at once, in the night).
    const before: EngineContext = { calendar: warsaw, workingTimeDue: true };
    expect(rungTimes('start + 2bh', [remindBefore(4), escalateAfter(8)], SUNDAY_NIGHT, before).rungs).toEqual([
      '2026-12-04T14:00:00.000Z',
      '2026-12-07T18:00:00.000Z',
    ]);
  });
});
