import { invalidArgument } from '../errors';
import type { ExecutionRecord } from './records';

/** One `Key = 'value'` (or `!=`) clause of a visibility query. */
interface Clause {
  key: string;
  negated: boolean;
  value: string;
}

const clausePattern = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|!=)\s*(?:'([^']*)'|"([^"]*)")\s*$/;

/**
 * Parses the subset of Temporal's SQL-like list filter the devserver supports: clauses joined by AND,
 * each `Key = 'value'` or `Key != 'value'`. Anything else is refused with a message naming the clause.
 */
export function parseVisibilityQuery(query: string): Clause[] {
  const trimmed = query.trim();
  if (trimmed === '') return [];
  return trimmed.split(/\s+AND\s+/i).map((part) => {
    const match = clausePattern.exec(part);
    if (!match) {
      throw invalidArgument(`query: unsupported clause "${part.trim()}" (supported: Key = 'value' joined by AND)`);
    }
    return { key: match[1] ?? '', negated: match[2] === '!=', value: match[3] ?? match[4] ?? '' };
  });
}

/** Whether a run matches every clause; custom keys compare with the run's keyword search attributes. */
export function matchesVisibilityQuery(
  record: ExecutionRecord,
  clauses: Clause[],
  searchAttribute: (record: ExecutionRecord, key: string) => string[]
): boolean {
  return clauses.every((clause) => {
    let values: string[];
    switch (clause.key) {
      case 'WorkflowId':
        values = [record.workflowId];
        break;
      case 'RunId':
        values = [record.runId];
        break;
      case 'WorkflowType':
        values = [record.workflowType];
        break;
      case 'TaskQueue':
        values = [record.taskQueue];
        break;
      case 'ExecutionStatus':
        values = [record.status];
        break;
      default:
        values = searchAttribute(record, clause.key);
    }
    return values.includes(clause.value) !== clause.negated;
  });
}
