import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type pg from 'pg';
import { BusinessCalendarSchema } from '../../workflows/calendar';
import * as dutyMessages from '../../workflows/duty/duty.messages';
import {
  DutyInputSchema,
  DutyScheduleSchema,
  OverlapRuleSchema,
  type DutySchedule,
} from '../../workflows/duty/duty.schema';
import { dateYearProblem } from '../../workflows/deadline/limits';
import { assertValidSchedule, InvalidRecurrenceError } from '../../workflows/duty/recurrence';
import type { AppEnv, AuthUser } from '../lib/app-env';
import { ApiError, forbidden, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { decodeCursor, toPage } from '../lib/pagination';
import { updateIdFromKey } from '../lib/step-action-outcome';
import { callTemporal, requireTemporal } from '../lib/temporal';
import { buildProcessInput, loadPublishedVersion } from '../processes/process-input';
import { assertMayTakeOver } from '../people/org-scope';
import type * as routes from './duties.routes';

interface DutyRow {
  id: string;
  workflow_id: string;
  name: string;
  template_id: string;
  template_version: number;
  recurrence: Record<string, unknown>;
  schedule: Record<string, unknown>;
  time_zone: string;
  assignee: string;
  owner: string;
  overlap: string;
  status: string;
  failure: string | null;
  next_occurrence_at: Date | null;
  last_occurrence_at: Date | null;
  last_outcome: string | null;
  occurrences_started: number;
  assignee_name: string | null;
  owner_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const toDuty = (row: DutyRow) => ({
  id: row.id,
  workflowId: row.workflow_id,
  name: row.name,
  templateId: row.template_id,
  templateVersion: row.template_version,
  recurrence: row.recurrence,
  schedule: row.schedule,
  timeZone: row.time_zone,
  assignee: row.assignee,
  assigneeName: row.assignee_name ?? '',
  owner: row.owner,
  ownerName: row.owner_name ?? '',
  overlap: row.overlap,
  status: row.status,
  failure: row.failure,
  nextOccurrenceAt: row.next_occurrence_at?.toISOString() ?? null,
  lastOccurrenceAt: row.last_occurrence_at?.toISOString() ?? null,
  lastOutcome: row.last_outcome,
  occurrencesStarted: row.occurrences_started,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The names of who does a duty and whom it is for, beside their ids. */
const NAMES = `(SELECT u.name FROM users u WHERE u.id::text = d.assignee) AS assignee_name,
  (SELECT u.name FROM users u WHERE u.id::text = d.owner) AS owner_name`;

/** Admins see every duty; a person the ones they do or own; a manager also its team members'. */
function dutyVisible(user: AuthUser, first: number) {
  const sql = `($${first + 1}::text = 'admin' OR d.assignee = $${first}::text OR d.owner = $${first}::text
    OR ($${first + 1}::text = 'manager' AND $${first + 2}::uuid IS NOT NULL AND EXISTS (
        SELECT 1 FROM users du WHERE du.team_id = $${first + 2}::uuid AND du.id::text IN (d.assignee, d.owner))))`;
  return { sql, params: [user.id, user.role, user.teamId] };
}

export async function loadDuty(pool: pg.Pool, user: AuthUser, id: string): Promise<DutyRow> {
  const visible = dutyVisible(user, 2);
  const { rows } = await pool.query<DutyRow & { visible: boolean }>(
    `SELECT d.*, ${NAMES}, ${visible.sql} AS visible FROM duties d WHERE d.id = $1`,
    [id, ...visible.params]
  );
  const row = rows[0];
  if (!row) throw notFound('duty');
  if (!row.visible) throw forbidden('This duty is not yours, your team’s or one you own.', 'dutyNotVisible');
  return row;
}

/**
 * Refuses a schedule the duty workflow could not run (a rule that is not RFC 5545, one more often than daily, an end
 * before the start): accepted, it would only fail the workflow.
 */
export function assertRunnable(schedule: DutySchedule): void {
  for (const field of ['startDate', 'endDate'] as const) {
    const problem = schedule[field] === undefined ? undefined : dateYearProblem(schedule[field]);
    if (problem !== undefined)
      throw new ApiError(422, 'The request is not valid', {
        code: 'scheduleNotRunnable',
        issues: [{ path: `schedule.${field}`, message: problem }],
      });
  }
  try {
    assertValidSchedule(schedule);
  } catch (error) {
    if (!(error instanceof InvalidRecurrenceError)) throw error;
    const path = schedule.recurrence.kind === 'rrule' ? 'schedule.recurrence.rule' : 'schedule';
    throw new ApiError(422, 'The request is not valid', {
      code: 'scheduleNotRunnable',
      issues: [{ path, message: error.message }],
    });
  }
}

function invalid(issues: { path: PropertyKey[]; message: string }[], prefix: string) {
  return new ApiError(422, 'The request is not valid', {
    issues: issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  });
}

export const listDutiesHandler: RouteHandler<typeof routes.listDuties, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { limit, cursor, status, assignee } = c.req.valid('query');
  const after = decodeCursor(cursor, { after: 'number' });
  const visible = dutyVisible(user, 6);
  // Ordered by the next occurrence (none last), then id; the cursor carries the epoch of the last row's occurrence.
  const { rows } = await c.get('pool').query<DutyRow & { next_key: number }>(
    `SELECT * FROM (
       SELECT d.*, COALESCE(extract(epoch FROM d.next_occurrence_at)::float8, 1e15) AS next_key, ${NAMES}
         FROM duties d
        WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.assignee = $2) AND ${visible.sql}
     ) d
     WHERE ($3::float8 IS NULL OR (d.next_key, d.id) > ($3::float8, $4::text))
     ORDER BY d.next_key, d.id LIMIT $5`,
    [
      status ?? null,
      assignee ?? null,
      after === undefined ? null : Number(after.after),
      after?.id ?? null,
      limit + 1,
      ...visible.params,
    ]
  );
  if (after !== undefined && !Number.isFinite(Number(after.after)))
    throw new ApiError(422, 'The request is not valid', {
      code: 'listChanged',
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  return c.json(
    toPage(rows, limit, (row) => ({ after: String(row.next_key), id: row.id }), toDuty),
    200
  );
};

export const createDutyHandler: RouteHandler<typeof routes.createDuty, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const request = c.req.valid('json');
  const schedule = DutyScheduleSchema.safeParse(request.schedule);
  if (!schedule.success) throw invalid(schedule.error.issues, 'schedule');
  assertRunnable(schedule.data);
  const owner = request.owner ?? user.id;
  const people = await pool.query<{ id: string }>('SELECT id FROM users WHERE NOT disabled AND id = ANY($1::uuid[])', [
    [request.assignee, owner],
  ]);
  const known = new Set(people.rows.map((row) => row.id));
  for (const field of ['assignee', 'owner'] as const)
    if (!known.has(field === 'owner' ? owner : request.assignee))
      throw new ApiError(422, 'The request is not valid', {
        code: 'noSuchPerson',
        issues: [{ path: field, message: 'no active person has this id' }],
      });
  const published = await loadPublishedVersion(pool, request.templateId, request.version);
  const assigneeParameter = request.assigneeParameter ?? 'assignee';
  // Each occurrence's process gets the assignee in this parameter, so it is checked as if it were given.
  const params = published.template.parameters.some((parameter) => parameter.name === assigneeParameter)
    ? { ...request.params, [assigneeParameter]: request.assignee }
    : request.params;
  const base = await buildProcessInput(pool, published, params, owner);
  const dutyId = randomUUID();
  const input = DutyInputSchema.safeParse({
    dutyId,
    name: request.name,
    templateId: request.templateId,
    templateVersion: published.version,
    template: published.template,
    ...(base.subprocesses && { subprocesses: base.subprocesses }),
    params: request.params,
    assigneeParameter,
    schedule: schedule.data,
    calendar: BusinessCalendarSchema.parse(base.calendar),
    assignee: request.assignee,
    owner,
    overlap: request.overlap ?? 'startAnyway',
  });
  if (!input.success) throw invalid(input.error.issues, '');
  const temporal = requireTemporal(c.get('temporal'));
  const workflowId = `duty-${dutyId}`;
  await callTemporal(() =>
    temporal.client.workflow.start('dutyWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId,
      args: [input.data],
    })
  );
  // The duty workflow keeps this projection current; the first row is written here so the list shows it at once.
  await pool.query(
    `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone, assignee,
                         owner, overlap)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
    [
      dutyId,
      workflowId,
      request.templateId,
      published.version,
      request.name,
      JSON.stringify(schedule.data.recurrence),
      JSON.stringify(schedule.data),
      schedule.data.timeZone,
      request.assignee,
      owner,
      request.overlap ?? 'startAnyway',
    ]
  );
  c.header('Location', `/api/duties/${dutyId}`);
  return c.json(toDuty(await loadDuty(pool, user, dutyId)), 201);
};

export const getDutyHandler: RouteHandler<typeof routes.getDuty, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(toDuty(await loadDuty(c.get('pool'), currentUser(c), id)), 200);
};

export const listUpcomingHandler: RouteHandler<typeof routes.listUpcoming, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { count } = c.req.valid('query');
  const pool = c.get('pool');
  const row = await loadDuty(pool, currentUser(c), id);
  if (row.status === 'failed') throw dutyFailed(row.failure);
  const temporal = requireTemporal(c.get('temporal'));
  const handle = temporal.client.workflow.getHandle(row.workflow_id);
  try {
    return c.json(await callTemporal(() => handle.query(dutyMessages.upcomingQuery, count)), 200);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // A query fails when the workflow failed before it could answer: record why, so the list shows it.
    const failure = await failureOf(handle);
    // Still running: asked before the workflow registered its query (a duty just created), or between its runs.
    if (failure === undefined)
      throw new ApiError(503, 'The duty is not ready yet', {
        detail: 'Its workflow is starting; ask again in a moment.',
        code: 'dutyNotReady',
        headers: { 'Retry-After': '1' },
      });
    await pool.query(
      "UPDATE duties SET status = 'failed', failure = $2, next_occurrence_at = NULL, updated_at = now() WHERE id = $1",
      [row.id, failure]
    );
    throw dutyFailed(failure);
  }
};

function dutyFailed(failure: string | null): ApiError {
  return new ApiError(409, 'The duty has failed', {
    detail: `It starts no more occurrences: ${failure ?? 'its workflow failed'}. Create it again with a valid schedule.`,
    code: 'dutyFailed',
  });
}

/** Why a duty workflow closed other than by ending, or undefined while it runs or when it ended normally. */
async function failureOf(handle: WorkflowHandle): Promise<string | undefined> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING' || status.name === 'COMPLETED' || status.name === 'CONTINUED_AS_NEW') return undefined;
  const outcome = await handle.result().then(
    () => undefined,
    (error: unknown) => (error instanceof WorkflowFailedError ? (error.cause?.message ?? error.message) : undefined)
  );
  return outcome ?? `its workflow is ${status.name.toLowerCase().replaceAll('_', ' ')}`;
}

/** Loads a duty the caller may change (its owner, a manager who sees it, an admin) and its workflow handle. */
async function changeable(c: Parameters<RouteHandler<typeof routes.pauseDuty, AppEnv>>[0], id: string) {
  const user = currentUser(c);
  const row = await loadDuty(c.get('pool'), user, id);
  if (user.role !== 'admin' && user.role !== 'manager' && row.owner !== user.id)
    throw forbidden('Only the duty’s owner, a manager or an admin may change it.', 'onlyDutyOwnerChanges');
  if (row.status === 'ended')
    throw new ApiError(409, 'The duty has ended', { detail: 'An ended duty cannot change.', code: 'dutyEnded' });
  if (row.status === 'failed') throw dutyFailed(row.failure);
  const temporal = requireTemporal(c.get('temporal'));
  return { user, row, handle: temporal.client.workflow.getHandle(row.workflow_id) };
}

async function reasonOf(c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } }) {
  if (!c.req.header('content-type')?.includes('application/json')) return undefined;
  const body = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
  return typeof body.reason === 'string' ? body.reason : undefined;
}

/** What changeable() and reasonOf() need from any duty action's context. */
type DutyActionContext = Parameters<RouteHandler<typeof routes.pauseDuty, AppEnv>>[0];

/**
 * With an Idempotency-Key the duty update's id comes from it: a retry after a lost answer (a crash, a timeout) gets
 * the first attempt's result from Temporal instead of pausing, skipping or rescheduling twice.
 */
function keyedUpdate(c: DutyActionContext, userId: string): { updateId?: string } {
  const updateId = updateIdFromKey('duty', userId, c.req.header('idempotency-key'), c.req.path);
  return updateId === undefined ? {} : { updateId };
}

async function runSimpleAction(c: DutyActionContext, update: typeof dutyMessages.pauseUpdate) {
  const { id } = c.req.valid('param');
  const { user, handle } = await changeable(c, id);
  const reason = await reasonOf(c);
  const view = await callTemporal(() =>
    handle.executeUpdate(update, {
      args: [{ actor: user.id, ...(reason !== undefined && { reason }) }],
      ...keyedUpdate(c, user.id),
    })
  );
  return view as unknown as Record<string, unknown>;
}

// One handler per route type (not pause's type for all three), so the typed client sees every action under `:id`;
// the three contexts differ only in their path, hence the casts to the shared shape.
export const pauseDutyHandler: RouteHandler<typeof routes.pauseDuty, AppEnv> = async (c) =>
  c.json(await runSimpleAction(c, dutyMessages.pauseUpdate), 200);
export const resumeDutyHandler: RouteHandler<typeof routes.resumeDuty, AppEnv> = async (c) =>
  c.json(await runSimpleAction(c as unknown as DutyActionContext, dutyMessages.resumeUpdate), 200);
export const skipNextDutyHandler: RouteHandler<typeof routes.skipNextDuty, AppEnv> = async (c) =>
  c.json(await runSimpleAction(c as unknown as DutyActionContext, dutyMessages.skipNextUpdate), 200);

export const changeDutyScheduleHandler: RouteHandler<typeof routes.changeDutySchedule, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const request = c.req.valid('json');
  const schedule = DutyScheduleSchema.safeParse(request.schedule);
  if (!schedule.success) throw invalid(schedule.error.issues, 'schedule');
  assertRunnable(schedule.data);
  const overlap = request.overlap === undefined ? undefined : OverlapRuleSchema.parse(request.overlap);
  const { user, handle } = await changeable(c, id);
  const view = await callTemporal(() =>
    handle.executeUpdate(dutyMessages.changeScheduleUpdate, {
      ...keyedUpdate(c as unknown as DutyActionContext, user.id),
      args: [
        {
          actor: user.id,
          schedule: schedule.data,
          ...(overlap !== undefined && { overlap }),
          ...(request.reason !== undefined && { reason: request.reason }),
        },
      ],
    })
  );
  return c.json(view as unknown as Record<string, unknown>, 200);
};

export const changeDutyAssigneeHandler: RouteHandler<typeof routes.changeDutyAssignee, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const request = c.req.valid('json');
  const pool = c.get('pool');
  const { user, row, handle } = await changeable(c as unknown as DutyActionContext, id);
  const { rows } = await pool.query<{ role: string }>('SELECT role FROM users WHERE id = $1 AND NOT disabled', [
    request.assignee,
  ]);
  const role = rows[0]?.role;
  if (role !== undefined && role !== 'assistant' && role !== 'manager')
    throw new ApiError(422, 'The request is not valid', {
      code: 'dutyAssigneeRole',
      issues: [{ path: 'assignee', message: 'only an assistant or a manager can do a duty’s work' }],
    });
  // Whom the duty may go to follows the org, as for a step handed over: the assignee's team, or the changer's.
  await assertMayTakeOver(pool, user, row.assignee, request.assignee, 'assignee');
  const view = await callTemporal(() =>
    handle.executeUpdate(dutyMessages.changeAssigneeUpdate, {
      ...keyedUpdate(c as unknown as DutyActionContext, user.id),
      args: [
        {
          actor: user.id,
          assignee: request.assignee,
          ...(request.reason !== undefined && { reason: request.reason }),
        },
      ],
    })
  );
  // The workflow projects the change too; written here as well so the list shows it at once.
  await pool.query('UPDATE duties SET assignee = $2, updated_at = now() WHERE id = $1', [id, request.assignee]);
  return c.json(view as unknown as Record<string, unknown>, 200);
};
