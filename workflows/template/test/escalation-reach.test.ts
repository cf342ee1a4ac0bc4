import { describe, expect, it } from 'vitest';
import { levelsUp, rungTarget } from '../escalation-reach';

// An assistant reporting to an office head; the delegator reporting to a director, who reports to the CEO.
const org = { managers: { anna: 'olga', boss: 'director', director: 'ceo' }, deputies: { anna: 'ewa' } };

describe('whom a rung reaches', () => {
  it('names the person of each rung for the people a step would have', () => {
    const target = (action: Parameters<typeof rungTarget>[0]) => rungTarget(action, 'anna', 'boss', org);
    expect(target({ kind: 'remindAssignee' })).toBe('anna');
    expect(target({ kind: 'escalateToDelegator' })).toBe('boss');
    expect(target({ kind: 'escalateToAssigneeManager' })).toBe('olga');
    expect(target({ kind: 'escalateToManagersManager' })).toBe('director');
    expect(target({ kind: 'escalateUp', levels: 2, from: 'delegator' })).toBe('ceo');
    expect(target({ kind: 'reassignToDeputy' })).toBe('ewa');
    expect(target({ kind: 'reassignTo', personId: 'zoe' })).toBe('zoe');
    expect(target({ kind: 'raisePriority' })).toBeUndefined();
  });

  it('walks up as the engine does when a level is missing, and knows nothing of a doer it cannot see', () => {
    const flat = { managers: {}, deputies: {} };
    expect(rungTarget({ kind: 'escalateToAssigneeManager' }, 'anna', 'boss', flat)).toBe('boss');
    expect(rungTarget({ kind: 'escalateToAssigneeManager' }, undefined, 'boss', org)).toBeUndefined();
    expect(levelsUp((person) => org.managers[person as keyof typeof org.managers], 'anna', 3)).toEqual({
      person: 'olga',
      missing: true,
    });
    expect(levelsUp(() => undefined, 'anna', 1)).toBeUndefined();
  });
});
