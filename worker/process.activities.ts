import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { BusinessCalendarInput, CalendarContext } from '../workflows/calendar';
import { BusinessCalendarSchema } from '../workflows/calendar';
import type { OrgDirectory } from '../workflows/interpreter';
import type { Priority } from '../workflows/template';
import { ApplicationFailure } from '@temporalio/activity';
import { DATA_ERROR } from '../workflows/data-error';
import { storable, storing } from './storable';
import { maskFinancialJson, maskFinancialText } from '../workflows/template/sensitive';
import { loadTeamManagers } from './team-directory';
import type { Notice } from '../workflows/i18n/notices';
import type { DeadlineMessage } from '../workflows/i18n/deadline-messages';

const TEAM_PREFIX = 'team:';

export interface ProcessActivityDeps {
  pool: Pool;
  logger: Logger;
}

export interface CreateTaskInput {
  workflowId: string;
  nodeId: string;
  round: number;
  title: string;
  assignee: string;
  reviewer?: string;
  due?: string;
  /** Why the due date is what it is, as message keys. */
  dueMessages?: DeadlineMessage[];
  priority: Priority;
  /** The absent person a deputy takes this step for. */
  actingFor?: string;
  /** The team whose queue the step waits in (assignee `team:<id>` until a member claims it). */
  team?: string;
  /** The absent reviewer a deputy reviews this step for. */
  reviewerActingFor?: string;
}

export interface UpdateTaskInput {
  workflowId: string;
  nodeId: string;
  round: number;
  status: string;
  assignee?: string;
  /** Absent: unchanged; null: cleared; a person: the deputy now acts for them. */
  actingFor?: string | null;
  /** Absent: unchanged; a person: the new reviewer (a deputy standing in, or the reviewer back). */
  reviewer?: string;
  /** Absent: unchanged; null: cleared; a person: the reviewer the deputy reviews for. */
  reviewerActingFor?: string | null;
  due?: string;
  /** Absent: unchanged; null: cleared (a date set by hand); messages: why the new due date is what it is. */
  dueMessages?: DeadlineMessage[] | null;
  escalationLevel?: number;
  /** Absent: unchanged; null: cleared; a person: who must answer the step's pending decision request. */
  waitingFor?: string | null;
  /** Absent: unchanged; a raised priority the inbox orders by. */
  priority?: Priority;
}

