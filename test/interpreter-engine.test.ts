import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState, Transition } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import type { TemplateInput } from '../workflows/template';
import { delegationCycleTemplate as delegationCycleFixture } from '../workflows/template/fixtures';

const warsaw = calendarContext({ country: 'PL' });
const ctx: EngineContext = { calendar: warsaw, org: { managers: { boss: 'director', director: 'ceo' } } };
// Monday 9 November 2026, 09:00 in Warsaw; Wednesday 11 November is Independence Day.
const MONDAY = '2026-11-09T08:00:00.000Z';

function run(transition: Transition, events: ProcessEvent[]): { state: ProcessState; effects: Effect[] } {
  let state = transition.state;
  const effects = [...transition.effects];
  for (const event of events) {
    const next = apply(state, event, ctx);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

function template(
  nodes: TemplateInput['nodes'],
  edges: [string, string, string?][],
  extra: Partial<TemplateInput> = {}
) {
  return parseTemplate({
    schemaVersion: 1,
    id: 'test',
    name: 'Test',
    calendarId: 'pl',
    nodes,
    edges: edges.map(([source, target, outcome], index) => ({
      id: `e${index}`,
      source,
      target,
      ...(outcome ? { outcome } : {}),
    })),
    ...extra,
  });
}

const at = (x: number) => ({ x, y: 0 });

describe('delegation cycle', () => {
  const started = () =>
    startProcess(
      'wf-1',
      parseTemplate(delegationCycleFixture),
      { assistant: 'anna', taskTitle: 'Report' },
      'boss',
      MONDAY,
      ctx
    );
  const submit = (round: number): ProcessEvent[] => [
    { type: 'start', nodeId: 'do-task', actor: 'anna', at: MONDAY },
    { type: 'logTime', nodeId: 'do-task', actor: 'anna', minutes: 30 * round, at: MONDAY },
    {
      type: 'submit',
      nodeId: 'do-task',
      actor: 'anna',
      at: MONDAY,
      values: { result: `draft ${round}` },
      checklist: ['brief-read', 'time-logged'],
    },
  ];

  it('is returned twice and approved on round 3, with time logged per round', () => {
    const { state, effects } = run(started(), [
      ...submit(1),
      {
        type: 'returnForRework',
        nodeId: 'do-task',
        actor: 'boss',
        at: '2026-11-10T08:00:00.000Z',
        comment: 'More data',
      },
      ...submit(2),
      { type: 'returnForRework', nodeId: 'do-task', actor: 'boss', at: '2026-11-12T08:00:00.000Z', comment: 'Typos' },
      ...submit(3),
      { type: 'approve', nodeId: 'do-task', actor: 'boss', at: '2026-11-13T08:00:00.000Z' },
    ]);
    expect(state.status).toBe('completed');
    const step = state.steps['do-task'];
    expect(step?.round).toBe(3);
    expect(step?.timeLog.map((log) => [log.round, log.minutes])).toEqual([
      [1, 30],
      [2, 60],
      [3, 90],
    ]);
    const created = effects.filter((effect) => effect.type === 'createTask');
    expect(created.map((effect) => [effect.round, effect.due])).toEqual([
      [1, '2026-11-13T16:00:00.000Z'], // Fri 13 Nov 17:00: Mon + 3 business days skipping 11 Nov
      [2, '2026-11-16T16:00:00.000Z'], // returned Tue 10: + 3bd = Mon 16 17:00
      [3, '2026-11-17T16:00:00.000Z'], // Thu 12 + 3bd = Tue 17 17:00
    ]);
    expect(state.variables.result).toBe('draft 3');
    const notified = effects.filter((effect) => effect.type === 'notify');
    expect(notified.at(-1)).toMatchObject({ recipient: 'boss', subject: 'Task closed: Report' });
    // Completing the step cancels every pending rung.
    expect(Object.keys(state.timers)).toEqual([]);
  });

  it('leaves the previous state as it was and shares the unchanged template instead of copying it', () => {
    const { state } = started();
    const before = JSON.stringify(state);
    const next = apply(state, submit(1)[0] as ProcessEvent, ctx).state;
    expect(JSON.stringify(state)).toBe(before);
    expect(next.steps['do-task']).not.toBe(state.steps['do-task']);
    expect(next.nodes).not.toBe(state.nodes);
    expect(next.template).toBe(state.template);
  });

  it('rejects with clear messages', () => {
    const open = run(started(), []).state;
    const expectReject = (state: ProcessState, event: ProcessEvent, message: RegExp) =>
      expect(() => apply(state, event, ctx)).toThrowError(message);
    expectReject(
      open,
      { type: 'start', nodeId: 'do-task', actor: 'mallory', at: MONDAY },
      /mallory is not the assignee/
    );
    expectReject(open, { type: 'start', nodeId: 'report-time', actor: 'anna', at: MONDAY }, /not open/);
    expectReject(
      open,
      {
        type: 'submit',
        nodeId: 'do-task',
        actor: 'anna',
        at: MONDAY,
        values: {},
        checklist: ['brief-read', 'time-logged'],
      },
      /required form field missing: result/
    );
    let state = run(started(), [
      ...submit(1),
      { type: 'returnForRework', nodeId: 'do-task', actor: 'boss', at: MONDAY, comment: 'a' },
      ...submit(2),
      { type: 'returnForRework', nodeId: 'do-task', actor: 'boss', at: MONDAY, comment: 'b' },
      ...submit(3),
    ]).state;
    expectReject(
      state,
      { type: 'returnForRework', nodeId: 'do-task', actor: 'boss', at: MONDAY, comment: 'c' },
      /round limit reached/
    );
    expectReject(state, { type: 'approve', nodeId: 'do-task', actor: 'anna', at: MONDAY }, /not the reviewer/);
    state = apply(state, { type: 'approve', nodeId: 'do-task', actor: 'boss', at: MONDAY }, ctx).state;
    expect(() =>
      apply(state, { type: 'comment', nodeId: 'do-task', actor: 'boss', at: MONDAY, text: 'x' }, ctx)
    ).toThrow(StepRejectedError);
  });

  it('notifies the delegator at once when a risk is flagged', () => {
    const { effects } = run(started(), [
      { type: 'flagRisk', nodeId: 'do-task', actor: 'anna', at: MONDAY, text: 'Data late' },
    ]);
    expect(effects.at(-2)).toMatchObject({ type: 'notify', recipient: 'boss', message: 'Data late' });
  });
});

describe('escalation ladder on a Polish calendar across 11 November', () => {
  const ladderTemplate = template(
    [
      { id: 'start', type: 'start', position: at(0), data: {} },
      {
        id: 'task',
        type: 'task',
        position: at(1),
        data: {
          title: 'Prepare',
          assignee: { kind: 'person', personId: 'anna' },
          reviewer: { kind: 'person', personId: 'boss' },
          due: 'start + 3bd @17:00',
          escalation: [
            { at: { relation: 'before', amount: 4, unit: 'hours' }, action: { kind: 'remindAssignee' } },
            { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
            {
              at: { relation: 'after', amount: 1, unit: 'businessDays' },
              action: { kind: 'escalateToAssigneeManager' },
            },
            {
              at: { relation: 'after', amount: 2, unit: 'businessDays' },
              action: { kind: 'escalateToManagersManager' },
            },
          ],
        },
      },
      { id: 'end', type: 'end', position: at(2), data: {} },
    ],
    [
      ['start', 'task'],
      ['task', 'end'],
    ]
  );
  // Started Monday 9 November: three business days later, skipping the holiday, is Friday 13 November.
  const START = MONDAY;

  it('lands each rung on the right business instant and records it', () => {
    const first = startProcess('wf-2', ladderTemplate, {}, 'boss', START, ctx);
    const step = first.state.steps.task;
    expect(step?.due).toBe('2026-11-13T16:00:00.000Z');
    expect(step?.dueMessages).toContainEqual(
      expect.objectContaining({ key: 'skippedHoliday', params: expect.objectContaining({ day: '2026-11-11' }) })
    );
    const scheduled = first.effects.filter((effect) => effect.type === 'scheduleTimer');
    expect(scheduled.map((effect) => effect.at)).toEqual([
      '2026-11-13T12:00:00.000Z', // Fri 13:00 reminder
      '2026-11-13T16:00:00.000Z', // Fri 17:00 to the delegator
      '2026-11-16T16:00:00.000Z', // Mon 17:00 to the delegator's manager
      '2026-11-17T16:00:00.000Z', // Tue 17:00 to that manager's manager
    ]);
    const fired = run(
      first,
      scheduled.map((effect) => ({ type: 'timerFired', timerId: effect.timerId, at: effect.at }) as ProcessEvent)
    );
    const recipients = fired.effects.filter((effect) => effect.type === 'notify').map((effect) => effect.recipient);
    expect(recipients).toEqual(['anna', 'boss', 'director', 'ceo']);
    expect(fired.state.steps.task?.escalationLevel).toBe(4);
    expect(fired.effects.filter((effect) => effect.type === 'audit' && effect.action === 'escalated')).toHaveLength(4);
  });

  it('cancels pending rungs when the step completes', () => {
    const first = startProcess('wf-3', ladderTemplate, {}, 'boss', START, ctx);
    const { effects, state } = run(first, [
      { type: 'submit', nodeId: 'task', actor: 'anna', at: START },
      { type: 'approve', nodeId: 'task', actor: 'boss', at: START },
    ]);
    expect(effects.filter((effect) => effect.type === 'cancelTimer')).toHaveLength(4);
    expect(state.status).toBe('completed');
    // A rung timer that fires late after cancellation changes nothing.
    const timerId = first.effects.find((effect) => effect.type === 'scheduleTimer');
    expect(timerId?.type).toBe('scheduleTimer');
  });

  it('pauses the SLA clock for a decision request of 2 business days', () => {
    const first = startProcess('wf-4', ladderTemplate, {}, 'boss', START, ctx);
    const { state, effects } = run(first, [
      // Asked Thursday 12 Nov 09:00, answered Monday 16 Nov 09:00: Thursday and Friday are paused.
      {
        type: 'requestDecision',
        nodeId: 'task',
        actor: 'anna',
        at: '2026-11-12T08:00:00.000Z',
        question: 'Which venue?',
      },
      { type: 'answerDecision', nodeId: 'task', actor: 'boss', at: '2026-11-16T08:00:00.000Z', answer: 'Hall B' },
    ]);
    expect(state.steps.task?.due).toBe('2026-11-17T16:00:00.000Z');
    expect(effects.filter((effect) => effect.type === 'cancelTimer')).toHaveLength(4);
    const rescheduled = effects.filter((effect) => effect.type === 'scheduleTimer').slice(4);
    expect(rescheduled.map((effect) => effect.at)).toEqual([
      '2026-11-17T12:00:00.000Z',
      '2026-11-17T16:00:00.000Z',
      '2026-11-18T16:00:00.000Z',
      '2026-11-19T16:00:00.000Z',
    ]);
  });
});

describe('graph', () => {
  it('takes a decision branch on process variables, else the default', () => {
    const decision = template(
      [
        { id: 'start', type: 'start', position: at(0), data: {} },
        {
          id: 'd',
          type: 'decision',
          position: at(1),
          data: {
            branches: [{ outcome: 'big', condition: { '>': [{ var: 'amount' }, 1000] } }],
            defaultOutcome: 'small',
          },
        },
        { id: 'bigEnd', type: 'end', position: at(2), data: { result: 'rejected' } },
        { id: 'smallEnd', type: 'end', position: at(2), data: {} },
      ],
      [
        ['start', 'd'],
        ['d', 'bigEnd', 'big'],
        ['d', 'smallEnd', 'small'],
      ],
      { parameters: [{ name: 'amount', type: 'number', label: 'Amount' }] }
    );
    const big = startProcess('wf-5', decision, { amount: 5000 }, 'boss', MONDAY, ctx);
    expect(big.state.status).toBe('rejected');
    expect(big.state.nodes.d?.outcome).toBe('big');
    const small = startProcess('wf-6', decision, { amount: 10 }, 'boss', MONDAY, ctx);
    expect(small.state.status).toBe('completed');
    expect(small.state.nodes.smallEnd?.status).toBe('done');
  });

  const task = (id: string, personId: string) => ({
    id,
    type: 'task' as const,
    position: at(2),
    data: { title: id, assignee: { kind: 'person' as const, personId } },
  });

  it('splits in parallel and continues after 2 of 3 branches (N of M join)', () => {
    const parallel = template(
      [
        { id: 'start', type: 'start', position: at(0), data: {} },
        { id: 'split', type: 'parallel', position: at(1), data: {} },
        task('a', 'anna'),
        task('b', 'bob'),
        task('c', 'cyril'),
        { id: 'join', type: 'join', position: at(3), data: { mode: 'nOfM', n: 2 } },
        { id: 'wait', type: 'wait', position: at(4), data: { until: 'start + 1bd' } },
        { id: 'end', type: 'end', position: at(5), data: {} },
      ],
      [
        ['start', 'split'],
        ['split', 'a'],
        ['split', 'b'],
        ['split', 'c'],
        ['a', 'join'],
        ['b', 'join'],
        ['c', 'join'],
        ['join', 'wait'],
        ['wait', 'end'],
      ]
    );
    const first = startProcess('wf-7', parallel, {}, 'boss', MONDAY, ctx);
    expect(first.effects.filter((effect) => effect.type === 'createTask').map((effect) => effect.assignee)).toEqual([
      'anna',
      'bob',
      'cyril',
    ]);
    const afterOne = run(first, [{ type: 'submit', nodeId: 'a', actor: 'anna', at: MONDAY }]);
    expect(afterOne.state.nodes.join).toMatchObject({ status: 'waiting', arrived: 1 });
    const afterTwo = run(afterOne, [{ type: 'submit', nodeId: 'c', actor: 'cyril', at: MONDAY }]);
    expect(afterTwo.state.nodes.join?.status).toBe('done');
    expect(afterTwo.state.nodes.wait?.status).toBe('waiting');
    const timer = afterTwo.effects.findLast((effect) => effect.type === 'scheduleTimer');
    expect(timer).toMatchObject({ at: '2026-11-10T08:00:00.000Z' });
    const done = run(afterTwo, [
      { type: 'timerFired', timerId: timer?.type === 'scheduleTimer' ? timer.timerId : '', at: MONDAY },
    ]);
    expect(done.state.status).toBe('completed');
    // The branch still open when the process ends is closed with it.
    expect(done.effects).toContainEqual({ type: 'updateTask', nodeId: 'b', round: 1, status: 'cancelled' });
  });

  it('runs a subprocess with input and output mapping', () => {
    const parent = template(
      [
        { id: 'start', type: 'start', position: at(0), data: {} },
        {
          id: 'child',
          type: 'subprocess',
          position: at(1),
          data: {
            templateId: 'quote',
            version: 2,
            input: [{ from: 'client', to: 'customer' }],
            output: [{ from: 'price', to: 'quotedPrice' }],
          },
        },
        { id: 'end', type: 'end', position: at(2), data: {} },
      ],
      [
        ['start', 'child'],
        ['child', 'end'],
      ],
      { parameters: [{ name: 'client', type: 'text', label: 'Client' }] }
    );
    const first = startProcess('wf-8', parent, { client: 'ACME' }, 'boss', MONDAY, ctx);
    expect(first.effects).toContainEqual({
      type: 'startChild',
      nodeId: 'child',
      workflowId: 'wf-8/child/1',
      templateId: 'quote',
      version: 2,
      input: { customer: 'ACME' },
    });
    const done = run(first, [{ type: 'childCompleted', nodeId: 'child', at: MONDAY, variables: { price: 1200 } }]);
    expect(done.state.variables.quotedPrice).toBe(1200);
    expect(done.state.status).toBe('completed');
  });

  it('cancels the process: open tasks are cancelled and timers dropped', () => {
    const first = startProcess(
      'wf-9',
      parseTemplate(delegationCycleFixture),
      { assistant: 'anna', taskTitle: 'Report' },
      'boss',
      MONDAY,
      ctx
    );
    const { state, effects } = run(first, [{ type: 'cancel', actor: 'boss', at: MONDAY, reason: 'no longer needed' }]);
    expect(state.status).toBe('cancelled');
    expect(state.nodes['do-task']?.status).toBe('cancelled');
    expect(effects).toContainEqual({ type: 'updateTask', nodeId: 'do-task', round: 1, status: 'cancelled' });
    expect(effects.filter((effect) => effect.type === 'cancelTimer')).toHaveLength(3);
    expect(() => apply(state, { type: 'start', nodeId: 'do-task', actor: 'anna', at: MONDAY }, ctx)).toThrow(
      /cancelled/
    );
  });

  it('stops a back edge loop that never exits', () => {
    const loop = template(
      [
        { id: 'start', type: 'start', position: at(0), data: {} },
        { id: 'a', type: 'notify', position: at(1), data: { recipient: { kind: 'starter' }, message: 'again' } },
        { id: 'b', type: 'notify', position: at(2), data: { recipient: { kind: 'starter' }, message: 'and again' } },
      ],
      [
        ['start', 'a'],
        ['a', 'b'],
        ['b', 'a'],
      ]
    );
    const result = startProcess('wf-10', loop, {}, 'boss', MONDAY, ctx);
    expect(result.state.status).toBe('failed');
    expect(result.state.failure).toMatch(/more than 50 times/);
  });
});
