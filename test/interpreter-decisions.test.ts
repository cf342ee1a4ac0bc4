import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState, Transition } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import { oneTaskTemplate } from './support/one-task-template';

const MONDAY = '2026-11-09T08:00:00.000Z';
const ctx: EngineContext = {
  calendar: calendarContext({ country: 'PL' }),
  org: { managers: { anna: 'olga', boss: 'director' } },
  decisionRouting: true,
};

function run(transition: Transition, events: ProcessEvent[], context = ctx) {
  let state: ProcessState = transition.state;
  const effects: Effect[] = [];
  for (const event of events) {
    const next = apply(state, event, context);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const task = (reviewer: boolean) =>
  parseTemplate({
    schemaVersion: 1,
    id: 'decide',
    name: 'Decide',
    calendarId: 'pl',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'task',
        type: 'task',
        position: { x: 1, y: 0 },
        data: {
          title: 'Book the venue',
          assignee: { kind: 'person', personId: 'anna' },
          ...(reviewer ? { reviewer: { kind: 'person', personId: 'boss' } } : {}),
          due: 'start + 3bd @17:00',
          allowDecisionRequests: true,
        },
      },
      { id: 'end', type: 'end', position: { x: 2, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'task' },
      { id: 'e2', source: 'task', target: 'end' },
    ],
  });

const ask = (actor = 'anna'): ProcessEvent => ({
  type: 'requestDecision',
  nodeId: 'task',
  actor,
  at: '2026-11-10T08:00:00.000Z',
  question: 'Hall A or Hall B?',
});
const answer = (actor: string): ProcessEvent => ({
  type: 'answerDecision',
  nodeId: 'task',
  actor,
  at: '2026-11-10T10:00:00.000Z',
  answer: 'Hall B',
});

describe('decision requests reach a person and come back', () => {
  it('goes to the reviewer, who is told the question; the answer is told to the asker', () => {
    const first = startProcess('wf-d1', task(true), {}, 'boss', MONDAY, ctx);
    const asked = run(first, [ask()]);
    expect(asked.state.steps.task?.decisionPending).toMatchObject({ by: 'anna', to: 'boss' });
    expect(asked.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', recipient: 'boss', message: 'Hall A or Hall B?' })
    );
    expect(asked.effects).toContainEqual(expect.objectContaining({ type: 'updateTask', waitingFor: 'boss' }));
    expect(asked.effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'decisionRequested',
        detail: expect.objectContaining({ to: 'boss' }),
      })
    );
    // The asker cannot answer herself.
    expect(() => apply(asked.state, answer('anna'), ctx)).toThrow(StepRejectedError);
    const answered = run({ state: asked.state, effects: [] }, [answer('boss')]);
    expect(answered.state.steps.task?.decisionPending).toBeUndefined();
    expect(answered.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', recipient: 'anna', message: 'Hall B' })
    );
    expect(answered.effects).toContainEqual(expect.objectContaining({ type: 'updateTask', waitingFor: null }));
  });

  it('without a reviewer goes to the starter (the delegator)', () => {
    const first = startProcess('wf-d2', task(false), {}, 'boss', MONDAY, ctx);
    const asked = run(first, [ask()]);
    expect(asked.state.steps.task?.decisionPending?.to).toBe('boss');
    expect(() => apply(asked.state, answer('anna'), ctx)).toThrow(/not the person asked/);
    expect(
      run({ state: asked.state, effects: [] }, [answer('boss')]).state.steps.task?.decisionPending
    ).toBeUndefined();
  });

  it('when the asker started the process herself goes to her manager, never to herself', () => {
    const first = startProcess('wf-d3', task(false), {}, 'anna', MONDAY, ctx);
    const asked = run(first, [ask()]);
    expect(asked.state.steps.task?.decisionPending?.to).toBe('olga');
  });

  it('is refused with a reason when nobody but the asker could answer', () => {
    const lonely: EngineContext = { ...ctx, org: { managers: {} } };
    const first = startProcess('wf-d4', task(false), {}, 'anna', MONDAY, lonely);
    expect(() => apply(first.state, ask(), lonely)).toThrow(/nobody can answer/);
  });

  it('keeps the old rule for processes started before routing (the reviewer or assignee answers)', () => {
    const legacy: EngineContext = { ...ctx, decisionRouting: false };
    const first = startProcess('wf-d5', task(false), {}, 'boss', MONDAY, legacy);
    const asked = run(first, [ask()], legacy);
    expect(asked.state.steps.task?.decisionPending?.to).toBeUndefined();
    expect(asked.effects.some((effect) => effect.type === 'notify')).toBe(false);
    expect(
      run({ state: asked.state, effects: [] }, [answer('anna')], legacy).state.steps.task?.decisionPending
    ).toBeUndefined();
  });
});

