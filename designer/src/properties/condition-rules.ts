/**
 * Decision conditions edited as rules ("budget > 10000", all or any of them) instead of raw JSON-logic.
 * A condition the rule form cannot express (nested logic, other operators) stays as it is and is shown as JSON.
 */

export const RULE_OPERATORS = ['==', '!=', '>', '>=', '<', '<='] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export type RuleValue = string | number | boolean;

export interface Rule {
  variable: string;
  operator: RuleOperator;
  value: RuleValue;
}

export type RuleSet =
  | { kind: 'always' }
  | { kind: 'rules'; combinator: 'all' | 'any'; rules: Rule[] }
  | { kind: 'advanced'; json: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRuleValue(value: unknown): value is RuleValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function ruleFromLogic(logic: unknown): Rule | undefined {
  if (!isRecord(logic)) return undefined;
  const entries = Object.entries(logic);
  if (entries.length !== 1) return undefined;
  const [operator, args] = entries[0] ?? [];
  if (!(RULE_OPERATORS as readonly string[]).includes(operator ?? '') || !Array.isArray(args) || args.length !== 2) {
    return undefined;
  }
  const [left, right] = args as unknown[];
  if (!isRecord(left) || typeof left.var !== 'string' || Object.keys(left).length !== 1 || !isRuleValue(right)) {
    return undefined;
  }
  return { variable: left.var, operator: operator as RuleOperator, value: right };
}

/** Reads a JSON-logic condition as rules when it is `true`, one comparison, or an and/or of comparisons. */
export function ruleSetFromCondition(condition: unknown): RuleSet {
  if (condition === true) return { kind: 'always' };
  const single = ruleFromLogic(condition);
  if (single) return { kind: 'rules', combinator: 'all', rules: [single] };
  if (isRecord(condition) && Object.keys(condition).length === 1) {
    const combinator = 'and' in condition ? 'all' : 'or' in condition ? 'any' : undefined;
    const list = condition.and ?? condition.or;
    if (combinator && Array.isArray(list) && list.length > 0) {
      const rules = list.map(ruleFromLogic);
      if (rules.every((rule): rule is Rule => rule !== undefined)) return { kind: 'rules', combinator, rules };
    }
  }
  return { kind: 'advanced', json: condition };
}

function ruleToLogic(rule: Rule) {
  return { [rule.operator]: [{ var: rule.variable }, rule.value] };
}

/** Writes rules back as JSON-logic, the form the process language evaluates. */
export function conditionFromRuleSet(set: RuleSet): unknown {
  switch (set.kind) {
    case 'always':
      return true;
    case 'advanced':
      return set.json;
    case 'rules':
      if (set.rules.length === 0) return true;
      if (set.rules.length === 1 && set.rules[0]) return ruleToLogic(set.rules[0]);
      return { [set.combinator === 'all' ? 'and' : 'or']: set.rules.map(ruleToLogic) };
  }
}

/** A typed-in value as the comparison needs it: numbers and true/false as such, anything else as text. */
export function parseRuleValue(text: string): RuleValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}
