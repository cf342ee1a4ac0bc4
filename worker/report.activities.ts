import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { DateTime } from 'luxon';
import type { Notice } from '../workflows/i18n/notices';
import type { ReportCounts, ReportPeriod } from '../workflows/report/report.messages';
import { reportChoiceOf, sendsReport } from '../workflows/report/report-choice';

export interface ReportActivityDeps {
  pool: Pool;
  logger: Logger;
}

export interface GenerateReportInput {
  /** The report workflow's id: the outbox row names it. */
  workflowId: string;
  recipient: string;
  role: 'manager' | 'observer';
  period: ReportPeriod;
  periodStart: string;
  periodEnd: string;
  /** The period in the recipient's words: `2026-11-22`, `2026-W47` or `2026-11`. */
  label: string;
}

interface StepLine {
  workflowId: string;
  nodeId: string;
  title: string;
  assignee: string;
  at: string | null;
}

export interface ReportData {
  recipient: string;
  role: 'manager' | 'observer';
  period: ReportPeriod;
  periodStart: string;
  periodEnd: string;
  label: string;
  counts: ReportCounts;
  completed: StepLine[];
  missed: (StepLine & { due: string })[];
  escalations: { workflowId: string; nodeId: string | null; at: string }[];
  openRisks: { workflowId: string; nodeId: string | null; text: string; at: string }[];
  /** Minutes logged in the period per person who logged them (the assistants), most first. */
  timeByAssistant: { person: string; minutes: number }[];
  /** Minutes logged in the period per client: the process owner, else its starter; most first. */
  timeByClient: { person: string; minutes: number }[];
}

const LIST_LIMIT = 50;