describe('an unanswered decision request', () => {
  const timers = (effects: Effect[]) =>
    effects.flatMap((effect) =>
      effect.type === 'scheduleTimer' && effect.timerId.includes(':decision:') ? [effect] : []
    );

  it('is chased after a business day: the person asked is reminded and it goes up to their manager', () => {
    const first = startProcess('wf-d6', task(true), {}, 'boss', MONDAY, ctx);
    // Asked on Tuesday 10 November 09:00 in Warsaw; Wednesday 11 November is a holiday, so the chase is Thursday.
    const asked = run(first, [ask()]);
    const [chase] = timers(asked.effects);
    expect(chase?.at).toBe('2026-11-12T08:00:00.000Z');
    const fired = run({ state: asked.state, effects: [] }, [
      { type: 'timerFired', timerId: chase!.timerId, at: chase!.at },
    ]);
    const notified = fired.effects.flatMap((effect) => (effect.type === 'notify' ? [effect.recipient] : []));
    expect(notified).toEqual(['boss', 'director']);
    expect(fired.effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'decisionEscalated',
        detail: expect.objectContaining({ target: 'director' }),
      })
    );
    expect(fired.state.steps.task?.decisionPending?.to).toBe('director');
    expect(fired.effects).toContainEqual(expect.objectContaining({ type: 'updateTask', waitingFor: 'director' }));
    // Either may answer now; the answer stops the chase.
    const answered = run({ state: fired.state, effects: [] }, [answer('boss')]);
    expect(answered.state.steps.task?.decisionPending).toBeUndefined();
    expect(answered.effects).toContainEqual(
      expect.objectContaining({ type: 'cancelTimer', timerId: timers(fired.effects)[0]?.timerId })
    );
  });

  it('stops going up when nobody is left above', () => {
    const first = startProcess('wf-d7', task(true), {}, 'boss', MONDAY, { ...ctx, org: { managers: {} } });
    const lonely: EngineContext = { ...ctx, org: { managers: {} } };
    const asked = run(first, [ask()], lonely);
    const [chase] = timers(asked.effects);
    const fired = run(
      { state: asked.state, effects: [] },
      [{ type: 'timerFired', timerId: chase!.timerId, at: chase!.at }],
      lonely
    );
    expect(fired.effects.flatMap((effect) => (effect.type === 'notify' ? [effect.recipient] : []))).toEqual(['boss']);
    expect(timers(fired.effects)).toEqual([]);
  });
});

describe('notices of new and returned steps', () => {
  const noticed: EngineContext = { ...ctx, stepNotices: true };
  it('tells the assignee of a new step and of a return for rework with the comment', () => {
    const first = startProcess('wf-n1', task(true), {}, 'boss', MONDAY, noticed);
    expect(first.effects).toContainEqual(
      expect.objectContaining({
        type: 'notify',
        recipient: 'anna',
        subject: 'New step for you',
        message: 'Book the venue',
      })
    );
    const returned = run(
      first,
      [
        { type: 'submit', nodeId: 'task', actor: 'anna', at: MONDAY },
        { type: 'returnForRework', nodeId: 'task', actor: 'boss', at: MONDAY, comment: 'Cheaper, please' },
      ],
      noticed
    );
    expect(returned.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', recipient: 'anna', message: 'Cheaper, please' })
    );
  });
  it('stays silent for processes started before the notices', () => {
    const first = startProcess('wf-n2', task(true), {}, 'boss', MONDAY, ctx);
    expect(first.effects.some((effect) => effect.type === 'notify')).toBe(false);
  });
});

