import type { ValidationIssue } from '../validation-issue';
import { buildGraph, checkGraph } from './graph-checks';
import { checkReferences } from './reference-checks';
import { parseTemplateParts } from './template-model';
import type { ValidationContext } from './validation-context';
import { schemaIssues } from './zod-issues';

/**
 * Validates a template as written (JSON from the designer, the API or a file) and explains every
 * problem: what is wrong, on which node or edge, and how to fix it. Schema errors do not stop the
 * graph checks; the parts that parse are still checked. Errors come before warnings.
 */
export function validateTemplate(input: unknown, context: ValidationContext = {}): ValidationIssue[] {
  const { model, zodIssues } = parseTemplateParts(input);
  const issues: ValidationIssue[] = schemaIssues(zodIssues, input);
  const graph = buildGraph(model, issues);
  const { inCycle } = checkGraph(model, graph, issues);
  checkReferences(model, graph, inCycle, context, issues);
  const errors = issues.filter((issue) => issue.severity === 'error');
  return errors.length === issues.length ? issues : [...errors, ...issues.filter((i) => i.severity !== 'error')];
}

export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