function minutesText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Report activities: a recipient's summary for a period, read from the process tables, stored and sent. */
export function createReportActivities({ pool, logger }: ReportActivityDeps) {
  /**
   * The processes a recipient's report covers: those they started (the delegator) or review a step of, and, once
   * the `processes` projection exists, those they own (an observer's, a client's).
   */
  async function hasProjection(): Promise<boolean> {
    const projection = await pool.query<{ exists: boolean }>(`SELECT to_regclass('processes') IS NOT NULL AS exists`);
    return projection.rows[0]?.exists === true;
  }

  async function scopeQuery(): Promise<string> {
    const owned = (await hasProjection())
      ? 'UNION SELECT workflow_id FROM processes WHERE owner = $1 OR starter = $1'
      : '';
    return `SELECT workflow_id FROM process_audit WHERE action = 'processStarted' AND actor = $1
            UNION SELECT workflow_id FROM process_tasks WHERE reviewer = $1 ${owned}`;
  }

  return {
    /**
     * Builds the summary of one period (completed steps, time logged, missed deadlines, escalations, risks raised
     * and still open), stores it in `reports` (one row per recipient, period and start: a retry replaces it) and
     * puts a short message for the recipient in the outbox.
     */
    async generateReport(
      input: GenerateReportInput
    ): Promise<{ reportId: string; counts: ReportCounts; sent: boolean }> {
      const scope = await scopeQuery();
      const range = [input.recipient, input.periodStart, input.periodEnd];
      const completed = await pool.query<StepLine>(
        `SELECT workflow_id AS "workflowId", node_id AS "nodeId", title, assignee, updated_at AS at
         FROM process_tasks WHERE workflow_id IN (${scope}) AND status = 'done' AND updated_at >= $2 AND updated_at < $3
         ORDER BY updated_at, id`,
        range
      );
      const minutes = await pool.query<{ minutes: string | null }>(
        `SELECT sum((detail->>'minutes')::numeric) AS minutes FROM process_audit
         WHERE workflow_id IN (${scope}) AND action = 'timeLogged' AND created_at >= $2 AND created_at < $3`,
        range
      );
      const byAssistant = await pool.query<{ person: string; minutes: string }>(
        `SELECT actor AS person, sum((detail->>'minutes')::numeric) AS minutes FROM process_audit
         WHERE workflow_id IN (${scope}) AND action = 'timeLogged' AND created_at >= $2 AND created_at < $3
         GROUP BY actor ORDER BY 2 DESC, 1`,
        range
      );
      // The client of a process is its owner (whom it is for), else whoever started it.
      const projection = await hasProjection();
      const byClient = await pool.query<{ person: string; minutes: string }>(
        `SELECT coalesce(${projection ? 'p.owner, p.starter, ' : ''}s.actor, 'unknown') AS person,
           sum((a.detail->>'minutes')::numeric) AS minutes
         FROM process_audit a
         ${projection ? 'LEFT JOIN processes p ON p.workflow_id = a.workflow_id' : ''}
         LEFT JOIN LATERAL (SELECT actor FROM process_audit WHERE workflow_id = a.workflow_id
                            AND action = 'processStarted' ORDER BY created_at LIMIT 1) s ON true
         WHERE a.workflow_id IN (${scope}) AND a.action = 'timeLogged' AND a.created_at >= $2 AND a.created_at < $3
         GROUP BY 1 ORDER BY 2 DESC, 1`,
        range
      );
      // Due in the period and not done by then: open past its due time, or done after it. Cancelled steps are not.
      const missed = await pool.query<StepLine & { due: string }>(
        `SELECT workflow_id AS "workflowId", node_id AS "nodeId", title, assignee, updated_at AS at, due_at AS due
         FROM process_tasks WHERE workflow_id IN (${scope}) AND due_at >= $2 AND due_at < $3
           AND status NOT IN ('cancelled', 'returned') AND (status <> 'done' OR updated_at > due_at)
         ORDER BY due_at, id`,
        range
      );
      const escalations = await pool.query<{ workflowId: string; nodeId: string | null; at: string }>(
        `SELECT workflow_id AS "workflowId", node_id AS "nodeId", created_at AS at FROM process_audit
         WHERE workflow_id IN (${scope}) AND action = 'escalated' AND created_at >= $2 AND created_at < $3
         ORDER BY created_at, id`,
        range
      );
      // Risks are the office's internal notes: a client's (observer's) report has none (see api/processes/client-view).
      const internal = input.role !== 'observer';
      const risksRaised = await pool.query<{ count: string }>(
        `SELECT count(*) AS count FROM process_audit
         WHERE workflow_id IN (${scope}) AND action = 'riskFlagged' AND created_at >= $2 AND created_at < $3
           AND $4::boolean`,
        [...range, internal]
      );
      // Risks flagged by the end of the period on steps that are still open now.
      const openRisks = await pool.query<{ workflowId: string; nodeId: string | null; text: string; at: string }>(
        `SELECT a.workflow_id AS "workflowId", a.node_id AS "nodeId", coalesce(a.detail->>'text', '') AS text,
           a.created_at AS at
         FROM process_audit a
         WHERE a.workflow_id IN (${scope}) AND a.action = 'riskFlagged' AND a.created_at < $2 AND $3::boolean
           AND EXISTS (SELECT 1 FROM process_tasks t WHERE t.workflow_id = a.workflow_id AND t.node_id = a.node_id
                       AND t.status NOT IN ('done', 'cancelled', 'returned'))
         ORDER BY a.created_at, a.id`,
        [input.recipient, input.periodEnd, internal]
      );
      const counts: ReportCounts = {
        completedSteps: completed.rows.length,
        minutesSpent: Number(minutes.rows[0]?.minutes ?? 0),
        missedDeadlines: missed.rows.length,
        escalations: escalations.rows.length,
        risksRaised: Number(risksRaised.rows[0]?.count ?? 0),
        openRisks: openRisks.rows.length,
      };
      const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));
      const data: ReportData = {
        recipient: input.recipient,
        role: input.role,
        period: input.period,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        label: input.label,
        counts,
        completed: completed.rows.slice(0, LIST_LIMIT).map((row) => ({ ...row, at: iso(row.at) })),
        missed: missed.rows.slice(0, LIST_LIMIT).map((row) => ({ ...row, at: iso(row.at), due: iso(row.due) ?? '' })),
        escalations: escalations.rows.slice(0, LIST_LIMIT).map((row) => ({ ...row, at: iso(row.at) ?? '' })),
        openRisks: openRisks.rows.slice(0, LIST_LIMIT).map((row) => ({ ...row, at: iso(row.at) ?? '' })),
        timeByAssistant: byAssistant.rows.map((row) => ({ person: row.person, minutes: Number(row.minutes) })),
        timeByClient: byClient.rows.map((row) => ({ person: row.person, minutes: Number(row.minutes) })),
      };
      const stored = await pool.query<{ id: string }>(
        `INSERT INTO reports (recipient, period, period_start, period_end, data) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (recipient, period, period_start) DO UPDATE SET period_end = EXCLUDED.period_end,
           data = EXCLUDED.data, created_at = now()
         RETURNING id`,
        [input.recipient, input.period, input.periodStart, input.periodEnd, JSON.stringify(data)]
      );
      const reportId = stored.rows[0]?.id;
      if (!reportId) throw new Error('the report row was not written');
      // Stored for the reports page whatever the period; sent only at the period the person chose (or their role's).
      const person = await pool.query<{ role: string; report_period: string | null }>(
        'SELECT role, report_period FROM users WHERE id::text = $1 AND NOT disabled',
        [input.recipient]
      );
      // A recipient who is no person of this office (an integration's id) keeps every period, as before choices.
      const chosen = person.rows[0];
      const choice = chosen ? reportChoiceOf(chosen.role, chosen.report_period) : input.period;
      if (!sendsReport(choice, input.period)) {
        logger.debug({ recipient: input.recipient, period: input.period, choice }, 'report stored, not sent');
        return { reportId, counts, sent: false };
      }
      const name = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' }[input.period];
      const summary = [
        plural(counts.completedSteps, 'step') + ' done',
        `${minutesText(counts.minutesSpent)} logged`,
        plural(counts.missedDeadlines, 'missed deadline'),
        plural(counts.escalations, 'escalation'),
        plural(counts.openRisks, 'open risk'),
      ].join(', ');
      await pool.query(
        `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message, notice)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
        [
          `report:${input.recipient}:${input.period}:${input.periodStart}`,
          input.workflowId,
          input.recipient,
          `${name} report ${input.label}: ${summary}`,
          `${name} report for ${input.label}: ${summary}. Report ${reportId}.`,
          JSON.stringify(reportNotice(input.period, input.label, counts)),
        ]
      );
      logger.debug({ recipient: input.recipient, period: input.period, reportId }, 'report generated');
      return { reportId, counts, sent: true };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;

/**
 * The report's notice as a key with parameters, said in each recipient's language: the period's first and last local
 * day (from its label: 2026-12-04, 2026-W49, 2026-11) and the figures.
 */
export function reportNotice(period: ReportPeriod, label: string, counts: ReportCounts): Notice {
  const first = DateTime.fromISO(label, { zone: 'UTC' });
  const last = period === 'daily' ? first : period === 'weekly' ? first.plus({ days: 6 }) : first.endOf('month');
  const key = ({ daily: 'reportDaily', weekly: 'reportWeekly', monthly: 'reportMonthly' } as const)[period];
  return {
    key,
    params: {
      from: first.toISODate() ?? label,
      to: last.toISODate() ?? label,
      completed: counts.completedSteps,
      minutes: counts.minutesSpent,
      missed: counts.missedDeadlines,
      escalations: counts.escalations,
      risks: counts.openRisks,
    },
  };
}
