import { Context } from '@temporalio/activity';
import { stoppedStatus, type DutyReason } from '../workflows/i18n/duty-reasons';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { OccurrenceOutcome } from '../workflows/duty/duty.messages';
import type { DutySchedule, OverlapRule } from '../workflows/duty/duty.schema';
import type { ProcessResult } from '../workflows/process.workflow';
import { storableString } from './storable';

export interface DutyActivityDeps {
  pool: Pool;
  logger: Logger;
}

/** The row of the `duties` projection, as the duty workflow sees it now. */
export interface DutyProjection {
  dutyId: string;
  workflowId: string;
  templateId: string;
  templateVersion: number;
  name: string;
  schedule: DutySchedule;
  assignee: string;
  owner: string;
  overlap: OverlapRule;
  status: 'active' | 'paused' | 'ended';
  nextOccurrenceAt: string | null;
  lastOccurrenceAt: string | null;
  lastOutcome: OccurrenceOutcome | null;
  occurrencesStarted: number;
}

/** What became of an occurrence's process: still open, or closed with a one-word verdict for the owner. */
export interface OccurrenceCheck {
  workflowId: string;
  open: boolean;
  outcome?: Exclude<OccurrenceOutcome, 'running' | 'skipped' | 'escalated'>;
  /** Why it is late or a problem, in a sentence for the owner's report. */
  detail?: string;
  /** The same as a key with parameters, said in the owner's language (absent in checks made before it was kept). */
  reason?: DutyReason;
  closedAt?: string;
}

// Audit actions that mean the assignee raised something the owner should know about.
const PROBLEM_ACTIONS = ['riskFlagged', 'decisionRequested'];

/** Duty activities: the `duties` projection and the verdict on each occurrence's process. */
export function createDutyActivities({ pool, logger }: DutyActivityDeps) {
  return {
    /** Marks the duty's projection failed with the reason, when its workflow fails for good. */
    async markDutyFailed({ workflowId, failure }: { workflowId: string; failure: string }): Promise<void> {
      await pool.query(
        `UPDATE duties SET status = 'failed', failure = $2, next_occurrence_at = NULL, updated_at = now()
          WHERE workflow_id = $1`,
        [workflowId, storableString(failure).slice(0, 2000)]
      );
    },

    /** Writes the duty's projection row; the workflow calls it after every change, so the last call wins. */
    async projectDuty(row: DutyProjection): Promise<void> {
      await pool.query(
        `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
           assignee, owner, overlap, status, next_occurrence_at, last_occurrence_at, last_outcome, occurrences_started)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id, template_id = EXCLUDED.template_id,
           template_version = EXCLUDED.template_version, name = EXCLUDED.name, recurrence = EXCLUDED.recurrence,
           schedule = EXCLUDED.schedule, time_zone = EXCLUDED.time_zone, assignee = EXCLUDED.assignee,
           owner = EXCLUDED.owner, overlap = EXCLUDED.overlap, status = EXCLUDED.status,
           next_occurrence_at = EXCLUDED.next_occurrence_at, last_occurrence_at = EXCLUDED.last_occurrence_at,
           last_outcome = EXCLUDED.last_outcome, occurrences_started = EXCLUDED.occurrences_started, updated_at = now()`,
        [
          row.dutyId,
          row.workflowId,
          row.templateId,
          row.templateVersion,
          row.name,
          JSON.stringify(row.schedule.recurrence),
          JSON.stringify(row.schedule),
          row.schedule.timeZone,
          row.assignee,
          row.owner,
          row.overlap,
          row.status,
          row.nextOccurrenceAt,
          row.lastOccurrenceAt,
          row.lastOutcome,
          row.occurrencesStarted,
        ]
      );
    },

    /**
     * Asks Temporal whether each occurrence's process is still running and, for closed ones, judges it: a problem
     * when it did not complete or the assignee raised a risk or a decision request, late when a step escalated or
     * the process closed after a step's due time, else on time. Times are Temporal's, so they agree with timers.
     */
    async checkOccurrences(workflowIds: string[]): Promise<OccurrenceCheck[]> {
      const client = Context.current().client;
      const checks: OccurrenceCheck[] = [];
      for (const workflowId of workflowIds) {
        const handle = client.workflow.getHandle(workflowId);
        let description;
        try {
          description = await handle.describe();
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          checks.push({
            workflowId,
            open: false,
            outcome: 'problem',
            detail: 'its process no longer exists',
            reason: { reason: 'processGone' },
          });
          continue;
        }
        const status = description.status.name;
        if (status === 'RUNNING' || status === 'CONTINUED_AS_NEW') {
          checks.push({ workflowId, open: true });
          continue;
        }
        const closedAt = (description.closeTime ?? new Date()).toISOString();
        if (status === 'CANCELLED') {
          checks.push({
            workflowId,
            open: false,
            outcome: 'cancelled',
            detail: 'its process was cancelled',
            reason: { reason: 'processCancelled' },
            closedAt,
          });
          continue;
        }
        if (status !== 'COMPLETED') {
          checks.push({
            workflowId,
            open: false,
            outcome: 'problem',
            detail: `its process ${status.toLowerCase()}`,
            reason: { reason: 'processStopped', status: stoppedStatus(status) },
            closedAt,
          });
          continue;
        }
        const result = (await handle.result()) as ProcessResult;
        if (result.status !== 'completed') {
          checks.push({
            workflowId,
            open: false,
            outcome: 'problem',
            detail: `its process ended ${result.status}`,
            reason: { reason: 'processEnded' },
            closedAt,
          });
          continue;
        }
        const problems = await pool.query<{ action: string; count: string }>(
          `SELECT action, count(*) AS count FROM process_audit WHERE workflow_id = $1 AND action = ANY($2)
           GROUP BY action ORDER BY action`,
          [workflowId, PROBLEM_ACTIONS]
        );
        if (problems.rows.length > 0) {
          const what = problems.rows.map(
            (row) => `${row.count} ${row.action === 'riskFlagged' ? 'risk(s)' : 'decision request(s)'}`
          );
          checks.push({
            workflowId,
            open: false,
            outcome: 'problem',
            detail: `raised ${what.join(' and ')}`,
            reason: {
              reason: 'raised',
              risks: Number(problems.rows.find((row) => row.action === 'riskFlagged')?.count ?? 0),
              decisions: Number(problems.rows.find((row) => row.action === 'decisionRequested')?.count ?? 0),
            },
            closedAt,
          });
          continue;
        }
        const late = await pool.query<{ title: string }>(
          `SELECT title FROM process_tasks WHERE workflow_id = $1 AND (escalation_level > 0 OR due_at < $2)
           ORDER BY due_at NULLS LAST LIMIT 3`,
          [workflowId, closedAt]
        );
        if (late.rows.length > 0) {
          const titles = late.rows.map((row) => `"${row.title}"`).join(', ');
          checks.push({
            workflowId,
            open: false,
            outcome: 'late',
            detail: `finished after the due time of ${titles}`,
            reason: { reason: 'lateSteps', steps: late.rows.map((row) => `“${row.title}”`).join(', ') },
            closedAt,
          });
          continue;
        }
        checks.push({ workflowId, open: false, outcome: 'onTime', closedAt });
      }
      logger.debug({ checks: checks.length }, 'duty occurrences checked');
      return checks;
    },
  };
}

export type DutyActivities = ReturnType<typeof createDutyActivities>;
