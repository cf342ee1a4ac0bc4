import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';

// Team "ops": Anna and Adam, managed by Olga; Anna also reports to Lena. The delegator (boss) reports to a director.
const ORG = {
  managers: { anna: 'lena', adam: 'olga', boss: 'director' },
  teams: { ops: { manager: 'olga' } },
};
const MONDAY = '2026-11-09T08:00:00.000Z';
const LATER = '2026-11-09T09:00:00.000Z';
const ctx: EngineContext = {
  calendar: calendarContext({ country: 'PL' }),
  org: ORG,
  ladderTargets: true,
  stepNotices: true,
  teamQueues: true,
};

const template = parseTemplate({
  schemaVersion: 1,
  id: 'team-queue',
  name: 'Team queue',
  calendarId: 'pl',
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    {
      id: 'invoice',
      type: 'task',
      position: { x: 1, y: 0 },
      data: {
        title: 'Send the invoice',
        assignee: { kind: 'team', teamId: 'ops' },
        due: 'start + 1bd @17:00',
        escalation: [
          { at: { relation: 'before', amount: 2, unit: 'hours' }, action: { kind: 'remindAssignee' } },
          { at: { relation: 'after', amount: 1, unit: 'hours' }, action: { kind: 'escalateToAssigneeManager' } },
        ],
      },
    },
    { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'invoice' },
    { id: 'e2', source: 'invoice', target: 'end' },
  ],
});

const begin = (context: EngineContext = ctx) => startProcess('wf-team', template, {}, 'boss', MONDAY, context);
const step = (type: string, actor: string, extra: Record<string, unknown> = {}) =>
  ({ type, nodeId: 'invoice', actor, at: LATER, ...extra }) as ProcessEvent;
const run = (state: ProcessState, events: ProcessEvent[], context: EngineContext = ctx) => {
  const effects: Effect[] = [];
  for (const event of events) {
    const next = apply(state, event, context);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
};
const refusal = (state: ProcessState, event: ProcessEvent, context: EngineContext = ctx) => {
  try {
    apply(state, event, context);
  } catch (error) {
    expect(error).toBeInstanceOf(StepRejectedError);
    return (error as Error).message;
  }
  throw new Error('the event was accepted');
};
const of = <Type extends Effect['type']>(effects: Effect[], type: Type) =>
  effects.filter((effect): effect is Extract<Effect, { type: Type }> => effect.type === type);

describe('team queues', () => {
  it('sends a team step to the team queue, tells the team, and refuses work on it until claimed', () => {
    const { state, effects } = begin();
    expect(of(effects, 'createTask')[0]).toMatchObject({ assignee: 'team:ops', team: 'ops' });
    expect(of(effects, 'notify')[0]).toMatchObject({ recipient: 'team:ops', subject: 'New step in your team’s queue' });
    expect(state.steps.invoice).toMatchObject({ assignee: 'team:ops', team: 'ops' });
    expect(refusal(state, step('start', 'anna'))).toBe(`step "invoice" waits in its team's queue: claim it first`);
  });

  it('a claim makes the step the member’s, audited; a second claim is refused naming who has it', () => {
    const { state, effects } = run(begin().state, [step('claim', 'anna')]);
    expect(state.steps.invoice?.assignee).toBe('anna');
    expect(of(effects, 'updateTask')[0]).toMatchObject({ assignee: 'anna', status: 'open', actingFor: null });
    expect(of(effects, 'audit')[0]).toMatchObject({ action: 'claimed', actor: 'anna', detail: { team: 'ops' } });
    expect(refusal(state, step('claim', 'adam'))).toBe('step "invoice" is already claimed by anna');
    expect(refusal(state, step('claim', 'anna'))).toBe('step "invoice" is already claimed by anna');
    // Once hers, she works it as any step.
    expect(run(state, [step('start', 'anna')]).state.steps.invoice?.phase).toBe('inProgress');
  });

  it('only the holder releases it; it goes back to the queue (not started) and the team is told', () => {
    const claimed = run(begin().state, [step('claim', 'anna'), step('start', 'anna')]).state;
    expect(refusal(claimed, step('release', 'adam'))).toBe('adam is not the assignee of step "invoice"');
    const { state, effects } = run(claimed, [step('release', 'anna')]);
    expect(state.steps.invoice).toMatchObject({ assignee: 'team:ops', phase: 'open' });
    expect(of(effects, 'updateTask')[0]).toMatchObject({ assignee: 'team:ops', status: 'open' });
    expect(of(effects, 'audit')[0]).toMatchObject({ action: 'released', actor: 'anna' });
    expect(of(effects, 'notify')[0]).toMatchObject({ recipient: 'team:ops' });
    expect(run(state, [step('claim', 'adam')]).state.steps.invoice?.assignee).toBe('adam');
  });

  it('a manager assigns it to a member, from the queue or from another member, and the member is told', () => {
    const { state, effects } = run(begin().state, [step('assign', 'olga', { to: 'adam' })]);
    expect(state.steps.invoice?.assignee).toBe('adam');
    expect(of(effects, 'audit')[0]).toMatchObject({ action: 'assigned', actor: 'olga', detail: { to: 'adam' } });
    expect(of(effects, 'notify')[0]).toMatchObject({ recipient: 'adam', subject: 'A step was assigned to you' });
    const moved = run(state, [step('assign', 'olga', { to: 'anna' })]);
    expect(of(moved.effects, 'audit')[0]).toMatchObject({ detail: { to: 'anna', from: 'adam' } });
    expect(refusal(moved.state, step('assign', 'olga', { to: 'anna' }))).toBe('step "invoice" is already with anna');
    // A released step can be claimed again by whoever is free.
    expect(run(moved.state, [step('release', 'anna'), step('claim', 'adam')]).state.steps.invoice?.assignee).toBe(
      'adam'
    );
  });

  it('escalates an unclaimed step to the team’s manager, a claimed one to the holder’s manager', () => {
    const fire = (state: ProcessState, effects: Effect[]) => {
      const fired: Effect[] = [];
      for (const timer of of(effects, 'scheduleTimer')) {
        const next = apply(state, { type: 'timerFired', timerId: timer.timerId, at: timer.at }, ctx);
        state = next.state;
        fired.push(...next.effects);
      }
      return of(fired, 'audit')
        .filter((entry) => entry.action === 'escalated')
        .map((entry) => entry.detail.target);
    };
    const first = begin();
    expect(fire(first.state, first.effects)).toEqual(['team:ops', 'olga']);
    const claimed = run(first.state, [step('claim', 'anna')]).state;
    expect(fire(claimed, first.effects)).toEqual(['anna', 'lena']);
  });

  it('a team without a manager on record walks up to the delegator’s manager', () => {
    const flat: EngineContext = { ...ctx, org: { managers: ORG.managers, teams: { ops: {} } } };
    const { state } = begin(flat);
    const rung = Object.entries(state.timers).find(([, timer]) => timer.rungIndex === 1)![0];
    const { effects } = run(state, [{ type: 'timerFired', timerId: rung, at: LATER }], flat);
    expect(of(effects, 'audit')[0]).toMatchObject({
      detail: { target: 'director', walkedUp: { missing: 'assigneeManager', of: 'team:ops' } },
    });
  });

  it('processes started before team queues keep the old behaviour: no queue to claim from', () => {
    const before: EngineContext = { ...ctx, teamQueues: false };
    const { state, effects } = begin(before);
    expect(of(effects, 'createTask')[0]).not.toHaveProperty('team');
    expect(refusal(state, step('claim', 'anna'), before)).toBe('step "invoice" is not in a team queue');
  });
});
