import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { REPORT_PERIODS, type ReportInput } from '../workflows/report/report.messages';

/** Zone of a recipient whose team has no calendar; the API's default calendar uses the same. */
const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

/**
 * Makes sure every active manager and observer has a running report workflow (`report-<userId>`): daily, weekly and
 * monthly summaries in their team's time zone. Idempotent: a running one is kept as it is. Returns the recipients.
 */
export async function ensureReportWorkflows(deps: {
  client: Client;
  pool: Pool;
  taskQueue: string;
}): Promise<string[]> {
  const { rows } = await deps.pool.query<{ id: string; role: ReportInput['role']; time_zone: string | null }>(
    `SELECT u.id::text AS id, u.role, t.calendar->>'timeZone' AS time_zone
     FROM users u LEFT JOIN teams t ON t.id = u.team_id
     WHERE u.role IN ('manager', 'observer') AND NOT u.disabled ORDER BY u.created_at`
  );
  for (const user of rows) {
    const input: ReportInput = {
      recipient: user.id,
      role: user.role,
      periods: [...REPORT_PERIODS],
      timeZone: user.time_zone ?? DEFAULT_TIME_ZONE,
    };
    await deps.client.workflow.start('reportWorkflow', {
      workflowId: `report-${user.id}`,
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  return rows.map((row) => row.id);
}

/** Keeps report workflows in step with the users: at start-up, then every `intervalMs` for people added later. */
export function scheduleReportWorkflows(
  deps: { client: Client; pool: Pool; taskQueue: string; logger: Logger },
  intervalMs = 10 * 60_000
): () => void {
  const run = () => {
    ensureReportWorkflows(deps).then(
      (recipients) => deps.logger.debug(`reports: ${recipients.length} recipients have a report workflow`),
      (error: unknown) => deps.logger.warn({ err: error }, 'reports: could not start report workflows; will retry')
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  return () => clearInterval(timer);
}