describe('time corrections and mentions', () => {
  it('removes time logged by mistake in the open round, never below zero, never after submitting', () => {
    const first = startProcess('wf-t1', task(true), {}, 'boss', MONDAY, ctx);
    const log = (minutes: number): ProcessEvent => ({
      type: 'logTime',
      nodeId: 'task',
      actor: 'anna',
      minutes,
      at: MONDAY,
    });
    const logged = run(first, [log(90), log(-30)]);
    expect(logged.state.steps.task?.timeLog.map((entry) => entry.minutes)).toEqual([90, -30]);
    expect(() => apply(logged.state, log(-61), ctx)).toThrow(/only 60 minutes/);
    expect(() => apply(logged.state, log(0), ctx)).toThrow(StepRejectedError);
    const submitted = run({ state: logged.state, effects: [] }, [
      { type: 'submit', nodeId: 'task', actor: 'anna', at: MONDAY },
    ]);
    expect(() => apply(submitted.state, log(-10), ctx)).toThrow(/submitted round/);
  });

  it('tells the people mentioned in a comment, not the writer', () => {
    const first = startProcess('wf-m1', task(true), {}, 'boss', MONDAY, ctx);
    const commented = run(first, [
      {
        type: 'comment',
        nodeId: 'task',
        actor: 'anna',
        at: MONDAY,
        text: '@Maria Nowak please look',
        mentions: ['boss', 'anna', 'boss'],
      },
    ]);
    const told = commented.effects.flatMap((effect) => (effect.type === 'notify' ? [effect] : []));
    expect(told).toEqual([
      expect.objectContaining({
        recipient: 'boss',
        subject: 'You were mentioned: Book the venue',
        message: '@Maria Nowak please look',
      }),
    ]);
  });
});

describe('checklist ticks on the step', () => {
  it('keeps what the assignee ticked, counts it at submit, and refuses unknown items and ticks after submitting', () => {
    const withList = oneTaskTemplate(
      { title: 'Pack', checklist: [{ id: 'tickets', text: 'Tickets booked', required: true }] },
      'list'
    );
    const first = startProcess('wf-c1', withList, {}, 'boss', MONDAY, ctx);
    const check = (item: string, done: boolean, actor = 'anna'): ProcessEvent => ({
      type: 'check',
      nodeId: 'task',
      actor,
      at: MONDAY,
      item,
      done,
    });
    expect(() => apply(first.state, check('visa', true), ctx)).toThrow(/no checklist item "visa"/);
    expect(() => apply(first.state, check('tickets', true, 'boss'), ctx)).toThrow(StepRejectedError);
    const ticked = run(first, [check('tickets', true), check('tickets', false), check('tickets', true)]);
    expect(ticked.state.steps.task?.checked).toEqual(['tickets']);
    expect(ticked.effects.filter((effect) => effect.type === 'audit').map((effect) => effect.detail)).toEqual([
      { round: 1, item: 'tickets', done: true },
      { round: 1, item: 'tickets', done: false },
      { round: 1, item: 'tickets', done: true },
    ]);
    // The submission need not repeat the ticks: the required item counts as done.
    const submitted = run({ state: ticked.state, effects: [] }, [
      { type: 'submit', nodeId: 'task', actor: 'anna', at: MONDAY },
    ]);
    expect(submitted.state.steps.task?.phase).toBe('inReview');
    expect(submitted.effects).toContainEqual(
      expect.objectContaining({ action: 'submitted', detail: expect.objectContaining({ checklist: ['tickets'] }) })
    );
    expect(() => apply(submitted.state, check('tickets', false), ctx)).toThrow(/already submitted/);
  });
});
