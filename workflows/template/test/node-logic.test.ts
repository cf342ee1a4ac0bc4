import { describe, expect, it } from 'vitest';
import { chooseDecisionOutcome, DecisionDataSchema, isJoinSatisfied } from '..';

describe('chooseDecisionOutcome', () => {
  const data = DecisionDataSchema.parse({
    branches: [
      { outcome: 'urgent', condition: { '==': [{ var: 'urgent' }, true] } },
      { outcome: 'big', condition: { '>': [{ var: 'budget.amount' }, 10000] } },
    ],
    defaultOutcome: 'normal',
  });

  it('takes the first branch whose condition holds', () => {
    expect(chooseDecisionOutcome(data, { urgent: true, budget: { amount: 20000 } })).toEqual({
      outcome: 'urgent',
      branchIndex: 0,
    });
    expect(chooseDecisionOutcome(data, { urgent: false, budget: { amount: 20000 } })).toEqual({
      outcome: 'big',
      branchIndex: 1,
    });
  });

  it('falls back to the default, also when variables are missing', () => {
    expect(chooseDecisionOutcome(data, { urgent: false, budget: { amount: 50 } })).toEqual({
      outcome: 'normal',
      branchIndex: undefined,
    });
    expect(chooseDecisionOutcome(data, {}).outcome).toBe('normal');
  });
});

describe('isJoinSatisfied', () => {
  it('all, any and N of M', () => {
    expect(isJoinSatisfied({ mode: 'all' }, 2, 3)).toBe(false);
    expect(isJoinSatisfied({ mode: 'all' }, 3, 3)).toBe(true);
    expect(isJoinSatisfied({ mode: 'any' }, 0, 3)).toBe(false);
    expect(isJoinSatisfied({ mode: 'any' }, 1, 3)).toBe(true);
    expect(isJoinSatisfied({ mode: 'nOfM', n: 2 }, 1, 3)).toBe(false);
    expect(isJoinSatisfied({ mode: 'nOfM', n: 2 }, 2, 3)).toBe(true);
  });
});
