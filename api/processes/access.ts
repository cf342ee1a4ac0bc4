import type pg from 'pg';
import type { AuthUser } from '../lib/app-env';
import { forbidden, notFound } from '../lib/api-error';

/**
 * The SQL condition "the caller may see process `<alias>.workflow_id`", with its parameters numbered from `first`.
 * An admin sees every process; everyone sees what they started or own; an assistant (and a manager) what they have
 * steps in (a step in their team's queue counts); a manager also whatever a member of their team started, owns or
 * has steps in. An observer sees only its own processes.
 */
export function visibleTo(user: AuthUser, alias: string, first: number): { sql: string; params: unknown[] } {
  const uid = `$${first}`;
  const role = `$${first + 1}`;
  const team = `$${first + 2}`;
  const sql = `(${role}::text = 'admin'
    OR ${alias}.starter = ${uid}::text OR ${alias}.owner = ${uid}::text
    OR (${role}::text IN ('assistant', 'manager') AND EXISTS (
         SELECT 1 FROM process_tasks vt WHERE vt.workflow_id = ${alias}.workflow_id
            AND (vt.assignee = ${uid}::text OR vt.reviewer = ${uid}::text
                 OR (${team}::uuid IS NOT NULL AND vt.team_id = ${team}::text))))
    OR (${role}::text = 'manager' AND ${team}::uuid IS NOT NULL AND EXISTS (
         SELECT 1 FROM users vu WHERE vu.team_id = ${team}::uuid
            AND (vu.id::text IN (${alias}.starter, ${alias}.owner) OR EXISTS (
                 SELECT 1 FROM process_tasks vt2 WHERE vt2.workflow_id = ${alias}.workflow_id
                    AND vt2.assignee = vu.id::text)))))`;
  return { sql, params: [user.id, user.role, user.teamId] };
}

export interface ProcessRow {
  workflow_id: string;
  template_id: string;
  template_version: number;
  template_name: string;
  starter: string;
  owner: string | null;
  params: Record<string, unknown>;
  status: string;
  started_at: Date;
  closed_at: Date | null;
  updated_at: Date;
}

/** The process if the caller may see it: 404 when there is none, 403 when it is someone else's. */
export async function loadVisibleProcess(pool: pg.Pool, user: AuthUser, workflowId: string): Promise<ProcessRow> {
  const visible = visibleTo(user, 'p', 2);
  const { rows } = await pool.query<ProcessRow & { visible: boolean }>(
    `SELECT p.*, ${visible.sql} AS visible FROM processes p WHERE p.workflow_id = $1`,
    [workflowId, ...visible.params]
  );
  const row = rows[0];
  if (!row) throw notFound('process');
  if (!row.visible)
    throw forbidden('This process is not one of yours, your steps or your team’s.', 'processNotVisible');
  return row;
}

/**
 * May the caller act on the process at all (beyond seeing it): cancel, change a parameter. Never its client (an
 * observer), even one who sent the request: a client comments, the office decides.
 */
export function mayManage(user: AuthUser, row: ProcessRow): boolean {
  if (user.role === 'observer') return false;
  return user.role === 'admin' || user.role === 'manager' || row.starter === user.id || row.owner === user.id;
}

/** The ids of everyone taking part in the process `$1`: its starter and client, its steps' assignees and reviewers. */
export const PROCESS_PARTICIPANTS_SQL = `SELECT starter FROM processes WHERE workflow_id = $1
  UNION SELECT owner FROM processes WHERE workflow_id = $1
  UNION SELECT assignee FROM process_tasks WHERE workflow_id = $1
  UNION SELECT reviewer FROM process_tasks WHERE workflow_id = $1`;
