import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import { oneTaskTemplate } from './support/one-task-template';

// A manager manages running work: moves a step's deadline (the ladder follows), sets its priority, reassigns it.
const MONDAY = '2026-11-09T08:00:00.000Z';
const ctx: EngineContext = { calendar: calendarContext({ country: 'PL' }), ladderTargets: true, stepNotices: true };

const template = oneTaskTemplate(
  {
    title: 'Prepare the supplier comparison',
    due: 'start + 3bd @17:00',
    escalation: [
      { at: { relation: 'before', amount: 4, unit: 'hours' }, action: { kind: 'remindAssignee' } },
      { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
    ],
  },
  'manage'
);

function started(): ProcessState {
  return startProcess('wf-manage', template, {}, 'boss', MONDAY, ctx).state;
}

const step = (event: Record<string, unknown>) =>
  ({ nodeId: 'task', actor: 'director', at: '2026-11-10T09:00:00.000Z', ...event }) as ProcessEvent;

const timers = (effects: Effect[]) => effects.flatMap((effect) => (effect.type === 'scheduleTimer' ? [effect.at] : []));

describe('managing running work', () => {
  it('moves the deadline with a reason: the row, the ladder and the audit follow, the assignee is told', () => {
    const state = started();
    // Three business days from Monday 9 November, 11 November (Independence Day) off: Friday 13th, 17:00.
    expect(state.steps.task?.due).toBe('2026-11-13T16:00:00.000Z');
    const due = '2026-11-16T16:00:00.000Z';
    const { state: after, effects } = apply(
      state,
      step({ type: 'changeDue', due, reason: 'the supplier is late' }),
      ctx
    );
    expect(after.steps.task?.due).toBe(due);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'updateTask', nodeId: 'task', due }));
    // Both rungs planned again from the new date: 4 h before (12:00) and at 17:00 Warsaw time on Monday 16th.
    expect(timers(effects)).toEqual(['2026-11-16T12:00:00.000Z', due]);
    expect(effects.filter((effect) => effect.type === 'cancelTimer')).toHaveLength(2);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'notify', recipient: 'anna' }));
    expect(effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'dueChanged',
        actor: 'director',
        detail: expect.objectContaining({ from: '2026-11-13T16:00:00.000Z', to: due, reason: 'the supplier is late' }),
      })
    );
  });

  it('refuses a deadline that is not a date or has no reason', () => {
    const state = started();
    expect(() => apply(state, step({ type: 'changeDue', due: 'soon', reason: 'x' }), ctx)).toThrow(StepRejectedError);
    expect(() => apply(state, step({ type: 'changeDue', due: '2026-11-16T16:00:00Z', reason: ' ' }), ctx)).toThrow(
      StepRejectedError
    );
  });

  it('sets the priority on the step and its row, audited from → to', () => {
    const { state, effects } = apply(
      started(),
      step({ type: 'setPriority', priority: { urgent: true, important: true }, reason: 'client escalated' }),
      ctx
    );
    expect(state.steps.task?.priority).toEqual({ urgent: true, important: true });
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'updateTask', priority: { urgent: true, important: true } })
    );
    expect(effects).toContainEqual(
      expect.objectContaining({
        action: 'priorityChanged',
        detail: expect.objectContaining({ reason: 'client escalated' }),
      })
    );
  });

  it('lets a manager the API authorized reassign a step they do not review; anyone else is refused', () => {
    expect(() => apply(started(), step({ type: 'reassign', to: 'olga' }), ctx)).toThrow(StepRejectedError);
    const { state } = apply(started(), step({ type: 'reassign', to: 'olga', asManager: true }), ctx);
    expect(state.steps.task?.assignee).toBe('olga');
  });
});
