// Deputies for every role in the pure engine: an absent reviewer's review goes to the reviewer's deputy and comes back
// when the absence ends; a chain of deputies when the first is away too; the manager when nobody is available.
import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Absence, Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';

const calendar = calendarContext({ country: 'PL' });
const params = { assistant: 'anna', taskTitle: 'Quarterly report' };
// Tuesday 8 June 2027, 09:00 in Warsaw; the starter 'boss' reviews the delegated task.
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

const audits = (effects: Effect[], action: string) =>
  effects.filter((effect) => effect.type === 'audit' && effect.action === action);
const timers = (effects: Effect[]) => effects.flatMap((effect) => (effect.type === 'scheduleTimer' ? [effect] : []));
const submit = (actor: string): ProcessEvent[] => [
  { type: 'start', nodeId: 'do-task', actor, at: STARTED },
  {
    type: 'submit',
    nodeId: 'do-task',
    actor,
    at: STARTED,
    values: { result: 'done' },
    checklist: ['brief-read', 'time-logged'],
  },
];

describe('deputies for every role', () => {
  it("gives an absent reviewer's review to the reviewer's deputy and back to the reviewer when the absence ends", () => {
    const ctx: EngineContext = { calendar, deputies: true };
    const first = startProcess('d-1', template, params, 'boss', STARTED, ctx);
    const absence: Absence = { id: 'a1', personId: 'boss', from: '2027-06-08', to: '2027-06-10', deputy: 'dora' };
    const away = run(
      first.state,
      [{ type: 'recordAbsence', absence, actor: 'admin', at: '2027-06-08T08:00:00.000Z' }, ...submit('anna')],
      ctx
    );
    expect(away.state.steps['do-task']).toMatchObject({
      phase: 'inReview',
      assignee: 'anna',
      reviewer: 'dora',
      reviewerActingFor: 'boss',
    });
    expect(away.effects).toContainEqual(
      expect.objectContaining({ type: 'updateTask', reviewer: 'dora', reviewerActingFor: 'boss' })
    );
    expect(audits(away.effects, 'actingFor')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ role: 'reviewer', deputy: 'dora', actingFor: 'boss' }),
      }),
    ]);
    // The absent reviewer cannot approve meanwhile; the deputy could.
    const approveAs = (actor: string) =>
      apply(away.state, { type: 'approve', nodeId: 'do-task', actor, at: '2027-06-09T08:00:00.000Z' }, ctx);
    expect(() => approveAs('boss')).toThrow(StepRejectedError);
    expect(approveAs('dora').state.nodes['do-task']?.status).toBe('done');
    // The timer at 00:00 after the last day (Friday 11 June in Warsaw) brings the review back.
    const back = timers(away.effects).find((timer) => timer.at === '2027-06-10T22:00:00.000Z');
    expect(back).toBeDefined();
    const returned = run(away.state, [{ type: 'timerFired', timerId: back!.timerId, at: back!.at }], ctx);
    expect(returned.state.steps['do-task']).toMatchObject({ reviewer: 'boss' });
    expect(returned.state.steps['do-task']?.reviewerActingFor).toBeUndefined();
    expect(returned.effects).toContainEqual(
      expect.objectContaining({ type: 'updateTask', reviewer: 'boss', reviewerActingFor: null })
    );
    expect(audits(returned.effects, 'backFromAbsence')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ role: 'reviewer', person: 'boss', from: 'dora' }) }),
    ]);
    expect(returned.effects).toContainEqual(expect.objectContaining({ type: 'notify', recipient: 'boss' }));
  });

  it('follows a chain of two deputies when the first is away too, and comes back in steps as people return', () => {
    const absences: Absence[] = [
      { id: 'a1', personId: 'anna', from: '2027-06-07', to: '2027-06-18', deputy: 'bart' },
      { id: 'b1', personId: 'bart', from: '2027-06-08', to: '2027-06-09', deputy: 'cleo' },
    ];
    const ctx: EngineContext = { calendar, deputies: true, org: { absences } };
    const first = startProcess('d-2', template, params, 'boss', STARTED, ctx);
    expect(first.state.steps['do-task']).toMatchObject({ assignee: 'cleo', actingFor: 'anna' });
    expect(audits(first.effects, 'actingFor')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ role: 'assignee', deputy: 'cleo', actingFor: 'anna', passedOver: ['bart'] }),
      }),
    ]);
    // Bart's absence is ended early: the first deputy takes the step, still for Anna.
    const bartBack = run(
      first.state,
      [
        {
          type: 'changeAbsence',
          personId: 'bart',
          id: 'b1',
          absence: { ...absences[1]!, endedAt: '2027-06-08T10:00:00.000Z' },
          actor: 'boss',
          at: '2027-06-08T10:00:00.000Z',
        },
      ],
      ctx
    );
    expect(bartBack.state.steps['do-task']).toMatchObject({ assignee: 'bart', actingFor: 'anna' });
    // Anna's absence is shortened to end yesterday: the step is hers again.
    const annaBack = run(
      bartBack.state,
      [
        {
          type: 'changeAbsence',
          personId: 'anna',
          id: 'a1',
          absence: { ...absences[0]!, to: '2027-06-08' },
          actor: 'boss',
          at: '2027-06-09T07:00:00.000Z',
        },
      ],
      ctx
    );
    expect(annaBack.state.steps['do-task']).toMatchObject({ assignee: 'anna' });
    expect(annaBack.state.steps['do-task']?.actingFor).toBeUndefined();
    expect(audits(annaBack.effects, 'backFromAbsence')).toHaveLength(1);
  });

  it("escalates to the absent person's manager when nobody in the chain is available, never to the absent person", () => {
    const absences: Absence[] = [
      { personId: 'anna', from: '2027-06-07', to: '2027-06-18', deputy: 'bart' },
      { personId: 'bart', from: '2027-06-07', to: '2027-06-18', deputy: 'anna' },
    ];
    const ctx: EngineContext = { calendar, deputies: true, org: { absences, managers: { anna: 'olga' } } };
    const { state, effects } = startProcess('d-3', template, params, 'boss', STARTED, ctx);
    expect(state.steps['do-task']).toMatchObject({ assignee: 'olga', actingFor: 'anna' });
    expect(audits(effects, 'deputiesUnavailable')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ manager: 'olga', actingFor: 'anna', passedOver: ['bart'] }),
      }),
    ]);
    expect(effects).toContainEqual(
      expect.objectContaining({
        type: 'notify',
        recipient: 'olga',
        subject: 'A step came to you: no deputy is available',
      })
    );
  });

  it("gives an approval step of an absent approver to the approver's deputy", () => {
    const approval = parseTemplate({
      ...delegationCycleTemplate,
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { trigger: { kind: 'manual' } } },
        {
          id: 'approve',
          type: 'approval',
          position: { x: 200, y: 0 },
          data: { title: 'Approve the cost estimate', approver: { kind: 'parameter', name: 'assistant' } },
        },
        { id: 'end', type: 'end', position: { x: 400, y: 0 }, data: { result: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'approve' },
        { id: 'e2', source: 'approve', target: 'end', outcome: 'approved' },
        { id: 'e3', source: 'approve', target: 'end', outcome: 'rejected' },
      ],
    });
    const away: Absence = { personId: 'anna', from: '2027-06-07', to: '2027-06-18', deputy: 'bart' };
    const ctx: EngineContext = { calendar, deputies: true, org: { absences: [away] } };
    const { state } = startProcess('d-6', approval, params, 'boss', STARTED, ctx);
    expect(state.steps['approve']).toMatchObject({ kind: 'approval', assignee: 'bart', actingFor: 'anna' });
  });

  it('withdraws an absence that had no id by the days it had, and keeps done steps where they are', () => {
    const away: Absence = { personId: 'anna', from: '2027-06-07', to: '2027-06-18', deputy: 'bart' };
    const ctx: EngineContext = { calendar, deputies: true, org: { absences: [away] } };
    const first = startProcess('d-4', template, params, 'boss', STARTED, ctx);
    expect(first.state.steps['do-task']?.assignee).toBe('bart');
    const withdrawn = run(
      first.state,
      [
        {
          type: 'changeAbsence',
          personId: 'anna',
          previous: { from: '2027-06-07', to: '2027-06-18' },
          absence: null,
          actor: 'boss',
          at: STARTED,
        },
      ],
      ctx
    );
    expect(withdrawn.state.absences).toEqual([]);
    expect(withdrawn.state.steps['do-task']?.assignee).toBe('anna');
    // Without the flag (a process started before), the old hand-over of assignees only is kept.
    const old = startProcess('d-5', template, params, 'boss', STARTED, {
      calendar,
      org: { absences: [{ personId: 'boss', from: '2027-06-07', to: '2027-06-18', deputy: 'dora' }] },
    });
    expect(old.state.steps['do-task']?.reviewer).toBe('boss');
  });
});
