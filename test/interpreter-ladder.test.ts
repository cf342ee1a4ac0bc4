import { describe, expect, it } from 'vitest';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess } from '../workflows/interpreter';
import type { Effect, EngineContext, ProcessEvent, ProcessState } from '../workflows/interpreter';
import type { EscalationRung } from '../workflows/template';
import { oneTaskTemplate } from './support/one-task-template';

// An assistant reporting to an office head; the delegator reporting to a director, who reports to the CEO.
const ORG = { managers: { anna: 'olga', boss: 'director', director: 'ceo' } };
const MONDAY = '2026-11-09T08:00:00.000Z';
const ctx: EngineContext = { calendar: calendarContext({ country: 'PL' }), org: ORG, ladderTargets: true };

const template = (escalation: EscalationRung[]) => oneTaskTemplate({ due: 'start + 3bd @17:00', escalation }, 'ladder');

const rung = (kind: EscalationRung['action']['kind'], amount: number): EscalationRung =>
  ({ at: { relation: 'after', amount, unit: 'hours' }, action: { kind } }) as EscalationRung;

/** Starts the process and fires every rung timer in order; returns the effects of the firings. */
function fireAll(ladder: EscalationRung[], context: EngineContext): { state: ProcessState; effects: Effect[] } {
  const first = startProcess('wf-ladder', template(ladder), {}, 'boss', MONDAY, context);
  let state = first.state;
  const effects: Effect[] = [];
  for (const effect of first.effects) {
    if (effect.type !== 'scheduleTimer') continue;
    const next = apply(state, { type: 'timerFired', timerId: effect.timerId, at: effect.at } as ProcessEvent, context);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const reached = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.type === 'audit' && effect.action === 'escalated' ? [effect.detail] : []));

describe('escalation ladder targets', () => {
  const ladder = [
    rung('escalateToDelegator', 1),
    rung('escalateToAssigneeManager', 2),
    rung('escalateToManagersManager', 3),
  ];

  it('reaches whom each rung says: the delegator, the assignee’s manager, the delegator’s manager', () => {
    const { effects } = fireAll(ladder, ctx);
    expect(reached(effects).map((detail) => detail.target)).toEqual(['boss', 'olga', 'director']);
    expect(reached(effects).some((detail) => 'walkedUp' in detail)).toBe(false);
  });

  it('walks up to the next person who exists when a level is missing, and audits it', () => {
    const flat: EngineContext = { ...ctx, org: { managers: {} } };
    const { effects } = fireAll(ladder, flat);
    const details = reached(effects);
    // Anna reports to nobody: her rung reaches the delegator; the delegator reports to nobody: theirs too.
    expect(details.map((detail) => detail.target)).toEqual(['boss', 'boss', 'boss']);
    expect(details[1]).toMatchObject({ walkedUp: { missing: 'assigneeManager', of: 'anna' } });
    expect(details[2]).toMatchObject({ walkedUp: { missing: 'delegatorManager', of: 'boss' } });
    const partial: EngineContext = { ...ctx, org: { managers: { boss: 'director' } } };
    expect(reached(fireAll(ladder, partial).effects)[1]).toMatchObject({
      target: 'director',
      walkedUp: { missing: 'assigneeManager', of: 'anna' },
    });
  });

  it('goes n levels up from the assignee or the delegator, walking up when the line ends sooner', () => {
    const up = (levels: number, from: 'assignee' | 'delegator'): EscalationRung => ({
      at: { relation: 'after', amount: levels, unit: 'hours' },
      action: { kind: 'escalateUp', levels, from },
    });
    const details = reached(fireAll([up(1, 'assignee'), up(2, 'delegator'), up(3, 'delegator')], ctx).effects);
    // Anna → the office head; the delegator → director → CEO; three levels up the delegator's line end at the CEO.
    expect(details.map((detail) => detail.target)).toEqual(['olga', 'ceo', 'ceo']);
    expect('walkedUp' in details[1]!).toBe(false);
    expect(details[2]).toMatchObject({ walkedUp: { missing: 'level3', of: 'boss' } });
    // Two levels up from Anna: the office head reports to nobody, so the rung stops at her and says so.
    const fromAnna = reached(fireAll([up(2, 'assignee')], ctx).effects);
    expect(fromAnna[0]).toMatchObject({ target: 'olga', walkedUp: { missing: 'level2', of: 'anna' } });
    // Nobody above the anchor at all: the delegator's manager.
    const flat = reached(fireAll([up(2, 'assignee')], { ...ctx, org: { managers: { boss: 'director' } } }).effects);
    expect(flat[0]).toMatchObject({ target: 'director', walkedUp: { missing: 'level2', of: 'anna' } });
  });

  it('keeps the old targets for processes started before', () => {
    const legacy: EngineContext = { ...ctx, ladderTargets: false };
    expect(reached(fireAll(ladder, legacy).effects).map((detail) => detail.target)).toEqual([
      'boss',
      'director',
      'ceo',
    ]);
  });

  it('writes a raised priority to the task row, so the inbox quadrant follows', () => {
    const { effects } = fireAll([rung('raisePriority', 1)], ctx);
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'updateTask', priority: { urgent: true, important: true } })
    );
  });
});
