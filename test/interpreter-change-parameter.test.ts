import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess, StepRejectedError } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';
import { eventOrganization } from '../workflows/template/library';

const ctx: EngineContext = { calendar: calendarContext({ country: 'PL' }) };
const template = parseTemplate(eventOrganization);
// Monday 24 May 2027, 09:00 in Warsaw: the planning stage (from 4 weeks before the event) has begun.
const STARTED = '2027-05-24T07:00:00.000Z';

function step(state: ProcessState, events: ProcessEvent[]): { state: ProcessState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const event of events) {
    const next = apply(state, event, ctx);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

describe('changeParameter: the event date moves', () => {
  const first = startProcess(
    'event-1',
    template,
    { eventName: 'Partner day', eventDate: '2027-06-18', organizer: 'ola' },
    'boss',
    STARTED,
    ctx
  );

  it('re-plans the open step and its ladder twice, keeps done steps, audits both moves, and flags a past deadline', () => {
    expect(first.state.steps.plan?.due).toBe('2027-06-04T15:00:00.000Z'); // 2 weeks before, 17:00 in Warsaw

    // First move, two weeks later: the planning step follows.
    const later = step(first.state, [
      {
        type: 'changeParameter',
        name: 'eventDate',
        value: '2027-07-02',
        actor: 'boss',
        at: '2027-05-25T08:00:00.000Z',
      },
    ]);
    expect(later.state.steps.plan?.due).toBe('2027-06-18T15:00:00.000Z');
    expect(later.effects.filter((e) => e.type === 'cancelTimer')).toHaveLength(3);
    expect(later.effects.filter((e) => e.type === 'scheduleTimer').map((e) => e.at)).toEqual([
      '2027-06-17T15:00:00.000Z', // reminder a business day before
      '2027-06-18T15:00:00.000Z', // to the delegator at the deadline
      '2027-06-21T15:00:00.000Z', // to the manager's manager a business day after (Monday)
    ]);
    expect(later.effects).toContainEqual(
      expect.objectContaining({
        type: 'updateTask',
        nodeId: 'plan',
        round: 1,
        status: 'open',
        due: '2027-06-18T15:00:00.000Z',
        // Why it is due then, for the step's reader: ten business days before the moved event date.
        dueMessages: [
          expect.objectContaining({
            key: 'offset',
            params: expect.objectContaining({ anchorId: 'eventDate', count: 10, from: '2027-07-02T15:00:00.000Z' }),
          }),
        ],
      })
    );
    expect(later.effects.find((e) => e.type === 'audit')).toMatchObject({
      action: 'parameterChanged',
      actor: 'boss',
      detail: {
        name: 'eventDate',
        from: '2027-06-18',
        to: '2027-07-02',
        moved: [{ nodeId: 'plan', from: '2027-06-04T15:00:00.000Z', to: '2027-06-18T15:00:00.000Z', atRisk: false }],
      },
    });

    // Planning is done; the documents and the cost estimate open side by side on the moved date (in business days).
    const planned = step(later.state, [
      {
        type: 'submit',
        nodeId: 'plan',
        actor: 'ola',
        at: '2027-05-26T08:00:00.000Z',
        values: { participants: 40 },
      },
    ]);
    expect(planned.state.steps.estimate?.due).toBe('2027-06-21T15:00:00.000Z'); // 9 business days before 2 July
    expect(planned.state.steps.documents?.due).toBe('2027-06-24T15:00:00.000Z'); // 6 business days before
    expect(planned.state.steps.book).toBeUndefined(); // nothing is booked before the estimate is approved

    // Second move, much earlier: both open steps would be due before now, so they are at risk and the owner is told.
    const earlier = step(planned.state, [
      {
        type: 'changeParameter',
        name: 'eventDate',
        value: '2027-06-01',
        actor: 'boss',
        at: '2027-05-27T08:00:00.000Z',
      },
    ]);
    expect(earlier.state.steps.plan).toMatchObject({ phase: 'done', due: '2027-06-18T15:00:00.000Z' });
    // Counting back from Tuesday 1 June over Corpus Christi (Thursday 27 May 2027).
    expect(earlier.state.steps.estimate?.due).toBe('2027-05-18T15:00:00.000Z');
    expect(earlier.state.steps.documents?.due).toBe('2027-05-21T15:00:00.000Z');
    expect(earlier.state.steps.estimate?.risks).toEqual([
      {
        by: 'system',
        text: 'the deadline moved to 2027-05-18T15:00:00.000Z, which has already passed',
        at: '2027-05-27T08:00:00.000Z',
      },
    ]);
    expect(
      earlier.effects
        .filter((e) => e.type === 'notify')
        .map((e) => (e.type === 'notify' ? [e.recipient, e.subject, e.nodeId] : []))
        .sort()
    ).toEqual([
      ['boss', 'A step is at risk after a date change', 'documents'],
      ['boss', 'A step is at risk after a date change', 'estimate'],
    ]);
    expect(earlier.effects.find((e) => e.type === 'audit')).toMatchObject({
      detail: { from: '2027-07-02', to: '2027-06-01' },
    });
  });

  it('holds the planning step until its stage starts 4 weeks before the event, re-planned when the date moves', () => {
    // Started on Monday 3 May 2027 (a Polish holiday), seven weeks before the event.
    const early = startProcess(
      'event-2',
      template,
      { eventName: 'Partner day', eventDate: '2027-06-18', organizer: 'ola' },
      'boss',
      '2027-05-03T07:00:00.000Z',
      ctx
    );
    expect(early.state.nodes.plan?.status).toBe('waiting');
    expect(early.state.steps.plan).toBeUndefined();
    expect(early.effects.some((effect) => effect.type === 'createTask')).toBe(false);
    const held = early.effects.find((effect) => effect.type === 'scheduleTimer');
    // Thursday 20 May 2027, 09:00 in Warsaw: 20 business days (four weeks) before the event, over Corpus Christi.
    expect(held).toEqual({ type: 'scheduleTimer', timerId: expect.any(String), at: '2027-05-20T07:00:00.000Z' });
    expect(early.effects).toContainEqual(
      expect.objectContaining({
        type: 'audit',
        action: 'stepScheduled',
        detail: { opensAt: '2027-05-20T07:00:00.000Z' },
      })
    );

    // The event moves a week later while the step waits: so does the stage start.
    const moved = step(early.state, [
      {
        type: 'changeParameter',
        name: 'eventDate',
        value: '2027-06-25',
        actor: 'boss',
        at: '2027-05-10T08:00:00.000Z',
      },
    ]);
    if (held?.type !== 'scheduleTimer') throw new Error('no stage timer');
    expect(moved.effects).toContainEqual({ type: 'cancelTimer', timerId: held.timerId });
    const replanned = moved.effects.find((effect) => effect.type === 'scheduleTimer');
    expect(replanned).toMatchObject({ at: '2027-05-28T07:00:00.000Z' });
    expect(moved.effects.find((effect) => effect.type === 'audit')).toMatchObject({
      detail: { moved: [{ nodeId: 'plan', to: '2027-05-28T07:00:00.000Z' }] },
    });
    // The old timer firing late changes nothing; the new one opens the step with its deadline.
    expect(step(moved.state, [{ type: 'timerFired', timerId: held.timerId, at: held.at }]).effects).toEqual([]);
    if (replanned?.type !== 'scheduleTimer') throw new Error('no re-planned timer');
    const opened = step(moved.state, [{ type: 'timerFired', timerId: replanned.timerId, at: replanned.at }]);
    expect(opened.state.nodes.plan?.status).toBe('active');
    expect(opened.state.steps.plan).toMatchObject({ phase: 'open', due: '2027-06-11T15:00:00.000Z' });
    expect(opened.effects).toContainEqual(
      expect.objectContaining({ type: 'createTask', nodeId: 'plan', due: '2027-06-11T15:00:00.000Z' })
    );

    // Moved so close that the stage has already begun: the step opens at once.
    const sudden = step(early.state, [
      {
        type: 'changeParameter',
        name: 'eventDate',
        value: '2027-05-28',
        actor: 'boss',
        at: '2027-05-10T08:00:00.000Z',
      },
    ]);
    expect(sudden.state.steps.plan).toMatchObject({ phase: 'open', due: '2027-05-13T15:00:00.000Z' });
  });

  it('refuses unknown parameters, wrong values and people who did not start the process', () => {
    const change = (name: string, value: unknown, actor = 'boss'): ProcessEvent => ({
      type: 'changeParameter',
      name,
      value,
      actor,
      at: STARTED,
    });
    expect(() => apply(first.state, change('venueDate', '2027-06-01'), ctx)).toThrow(
      new StepRejectedError('there is no parameter "venueDate" in this process', 'unknownParameter')
    );
    expect(() => apply(first.state, change('eventDate', '18.06.2027'), ctx)).toThrow(
      'parameter "eventDate": expected a date like 2027-06-18'
    );
    expect(() => apply(first.state, change('eventDate', '2027-06-25', 'ola'), ctx)).toThrow(
      'ola did not start this process and cannot change its parameters'
    );
  });
});
