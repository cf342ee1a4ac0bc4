// Absences in the pure engine: an absent assignee's new and open steps go to the deputy, marked "acting for".
import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Absence, Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';

const calendar = calendarContext({ country: 'PL' });
const params = { assistant: 'anna', taskTitle: 'Quarterly report' };
// Tuesday 8 June 2027, 09:00 in Warsaw.
const STARTED = '2027-06-08T07:00:00.000Z';
const template = parseTemplate(delegationCycleTemplate);

function run(state: ProcessState, events: ProcessEvent[], ctx: EngineContext) {
  const effects: Effect[] = [];
  for (const event of events) {
    const next = apply(state, event, ctx);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const actingAudits = (effects: Effect[]) =>
  effects.filter((effect) => effect.type === 'audit' && effect.action === 'actingFor');

describe('absences and deputies', () => {
  it('gives a new step of an absent assignee to the deputy, with the acting-for mark in the row and the audit', () => {
    const away: Absence = { personId: 'anna', from: '2027-06-07', to: '2027-06-11', deputy: 'bart' };
    const ctx: EngineContext = { calendar, org: { absences: [away] } };
    const { state, effects } = startProcess('p-1', template, params, 'boss', STARTED, ctx);
    expect(state.steps['do-task']).toMatchObject({ assignee: 'bart', actingFor: 'anna' });
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'createTask', nodeId: 'do-task', assignee: 'bart', actingFor: 'anna' })
    );
    expect(actingAudits(effects)).toEqual([
      expect.objectContaining({
        nodeId: 'do-task',
        actor: 'system',
        detail: expect.objectContaining({ deputy: 'bart', actingFor: 'anna', absentFrom: '2027-06-07' }),
      }),
    ]);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'notify', recipient: 'bart', subject: 'A step came to you as deputy' })
    );
    // The deputy acts; the absent person no longer can.
    const started = run(state, [{ type: 'start', nodeId: 'do-task', actor: 'bart', at: STARTED }], ctx);
    expect(started.state.steps['do-task']?.phase).toBe('inProgress');
    expect(() => apply(state, { type: 'start', nodeId: 'do-task', actor: 'anna', at: STARTED }, ctx)).toThrow(
      StepRejectedError
    );
  });

  it('ignores an absence that is over or has not begun when the step opens', () => {
    const past: Absence = { personId: 'anna', from: '2027-05-01', to: '2027-06-07', deputy: 'bart' };
    const { state } = startProcess('p-2', template, params, 'boss', STARTED, { calendar, org: { absences: [past] } });
    expect(state.steps['do-task']).toMatchObject({ assignee: 'anna' });
    expect(state.steps['do-task']?.actingFor).toBeUndefined();
  });

  it('hands open steps over at once when an absence is recorded that has begun, idempotently', () => {
    const ctx: EngineContext = { calendar };
    const first = startProcess('p-3', template, params, 'boss', STARTED, ctx);
    expect(first.state.steps['do-task']?.assignee).toBe('anna');
    const absence: Absence = { personId: 'anna', from: '2027-06-08', to: '2027-06-18', deputy: 'bart' };
    const record: ProcessEvent = { type: 'recordAbsence', absence, actor: 'admin', at: '2027-06-08T10:00:00.000Z' };
    const moved = run(first.state, [record], ctx);
    expect(moved.state.steps['do-task']).toMatchObject({ assignee: 'bart', actingFor: 'anna' });
    expect(moved.effects).toContainEqual({
      type: 'updateTask',
      nodeId: 'do-task',
      round: 1,
      status: 'open',
      assignee: 'bart',
      actingFor: 'anna',
    });
    expect(actingAudits(moved.effects)).toHaveLength(1);
    // The same absence again (a retried request) changes nothing.
    expect(run(moved.state, [record], ctx).effects).toEqual([]);
  });

  it('waits for a future absence to begin (00:00 in the team zone), then hands over what is still open', () => {
    const ctx: EngineContext = { calendar };
    const first = startProcess('p-4', template, params, 'boss', STARTED, ctx);
    const absence: Absence = { personId: 'anna', from: '2027-06-14', to: '2027-06-18', deputy: 'bart' };
    const recorded = run(
      first.state,
      [{ type: 'recordAbsence', absence, actor: 'admin', at: '2027-06-08T10:00:00.000Z' }],
      ctx
    );
    expect(recorded.state.steps['do-task']?.assignee).toBe('anna');
    const timer = recorded.effects.find((effect) => effect.type === 'scheduleTimer');
    // Monday 14 June 00:00 in Warsaw (CEST, UTC+2).
    expect(timer).toEqual({ type: 'scheduleTimer', timerId: expect.any(String), at: '2027-06-13T22:00:00.000Z' });
    if (timer?.type !== 'scheduleTimer') throw new Error('no timer');
    const fired = run(recorded.state, [{ type: 'timerFired', timerId: timer.timerId, at: timer.at }], ctx);
    expect(fired.state.steps['do-task']).toMatchObject({ assignee: 'bart', actingFor: 'anna' });
    expect(actingAudits(fired.effects)).toHaveLength(1);
  });

  it('leaves done steps with their assignee, and a reassignment by the reviewer clears the mark', () => {
    const away: Absence = { personId: 'anna', from: '2027-06-08', to: '2027-06-18', deputy: 'bart' };
    const ctx: EngineContext = { calendar, org: { absences: [away] } };
    const first = startProcess('p-5', template, params, 'boss', STARTED, ctx);
    const reassigned = run(
      first.state,
      [{ type: 'reassign', nodeId: 'do-task', actor: 'boss', to: 'carl', at: STARTED }],
      ctx
    );
    expect(reassigned.state.steps['do-task']?.assignee).toBe('carl');
    expect(reassigned.state.steps['do-task']?.actingFor).toBeUndefined();
    expect(reassigned.effects).toContainEqual(expect.objectContaining({ type: 'updateTask', actingFor: null }));
  });

  it('refuses malformed absences with a clear message', () => {
    const ctx: EngineContext = { calendar };
    const { state } = startProcess('p-6', template, params, 'boss', STARTED, ctx);
    const record = (absence: Absence) =>
      apply(state, { type: 'recordAbsence', absence, actor: 'admin', at: STARTED }, ctx);
    expect(() => record({ personId: 'anna', from: '2027-06-10', to: '2027-06-09', deputy: 'bart' })).toThrow(
      'an absence ends on or after the day it starts'
    );
    expect(() => record({ personId: 'anna', from: '10.06.2027', to: '2027-06-12', deputy: 'bart' })).toThrow(
      'an absence needs from and to as calendar days (YYYY-MM-DD)'
    );
    expect(() => record({ personId: 'anna', from: '2027-06-10', to: '2027-06-12', deputy: 'anna' })).toThrow(
      'nobody can be their own deputy'
    );
  });
});