export interface AuditInput {
  /** Unique per entry (e.g. workflow id + event sequence), so a retry never writes it twice. */
  key: string;
  workflowId: string;
  nodeId?: string;
  action: string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface OutboxInput {
  key: string;
  workflowId: string;
  recipient: string;
  subject: string;
  message: string;
  /** The notice as a key with parameters, for the recipient's language (absent from older processes). */
  notice?: Notice;
}

/** The notice to store, with the step it is about (so readers see the step's title in their language). */
const noticeOf = (input: OutboxInput & { nodeId?: string }) =>
  input.notice ? JSON.stringify({ ...input.notice, ...(input.nodeId ? { nodeId: input.nodeId } : {}) }) : null;

/** A pool or one connection inside a transaction: the row writers run on either. */
type Queryable = Pick<Pool, 'query'> | PoolClient;

export interface RecordProcessInput {
  workflowId: string;
  status: 'running' | 'completed' | 'rejected' | 'cancelled' | 'failed';
  params?: Record<string, unknown>;
}

/** One row write of a workflow transition, in the order the engine produced it. */
export type TransitionWrite =
  | { kind: 'createTask'; task: CreateTaskInput }
  | { kind: 'updateTask'; update: UpdateTaskInput }
  | { kind: 'audit'; entry: AuditInput }
  | { kind: 'notify'; notice: OutboxInput }
  | { kind: 'recordProcess'; process: RecordProcessInput };

async function createTaskRow(
  db: Queryable,
  logger: Logger,
  raw: CreateTaskInput
): Promise<{ taskId: string; created: boolean }> {
  const input = storable(raw);
  const inserted = await storing('task', () =>
    db.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, due_at, priority, acting_for,
                                team_id, reviewer_acting_for, due_messages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
     ON CONFLICT (workflow_id, node_id, round) DO NOTHING
     RETURNING id`,
      [
        input.workflowId,
        input.nodeId,
        input.round,
        input.title,
        input.assignee,
        input.reviewer ?? null,
        input.due ?? null,
        JSON.stringify(input.priority),
        input.actingFor ?? null,
        input.team ?? null,
        input.reviewerActingFor ?? null,
        input.dueMessages ? JSON.stringify(input.dueMessages) : null,
      ]
    )
  );
  const row = inserted.rows[0];
  if (row) return { taskId: row.id, created: true };
  const existing = await db.query<{ id: string }>(
    'SELECT id FROM process_tasks WHERE workflow_id = $1 AND node_id = $2 AND round = $3',
    [input.workflowId, input.nodeId, input.round]
  );
  const found = existing.rows[0];
  if (!found) throw new Error(`task ${input.workflowId}/${input.nodeId}/${input.round} vanished`);
  logger.debug({ task: found.id }, 'task already created by an earlier attempt');
  return { taskId: found.id, created: false };
}

async function updateTaskRow(db: Queryable, raw: UpdateTaskInput): Promise<void> {
  const input = storable(raw);
  await storing('task change', () =>
    db.query(
      `UPDATE process_tasks SET status = $4, assignee = COALESCE($5, assignee), due_at = COALESCE($6, due_at),
       escalation_level = COALESCE($7, escalation_level),
       acting_for = CASE WHEN $8::boolean THEN $9 ELSE acting_for END,
       waiting_for = CASE WHEN $10::boolean THEN $11 ELSE waiting_for END,
       priority = COALESCE($12::jsonb, priority), reviewer = COALESCE($13, reviewer),
       reviewer_acting_for = CASE WHEN $14::boolean THEN $15 ELSE reviewer_acting_for END,
       due_messages = CASE WHEN $16::boolean THEN $17::jsonb ELSE due_messages END, updated_at = now()
     WHERE workflow_id = $1 AND node_id = $2 AND round = $3`,
      [
        input.workflowId,
        input.nodeId,
        input.round,
        input.status,
        input.assignee ?? null,
        input.due ?? null,
        input.escalationLevel ?? null,
        input.actingFor !== undefined,
        input.actingFor ?? null,
        input.waitingFor !== undefined,
        input.waitingFor ?? null,
        input.priority === undefined ? null : JSON.stringify(input.priority),
        input.reviewer ?? null,
        input.reviewerActingFor !== undefined,
        input.reviewerActingFor ?? null,
        input.dueMessages !== undefined,
        input.dueMessages ? JSON.stringify(input.dueMessages) : null,
      ]
    )
  );
}

async function insertAudit(db: Queryable, logger: Logger, raw: AuditInput): Promise<void> {
  // Bank and card numbers typed into free text (a comment, a result) are masked before anyone can read them.
  const stored = storable(raw);
  const input = { ...stored, detail: maskFinancialJson(stored.detail) };
  if (JSON.stringify(stored) !== JSON.stringify(raw))
    logger.warn({ workflowId: input.workflowId, action: input.action }, 'audit text made storable');
  await storing('history entry', () =>
    db.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
      [input.key, input.workflowId, input.nodeId ?? null, input.action, input.actor, JSON.stringify(input.detail)]
    )
  );
}

async function insertNotification(db: Queryable, raw: OutboxInput): Promise<void> {
  // Notices become emails and webhooks too: no bank or card number leaves Baton in one.
  const plain = storable(raw);
  const input = { ...plain, subject: maskFinancialText(plain.subject), message: maskFinancialText(plain.message) };
  if (input.recipient.startsWith(TEAM_PREFIX)) {
    // A notice to a team reaches each member who can take steps, as the members are now.
    await storing('notification', () =>
      db.query(
        `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message, notice)
         SELECT $1 || ':' || u.id::text, $2, u.id::text, $4, $5, $6 FROM users u
          WHERE u.team_id::text = $3 AND NOT u.disabled AND u.role <> 'observer'
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [
          input.key,
          input.workflowId,
          input.recipient.slice(TEAM_PREFIX.length),
          input.subject,
          input.message,
          noticeOf(input),
        ]
      )
    );
    return;
  }
  await storing('notification', () =>
    db.query(
      `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message, notice)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
      [input.key, input.workflowId, input.recipient, input.subject, input.message, noticeOf(input)]
    )
  );
}

async function updateProcessRow(db: Queryable, input: RecordProcessInput): Promise<void> {
  const params = input.params === undefined ? undefined : storable(input.params);
  await storing('process status', () =>
    db.query(
      `UPDATE processes SET status = $2,
       closed_at = CASE WHEN $2 = 'running' THEN NULL ELSE COALESCE(closed_at, now()) END,
       params = COALESCE($3::jsonb, params), updated_at = now()
     WHERE workflow_id = $1`,
      [input.workflowId, input.status, params === undefined ? null : JSON.stringify(params)]
    )
  );
}

/** Process activities: task rows, audit entries, outbox messages and calendar lookups, all idempotent. */
export function createProcessActivities({ pool, logger }: ProcessActivityDeps) {
  return {
    /** Creates the task row of a step's round, or returns the existing one when the activity is retried. */
    createTask: (raw: CreateTaskInput) => createTaskRow(pool, logger, raw),

    /** Sets a task row's status (and optionally assignee, due date, escalation level); repeating it is harmless. */
    updateTask: (raw: UpdateTaskInput) => updateTaskRow(pool, raw),

    /** Marks every open task row of a process cancelled: what cancelling the process does to its tasks. */
    async cancelOpenTasks(workflowId: string): Promise<number> {
      const result = await pool.query(
        `UPDATE process_tasks SET status = 'cancelled', updated_at = now()
         WHERE workflow_id = $1 AND status NOT IN ('done', 'cancelled', 'returned')`,
        [workflowId]
      );
      return result.rowCount ?? 0;
    },

    writeAudit: (raw: AuditInput) => insertAudit(pool, logger, raw),

    enqueueNotification: (raw: OutboxInput) => insertNotification(pool, raw),

    /**
     * Keeps the `processes` projection (the API's process list) in step with the workflow: its status, when it
     * closed, and its parameters after a change. A process started without the API has no row and is left alone.
     */
    recordProcess: (input: RecordProcessInput) => updateProcessRow(pool, input),

    /**
     * Writes every row of one workflow transition (task rows, history entries, notices, the process row) in order
     * and in one PostgreSQL transaction: one commit instead of one per row. Each write is idempotent as its own
     * activity is, so a retry writes nothing twice. A data error rolls the whole transaction back and fails with
     * {@link DATA_ERROR} (not retried); the workflow then writes the rows one by one to find and record the bad one.
     */
    async writeTransition(writes: TransitionWrite[]): Promise<void> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        for (const write of writes) {
          switch (write.kind) {
            case 'createTask':
              await createTaskRow(client, logger, write.task);
              break;
            case 'updateTask':
              await updateTaskRow(client, write.update);
              break;
            case 'audit':
              await insertAudit(client, logger, write.entry);
              break;
            case 'notify':
              await insertNotification(client, write.notice);
              break;
            case 'recordProcess':
              await updateProcessRow(client, write.process);
              break;
          }
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((failure: unknown) => {
          broken = failure instanceof Error ? failure : new Error(String(failure));
        });
        throw error;
      } finally {
        // A connection whose transaction could not be rolled back is closed rather than given to the next caller.
        client.release(broken);
      }
    },

    /**
     * Resolves a calendar's holidays for a span of years: holiday data enters the workflow as this result, so a
     * date-holidays upgrade never changes how an old history replays.
     */
    async resolveCalendar(input: {
      calendar: BusinessCalendarInput;
      fromYear: number;
      toYear: number;
    }): Promise<CalendarContext> {
      // Loaded at the first calendar: date-holidays is a large module graph that making the worker need not wait for.
      const { resolveCalendarContext } = await import('../workflows/calendar/holidays');
      try {
        return resolveCalendarContext(BusinessCalendarSchema.parse(input.calendar), input.fromYear, input.toYear);
      } catch (error) {
        // A calendar date-holidays does not know (or not a calendar at all) fails the same way on every retry.
        throw ApplicationFailure.create({
          type: DATA_ERROR,
          nonRetryable: true,
          message: `The business calendar cannot be used: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    },

    /**
     * Who reports to whom, who stands in for whom today, and the absences not over yet: what a process started by
     * a workflow (a duty's occurrence) needs for escalation and deputies. The API builds the same for the processes
     * it starts.
     */
    async loadOrgDirectory(): Promise<OrgDirectory> {
      const people = await pool.query<{ id: string; reports_to: string | null; deputy: string | null }>(
        `SELECT u.id, u.reports_to,
                COALESCE((SELECT a.deputy_id FROM absences a
                           WHERE a.user_id = u.id AND current_date BETWEEN a.starts_on AND a.ends_on
                             AND a.deputy_id IS NOT NULL AND a.ended_at IS NULL
                           ORDER BY a.starts_on DESC LIMIT 1), u.deputy_id) AS deputy
           FROM users u WHERE NOT u.disabled`
      );
      const away = await pool.query<{
        id: string;
        user_id: string;
        starts_on: string;
        ends_on: string;
        deputy: string;
      }>(
        `SELECT a.id::text, a.user_id, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on,
                to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
                COALESCE(a.deputy_id::text, u.deputy_id::text, '') AS deputy
           FROM absences a JOIN users u ON u.id = a.user_id
          WHERE a.ends_on >= current_date - 1 AND a.ended_at IS NULL
          ORDER BY a.starts_on, a.id`
      );
      const managers: Record<string, string> = {};
      const deputies: Record<string, string> = {};
      for (const row of people.rows) {
        if (row.reports_to) managers[row.id] = row.reports_to;
        if (row.deputy) deputies[row.id] = row.deputy;
      }
      const absences = away.rows.map((row) => ({
        id: row.id,
        personId: row.user_id,
        from: row.starts_on,
        to: row.ends_on,
        deputy: row.deputy,
      }));
      return { managers, deputies, absences, teams: await loadTeamManagers(pool) };
    },
  };
}

export type ProcessActivities = ReturnType<typeof createProcessActivities>;
