import jsonLogic from 'json-logic-js';
import type { RulesLogic } from 'json-logic-js';
import type { DecisionData } from './decision.definition';

export interface DecisionChoice {
  outcome: string;
  /** The branch that matched, or undefined when the default was taken. */
  branchIndex: number | undefined;
}

/**
 * Picks a decision's outcome: the first branch whose condition is truthy (JSON-logic truthiness),
 * else the default. Pure and deterministic, so the interpreter and the designer's preview agree.
 */
export function chooseDecisionOutcome(
  data: DecisionData,
  variables: Readonly<Record<string, unknown>>
): DecisionChoice {
  for (let index = 0; index < data.branches.length; index++) {
    const branch = data.branches[index];
    if (branch === undefined) continue;
    // The schema only guarantees JSON; validation has checked the operators before a template runs.
    const result: unknown = jsonLogic.apply(branch.condition as RulesLogic, variables);
    if (jsonLogic.truthy(result)) return { outcome: branch.outcome, branchIndex: index };
  }
  return { outcome: data.defaultOutcome, branchIndex: undefined };
}
