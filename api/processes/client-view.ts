import type { AuthUser } from '../lib/app-env';

/**
 * What a process's client (an observer: observers see only their own processes) reads of it. The rule lives here,
 * and every route that returns comments or history applies it in its query, so no route shows a client more.
 */
export const readsClientView = (user: AuthUser): boolean => user.role === 'observer';

/**
 * History entries a client reads: the process and its steps moving on, time spent, moved dates, and public comments.
 * Not: internal comments, risks, decision requests, reviews' verdicts other than approval, escalations, hand-overs,
 * absences, claims, checklists, refusals and data errors.
 */
export const CLIENT_AUDIT_ACTIONS = [
  'processStarted',
  'processCancelled',
  'processFailed',
  'stepScheduled',
  'started',
  'timeLogged',
  'submitted',
  'approved',
  'commented',
  'parameterChanged',
  'dueChanged',
] as const;

/**
 * The SQL condition "a client may read audit entry `<alias>`" (`$n` is the client flag, `$n+1` the actions): for
 * staff it is true; a comment only when public (comments from before visibility existed are internal).
 */
export function clientAuditFilter(alias: string, first: number, user: AuthUser): { sql: string; params: unknown[] } {
  return {
    sql: `(NOT $${first}::boolean OR (${alias}.action = ANY($${first + 1}::text[])
            AND (${alias}.action <> 'commented' OR ${alias}.detail ->> 'visibility' = 'public')))`,
    params: [readsClientView(user), [...CLIENT_AUDIT_ACTIONS]],
  };
}

/** Detail fields a client does not read even in an entry it sees: a reviewer's remark, a reason, an error text. */
const INTERNAL_DETAIL_KEYS = ['comment', 'reason', 'message', 'mentions'];

/** An entry's detail as the caller may read it (unchanged for staff). */
export function detailFor(user: AuthUser, detail: Record<string, unknown>): Record<string, unknown> {
  if (!readsClientView(user)) return detail;
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !INTERNAL_DETAIL_KEYS.includes(key)));
}
