/** Every problem validation can report; the code is stable, the message and hint are for people. */
export const ISSUE_CODES = [
  'schema',
  'deadline-parse',
  'duplicate-node-id',
  'duplicate-edge-id',
  'duplicate-parameter',
  'edge-unknown-node',
  'edge-to-stage',
  'self-loop',
  'no-start',
  'multiple-starts',
  'start-has-incoming',
  'unreachable-node',
  'dead-end',
  'no-end',
  'end-has-outgoing',
  'too-many-outgoing',
  'too-few-outgoing',
  'unexpected-outcome',
  'missing-outcome',
  'duplicate-outcome',
  'approval-outcome-missing',
  'decision-no-default',
  'join-inputs',
  'condition-invalid',
  'condition-unknown-variable',
  'unknown-variable',
  'deadline-unknown-parameter',
  'deadline-parameter-not-date',
  'deadline-unknown-node',
  'deadline-self-anchor',
  'deadline-anchor-not-upstream',
  'deadline-occurrence-without-recurrence',
  'recurrence-missing-parameter',
  'cycle-without-exit',
  'cycle-unbounded',
  'assignee-unknown-person',
  'assignee-unknown-team',
  'assignee-unknown-parameter',
  'assignee-parameter-not-person',
  'max-rounds-without-reviewer',
  'subprocess-unknown-template',
  'subprocess-unknown-version',
  'subprocess-unknown-input',
  'subprocess-missing-input',
  'parent-unknown',
  'parent-not-stage',
  'parent-cycle',
  'variable-shadows-parameter',
  'escalation-without-due',
  // Reported by the designer against the current org chart, not by validateTemplate (which has no org chart).
  'escalation-target-missing',
  // Reported by the designer: a language the template has lacks some of its texts (they show in the default language).
  'translation-missing',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type IssueSeverity = 'error' | 'warning';

export interface ValidationIssue {
  code: IssueCode;
  severity: IssueSeverity;
  nodeId?: string;
  edgeId?: string;
  /** Where in the template JSON the problem is, for schema issues. */
  path?: (string | number)[];
  /** What is wrong, naming the node or edge. */
  message: string;
  /** How to fix it. */
  hint: string;
  /** Values a reader's catalog needs to say it in their language (names, numbers), beside the code. */
  params?: Record<string, string | number>;
}
