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
