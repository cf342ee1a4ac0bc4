import { describe, expect, it } from 'vitest';
import { nodeStates, type StepLike } from './node-states';

const now = new Date('2027-03-10T12:00:00Z');
const step = (nodeId: string, status: string, extra: Partial<StepLike> = {}): StepLike => ({
  nodeId,
  round: 1,
  status,
  dueAt: null,
  escalationLevel: 0,
  ...extra,
});

describe('nodeStates', () => {
  it('marks open steps active, overdue or escalated, closed ones done or cancelled', () => {
    const states = nodeStates(
      [
        step('a', 'done'),
        step('b', 'open', { dueAt: '2027-03-11T12:00:00Z' }),
        step('c', 'inProgress', { dueAt: '2027-03-09T12:00:00Z' }),
        step('d', 'open', { dueAt: '2027-03-09T12:00:00Z', escalationLevel: 1 }),
        step('e', 'cancelled'),
      ],
      [],
      now
    );
    expect(Object.fromEntries(states)).toEqual({
      a: 'done',
      b: 'active',
      c: 'overdue',
      d: 'escalated',
      e: 'cancelled',
    });
  });

  it('takes the latest review round of a step, and marks nodes seen in the audit as passed', () => {
    const states = nodeStates(
      [step('task', 'returned', { round: 1 }), step('task', 'inReview', { round: 2 })],
      ['start', 'task', 'decide'],
      now
    );
    expect(states.get('task')).toBe('active');
    expect(states.get('start')).toBe('done');
    expect(states.get('decide')).toBe('done');
    expect(states.has('end')).toBe(false);
  });
});
