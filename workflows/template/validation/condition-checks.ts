/** What is wrong with a JSON-logic condition, found without evaluating it. */
export interface ConditionProblem {
  kind: 'invalid' | 'unknown-variable';
  message: string;
  variable?: string;
}

// The operators json-logic-js ships with, minus `method`, which calls arbitrary methods on data.
const OPERATORS = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!',
  '!!',
  'or',
  'and',
  '?:',
  'if',
  'in',
  'cat',
  'substr',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'merge',
  'log',
  'var',
  'missing',
  'missing_some',
  'map',
  'filter',
  'reduce',
  'all',
  'none',
  'some',
]);
// Operators whose later arguments run once per array element, where `var` names the element.
const ELEMENT_SCOPED = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);
const ARITY: Record<string, readonly [number, number]> = {
  '==': [2, 2],
  '===': [2, 2],
  '!=': [2, 2],
  '!==': [2, 2],
  '>': [2, 2],
  '>=': [2, 2],
  '<': [2, 3],
  '<=': [2, 3],
  in: [2, 2],
  substr: [2, 3],
  '%': [2, 2],
  '/': [2, 2],
  map: [2, 2],
  filter: [2, 2],
  all: [2, 2],
  none: [2, 2],
  some: [2, 2],
  reduce: [2, 3],
  missing_some: [2, 2],
};

/**
 * Checks a condition's structure (one operator per object, known operators, argument counts) and
 * that every variable it reads exists. Variable paths are checked by their first segment, so
 * `client.email` needs a variable `client`.
 */
export function inspectCondition(rule: unknown, knownVariables: ReadonlySet<string>): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  const checkVariable = (name: unknown) => {
    if (typeof name !== 'string' || name === '') return;
    const root = name.split('.')[0] ?? name;
    if (!knownVariables.has(root)) {
      problems.push({
        kind: 'unknown-variable',
        variable: name,
        message: `reads variable "${name}", which is not defined`,
      });
    }
  };
  const walk = (node: unknown, elementScope: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, elementScope);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({
        kind: 'invalid',
        message:
          keys.length === 0
            ? 'has an empty object where an operation was expected'
            : `has an object with keys ${keys.map((k) => `"${k}"`).join(', ')}; an operation has exactly one key, its operator`,
      });
      return;
    }
    const operator = keys[0] as string;
    if (!OPERATORS.has(operator)) {
      problems.push({ kind: 'invalid', message: `uses unknown operator "${operator}"` });
      return;
    }
    const value: unknown = (node as Record<string, unknown>)[operator];
    const args = Array.isArray(value) ? value : [value];
    const arity = ARITY[operator];
    if (arity !== undefined && (args.length < arity[0] || args.length > arity[1])) {
      const expected = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} or ${arity[1]}`;
      problems.push({
        kind: 'invalid',
        message: `gives "${operator}" ${args.length} argument(s); it takes ${expected}`,
      });
      return;
    }
    if (operator === 'var') {
      const [path, fallback] = args;
      if (typeof path === 'object' && path !== null) walk(path, elementScope);
      else if (!elementScope) checkVariable(path);
      walk(fallback, elementScope);
      return;
    }
    if (operator === 'missing' || operator === 'missing_some') {
      const names = operator === 'missing' ? args : args[1];
      for (const name of Array.isArray(names) ? names : [names]) {
        if (typeof name === 'object' && name !== null) walk(name, elementScope);
        else if (!elementScope) checkVariable(name);
      }
      return;
    }
    if (ELEMENT_SCOPED.has(operator)) {
      walk(args[0], elementScope);
      for (const arg of args.slice(1)) walk(arg, true);
      return;
    }
    for (const arg of args) walk(arg, elementScope);
  };
  walk(rule, false);
  return problems;
}
