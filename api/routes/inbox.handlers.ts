import type { RouteHandler } from '@hono/zod-openapi';
import type pg from 'pg';
import * as messages from '../../workflows/process.messages';
import type { AppEnv, AuthUser } from '../lib/app-env';
import { ApiError, forbidden } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { toPage } from '../lib/pagination';
import {
  assertReachable,
  markReachable,
  lookupTimedOut,
  outcomeUnknown,
  stepActionUpdateId,
  updateSucceeded,
} from '../lib/step-action-outcome';
import { STEP_UPDATE_DEADLINE_MS } from '../lib/step-claims';
import { callTemporal, requireTemporal } from '../lib/temporal';
import { dateYearProblem } from '../../workflows/deadline/limits';
import { assertMayTakeOver, looksAfter } from '../people/org-scope';
import { PROCESS_PARTICIPANTS_SQL, visibleTo } from '../processes/access';
import { buildStepRecord, peopleIn } from '../processes/step-record';
import { clientAuditFilter, detailFor, readsClientView } from '../processes/client-view';
import { keepSensitiveValues, sensitiveValuesFor } from '../processes/sensitive-values';
import { ReaderTexts, readerLanguage } from '../processes/template-language';
import { readerDueMessages } from '../processes/due-messages';
import {
  alreadyClaimed,
  checkTeamAction,
  claimFirst,
  listTeamQueue,
  mayAssign,
  unclaimed,
} from '../processes/team-queue';
import type * as routes from './inbox.routes';
import { attachFieldFiles, attachFiles } from '../files/attach';
import type { StepAction } from './inbox.routes';

const QUADRANT_NAMES = ['doFirst', 'schedule', 'delegate', 'drop'] as const;

// Rank 1..4 in the urgent/important matrix: urgent and important first, then important, then urgent, then neither.
const QUADRANT_RANK = `CASE
  WHEN COALESCE((t.priority ->> 'urgent')::boolean, false) AND COALESCE((t.priority ->> 'important')::boolean, false) THEN 1
  WHEN COALESCE((t.priority ->> 'important')::boolean, false) THEN 2
  WHEN COALESCE((t.priority ->> 'urgent')::boolean, false) THEN 3 ELSE 4 END`;
// Steps without a due date sort after every dated one.
const NO_DUE = 1e15;
/** The names of whom a deputy assignee or reviewer stands in for (task rows hold user ids as text). */
const ACTING_FOR_NAMES = `(SELECT u.name FROM users u WHERE u.id::text = t.acting_for) AS acting_for_name,
  (SELECT u.name FROM users u WHERE u.id::text = t.reviewer_acting_for) AS reviewer_acting_for_name`;

interface InboxRow {
  id: string;
  workflow_id: string;
  node_id: string;
  round: number;
  title: string;
  assignee: string;
  acting_for: string | null;
  acting_for_name?: string | null;
  reviewer_acting_for?: string | null;
  reviewer_acting_for_name?: string | null;
  reviewer: string | null;
  waiting_for: string | null;
  status: string;
  due_at: Date | null;
  priority: { urgent?: boolean; important?: boolean };
  escalation_level: number;
  created_at: Date;
  updated_at: Date;
  template_name: string | null;
  template_id?: string | null;
  template_version?: number | null;
  rank: number;
  due_key: number;
  team_id: string | null;
  team_name: string | null;
}

const versionOf = (row: InboxRow) => ({ templateId: row.template_id ?? null, version: row.template_version ?? null });

/** The step's title and its process's name in the reader's language. */
function inReaderLanguage<Row extends InboxRow>(texts: ReaderTexts, row: Row): Row {
  const ref = versionOf(row);
  return {
    ...row,
    title: texts.stepTitle(ref, row.node_id, row.title),
    template_name: texts.processName(ref, row.template_name),
  };
}

const toItem = (viewer: string) => (row: InboxRow) => ({
  id: String(row.id),
  processId: row.workflow_id,
  processName: row.template_name,
  nodeId: row.node_id,
  round: row.round,
  title: row.title,
  assignee: row.assignee,
  actingFor: row.acting_for,
  actingForName: row.acting_for_name ?? null,
  reviewerActingFor: row.reviewer_acting_for ?? null,
  reviewerActingForName: row.reviewer_acting_for_name ?? null,
  reviewer: row.reviewer,
  waitingFor: row.waiting_for ?? null,
  status: row.status,
  as: (row.status === 'inReview' && row.reviewer === viewer
    ? 'reviewer'
    : row.waiting_for === viewer && row.assignee !== viewer
      ? 'decider'
      : 'assignee') as 'assignee' | 'reviewer' | 'decider',
  dueAt: row.due_at?.toISOString() ?? null,
  overdue:
    row.due_at !== null && row.due_at.getTime() < Date.now() && ['open', 'inProgress', 'inReview'].includes(row.status),
  priority: { urgent: row.priority.urgent ?? false, important: row.priority.important ?? false },
  quadrant: QUADRANT_NAMES[row.rank - 1] ?? 'drop',
  escalationLevel: row.escalation_level,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  team: row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? row.team_id },
});

function decodeInboxCursor(text: string | undefined): [number, number, string] | undefined {
  if (text === undefined) return undefined;
  const invalid = () =>
    new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { after, id } = (parsed ?? {}) as { after?: unknown; id?: unknown };
  if (typeof after !== 'string' || typeof id !== 'string' || !/^\d{1,18}$/.test(id)) throw invalid();
  const [rank, due] = after.split('|').map(Number);
  if (!Number.isInteger(rank) || !Number.isFinite(due)) throw invalid();
  return [rank!, due!, id];
}

/** Whose inbox the caller may read: their own; a team member's for a manager; anyone's for an admin. */
async function inboxOwner(pool: pg.Pool, user: AuthUser, assignee: string | undefined): Promise<string> {
  if (assignee === undefined || assignee === user.id) return user.id;
  if (user.role === 'admin') return assignee;
  if (user.role === 'manager' && user.teamId !== null) {
    const { rowCount } = await pool.query('SELECT 1 FROM users WHERE id = $1 AND team_id = $2', [
      assignee,
      user.teamId,
    ]);
    if (rowCount) return assignee;
  }
  throw forbidden('You may read your own inbox; managers their team’s, admins anyone’s.', 'readOwnInbox');
}

export const listInboxHandler: RouteHandler<typeof routes.listInbox, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const query = c.req.valid('query');
  const owner = await inboxOwner(pool, user, query.assignee);
  const after = decodeInboxCursor(query.cursor);
  const { rows } = await pool.query<InboxRow>(
    `SELECT * FROM (
       SELECT t.id, t.workflow_id, t.node_id, t.round, t.title, t.assignee, t.acting_for, t.reviewer, t.waiting_for,
              t.status, t.reviewer_acting_for, ${ACTING_FOR_NAMES},
              t.due_at, t.priority,
              t.escalation_level, t.created_at, t.updated_at, p.template_name, p.template_id, p.template_version,
              ${QUADRANT_RANK} AS rank,
              COALESCE(extract(epoch FROM t.due_at)::float8, ${NO_DUE}) AS due_key, t.team_id, tm.name AS team_name
         FROM process_tasks t LEFT JOIN processes p ON p.workflow_id = t.workflow_id
         LEFT JOIN teams tm ON tm.id::text = t.team_id
        WHERE (t.assignee = $1 OR t.reviewer = $1 OR t.waiting_for = $1)
          AND CASE $2::text
                WHEN 'active' THEN (t.assignee = $1 AND t.status IN ('open', 'inProgress'))
                                OR (t.reviewer = $1 AND t.status = 'inReview')
                                OR (t.waiting_for = $1 AND t.status IN ('open', 'inProgress'))
                WHEN 'done' THEN (t.assignee = $1 OR t.reviewer = $1) AND t.status IN ('done', 'returned', 'cancelled', 'skipped')
                ELSE t.assignee = $1 OR t.reviewer = $1 OR t.waiting_for = $1 END
          AND ($3::text IS NULL OR t.workflow_id = $3)
          AND ($4::text IS NULL OR t.title ILIKE '%' || $4 || '%')
     ) t
     WHERE ($5::int IS NULL OR t.rank = $5)
       AND ($6::boolean IS NULL OR (t.due_at < now()) = $6)
       AND ($7::int IS NULL OR (t.rank, t.due_key, t.id) > ($7::int, $8::float8, $9::bigint))
     ORDER BY t.rank, t.due_key, t.id LIMIT $10`,
    [
      owner,
      query.status,
      query.processId ?? null,
      query.q?.replace(/[\\%_]/g, (ch) => `\\${ch}`) ?? null,
      query.quadrant === undefined ? null : QUADRANT_NAMES.indexOf(query.quadrant) + 1,
      query.overdue === undefined ? null : query.overdue === 'true',
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      query.limit + 1,
    ]
  );
  const texts = await ReaderTexts.load(pool, readerLanguage(user), rows.map(versionOf));
  const page = toPage(
    rows,
    query.limit,
    (row) => ({ after: `${row.rank}|${row.due_key}`, id: String(row.id) }),
    (row) => toItem(owner)(inReaderLanguage(texts, row))
  );
  return c.json(page, 200);
};

interface StepRow extends InboxRow {
  due_messages?: unknown;
  process_status: string | null;
  template_id: string | null;
  template_version: number | null;
  node: { type?: string; data?: Record<string, unknown> } | null;
  visible: boolean;
  /** The round's last decision entry is a request without an answer yet. */
  decision_pending: boolean | null;
  params: Record<string, unknown> | null;
  parameter_defs: { name?: string; label?: string; type?: string }[] | null;
  starter: string | null;
}

async function loadStep(pool: pg.Pool, user: AuthUser, id: string): Promise<StepRow> {
  const visible = visibleTo(user, 'v', 2);
  const { rows } = await pool.query<StepRow>(
    `SELECT t.*, ${ACTING_FOR_NAMES}, p.template_name, p.status AS process_status, p.template_id, p.template_version, p.params, p.starter,
            (SELECT tm.name FROM teams tm WHERE tm.id::text = t.team_id) AS team_name,
            (SELECT tv.definition -> 'parameters' FROM template_versions tv
              WHERE tv.template_id::text = p.template_id AND tv.version = p.template_version) AS parameter_defs,
            ${QUADRANT_RANK} AS rank, 0 AS due_key,
            (SELECT n FROM template_versions tv, jsonb_array_elements(tv.definition -> 'nodes') n
              WHERE tv.template_id::text = p.template_id AND tv.version = p.template_version
                AND n ->> 'id' = t.node_id LIMIT 1) AS node,
            (t.assignee = $2::text OR t.reviewer = $2::text OR t.waiting_for = $2::text OR ${visible.sql}) AS visible,
            (SELECT a.action = 'decisionRequested' FROM process_audit a
              WHERE a.workflow_id = t.workflow_id AND a.node_id = t.node_id
                AND a.action IN ('decisionRequested', 'decisionAnswered') AND a.detail ->> 'round' = t.round::text
              ORDER BY a.id DESC LIMIT 1) AS decision_pending
       FROM process_tasks t LEFT JOIN processes p ON p.workflow_id = t.workflow_id
       CROSS JOIN LATERAL (SELECT t.workflow_id, p.starter, p.owner) v
      WHERE t.id = $1`,
    [id, ...visible.params]
  );
  const row = rows[0];
  if (!row) throw new ApiError(404, 'Not found', { detail: 'This step does not exist.', code: 'stepNotFound' });
  if (!row.visible)
    throw new ApiError(403, 'Forbidden', {
      detail: 'This step is not in one of your processes, your steps or your team’s.',
      code: 'stepNotVisible',
    });
  return row;
}

const OPEN = new Set(['open', 'inProgress', 'inReview']);
/** The workflow's refusal of a claim on a step someone has: `… is already claimed by <id>`. */
const CLAIMED_BY = /is already claimed by (\S+)$/;

/** The caller's team queue: every step sent to their team that is not submitted yet, with who has it. */
export const listTeamQueueHandler: RouteHandler<typeof routes.listTeamQueue, AppEnv> = async (c) => {
  return c.json({ items: await listTeamQueue(c.get('pool'), currentUser(c)) }, 200);
};

/** What a manager does to running work: give a step to someone else, move its deadline, set its priority. */
const MANAGING = new Set(['reassign', 'changeDue', 'setPriority']);

/**
 * Whether `user` manages this step: an admin; its reviewer; the manager who started the process; a manager who
 * looks after the assignee (their team or reporting line).
 */
async function managesStep(pool: pg.Pool, user: AuthUser, row: StepRow): Promise<boolean> {
  if (user.role === 'admin') return true;
  if ((row.reviewer ?? row.assignee) === user.id && user.role !== 'assistant') return true;
  if (user.role !== 'manager') return false;
  if (row.starter === user.id) return true;
  // A step in a team's queue is managed by that team's manager; any other by whoever looks after its assignee.
  if (unclaimed(row)) return user.teamId === row.team_id;
  return looksAfter(pool, user, row.assignee);
}

/** What the caller may try on the step now; the workflow's validator decides for real. */
function possibleActions(row: StepRow, user: AuthUser, manages: boolean): string[] {
  // A client comments on the process (its page), never acts on the office's steps.
  if (!OPEN.has(row.status) || readsClientView(user)) return [];
  const actions: string[] = [];
  const assignee = row.assignee === user.id;
  const reviewer = (row.reviewer ?? row.assignee) === user.id;
  const approval = row.node?.type === 'approval';
  const decisionPending = row.decision_pending === true;
  if (assignee && row.status === 'open') actions.push('start');
  if (assignee && row.status !== 'inReview') {
    actions.push('logTime');
    if (approval) actions.push('approve', 'reject');
    else actions.push('check', 'submit');
    if (row.node?.data?.allowDecisionRequests === true && !decisionPending) actions.push('requestDecision');
    actions.push('flagRisk');
  }
  // The person asked answers a decision request; in processes from before routing, whoever reviews the step.
  if (decisionPending && (row.waiting_for ? row.waiting_for === user.id : reviewer)) actions.push('answerDecision');
  if (reviewer && row.status === 'inReview' && !approval) actions.push('approve', 'returnForRework');
  if (assignee || reviewer || row.waiting_for === user.id) actions.push('comment');
  // A step waiting in its team's queue is assigned, not reassigned.
  const queued = unclaimed(row);
  if ((reviewer || manages) && !queued) actions.push('reassign');
  if (manages) actions.push('setPriority');
  if (manages && row.status !== 'inReview') actions.push('changeDue');
  if (row.team_id !== null && row.status !== 'inReview') {
    if (queued && user.teamId === row.team_id && user.role !== 'observer') actions.push('claim');
    if (assignee) actions.push('release');
    if (mayAssign(user, row)) actions.push('assign');
  }
  return actions;
}

export const getStepHandler: RouteHandler<typeof routes.getStep, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid('param');
  const pool = c.get('pool');
  const stored = await loadStep(pool, user, id);
  // The step's texts (title, instructions, checklist, form and parameter labels) in the reader's language.
  const texts = await ReaderTexts.load(pool, readerLanguage(user), [versionOf(stored)]);
  const localized = texts.localize(versionOf(stored), {
    parameters: stored.parameter_defs ?? [],
    nodes: stored.node ? [stored.node] : [],
  });
  const row: StepRow = {
    ...inReaderLanguage(texts, stored),
    parameter_defs: stored.parameter_defs && localized.parameters,
    node: localized.nodes[0] ?? null,
  };
  const data = row.node?.data ?? {};
  const readable = clientAuditFilter('a', 3, user);
  const [tasks, audit] = await Promise.all([
    pool.query<{ id: string; round: number; status: string; assignee: string; reviewer: string | null }>(
      'SELECT id::text, round, status, assignee, reviewer FROM process_tasks WHERE workflow_id = $1 AND node_id = $2',
      [row.workflow_id, row.node_id]
    ),
    // A client reads the step's public comments and progress only (api/processes/client-view.ts).
    pool.query<{ id: string; action: string; actor: string; detail: Record<string, unknown>; created_at: Date }>(
      `SELECT id::text, action, actor, detail, created_at FROM process_audit a
        WHERE workflow_id = $1 AND node_id = $2 AND ${readable.sql} ORDER BY id LIMIT 2000`,
      [row.workflow_id, row.node_id, ...readable.params]
    ),
  ]);
  const record = buildStepRecord(
    tasks.rows,
    audit.rows.map((entry) => ({
      ...entry,
      detail: detailFor(user, entry.detail),
      createdAt: entry.created_at.toISOString(),
    }))
  );
  const personParameters = (row.parameter_defs ?? []).filter((parameter) => parameter.type === 'person');
  const ids = peopleIn(record, [
    row.assignee,
    row.reviewer,
    row.waiting_for,
    row.acting_for,
    row.reviewer_acting_for,
    ...personParameters.map((parameter) => {
      const value = row.params?.[parameter.name ?? ''];
      return typeof value === 'string' ? value : undefined;
    }),
  ]);
  const names = await pool.query<{ id: string; name: string }>(
    'SELECT id::text, name FROM users WHERE id::text = ANY($1)',
    [ids]
  );
  const latest = record.rounds.at(-1);
  return c.json(
    {
      ...toItem(user.id)({ ...row, due_key: 0 }),
      latestStepId: latest?.stepId ?? id,
      dueMessages: readerDueMessages(texts, versionOf(stored), row.due_messages),
      people: Object.fromEntries(names.rows.map((person) => [person.id, person.name])),
      processParameters: (row.parameter_defs ?? []).flatMap((parameter) =>
        typeof parameter.name === 'string'
          ? [
              {
                name: parameter.name,
                label: parameter.label ?? parameter.name,
                type: parameter.type ?? 'text',
                value: row.params?.[parameter.name] ?? null,
              },
            ]
          : []
      ),
      record,
      processStatus: row.process_status,
      templateId: row.template_id,
      templateVersion: row.template_version,
      kind: row.node?.type ?? null,
      instructions: typeof data.instructions === 'string' ? data.instructions : null,
      checklist: Array.isArray(data.checklist)
        ? (data.checklist as { id: string; text: string; required?: boolean }[])
        : [],
      form: Array.isArray(data.form) ? (data.form as { name: string; type: string }[]) : [],
      allowDecisionRequests: data.allowDecisionRequests === true,
      decisionPending: row.decision_pending === true,
      actions: possibleActions(row, user, await managesStep(pool, user, row)),
      sensitiveValues: await sensitiveValuesFor(pool, user, row),
    },
    200
  );
};

/**
 * People named in a comment as `@Full Name`, among those who take part in the process (its starter and client, the
 * assignees and reviewers of its steps): a mention never tells an outsider what the comment says.
 */
async function mentionedPeople(pool: pg.Pool, workflowId: string, text: string, internal: boolean): Promise<string[]> {
  if (!text.includes('@')) return [];
  // An internal comment never reaches the client, not even as a mention's notice.
  const { rows } = await pool.query<{ id: string }>(
    `SELECT u.id::text AS id FROM users u
      WHERE NOT u.disabled AND strpos(lower($2), lower('@' || u.name)) > 0
        AND u.id::text IN (${PROCESS_PARTICIPANTS_SQL}) AND NOT ($3::boolean AND u.role = 'observer')`,
    [workflowId, text, internal]
  );
  return rows.map((row) => row.id);
}

/** Actions that finish the caller's part of a step: their answer names the caller's next step in the process. */
const COMPLETING = new Set<StepAction['type']>(['submit', 'approve', 'reject', 'returnForRework']);

/**
 * The caller's next step in the process once an action is applied (its rows are written before the workflow answers):
 * the newest step that waits for them, as the inbox's active list counts it, or null.
 */
async function nextStepOf(pool: pg.Pool, workflowId: string, stepId: string, userId: string): Promise<string | null> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM process_tasks
      WHERE workflow_id = $1 AND id <> $2
        AND ((assignee = $3 AND status IN ('open', 'inProgress')) OR (reviewer = $3 AND status = 'inReview')
             OR (waiting_for = $3 AND status IN ('open', 'inProgress')))
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [workflowId, stepId, userId]
  );
  return rows[0]?.id ?? null;
}

const UPDATES = {
  start: messages.startStepUpdate,
  logTime: messages.logTimeUpdate,
  check: messages.checkItemUpdate,
  submit: messages.submitUpdate,
  approve: messages.approveUpdate,
  reject: messages.rejectUpdate,
  returnForRework: messages.returnForReworkUpdate,
  requestDecision: messages.requestDecisionUpdate,
  answerDecision: messages.answerDecisionUpdate,
  flagRisk: messages.flagRiskUpdate,
  comment: messages.commentUpdate,
  reassign: messages.reassignUpdate,
  changeDue: messages.changeDueUpdate,
  setPriority: messages.setPriorityUpdate,
  claim: messages.claimUpdate,
  release: messages.releaseUpdate,
  assign: messages.assignUpdate,
} as const;

export const actOnStepHandler: RouteHandler<typeof routes.actOnStep, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const action = c.req.valid('json');
  // Whether Temporal answers is asked while the step loads and the checks below run; awaited before anything is sent.
  // Without Temporal there is nothing to ask: the request is refused (503) before anything would be sent.
  const early = c.get('temporal');
  const reachable = early
    ? assertReachable(early).then(
        () => undefined,
        (error: unknown) => ({ error })
      )
    : Promise.resolve(undefined);
  const row = await loadStep(pool, user, id);
  const done = async () =>
    c.json(
      {
        stepId: id,
        action: action.type,
        accepted: true as const,
        // The web app opens it at once instead of waiting for the inbox to show it.
        nextStepId: COMPLETING.has(action.type) ? await nextStepOf(pool, row.workflow_id, id, user.id) : null,
      },
      200
    );
  // With an Idempotency-Key the update's id comes from the key: a retry after a lost answer gets the first outcome.
  const updateId = stepActionUpdateId(user.id, c.req.header('idempotency-key'), c.req.path);
  /**
   * The action was sent (now or by an earlier attempt with the same key) and its outcome is not known yet: a 202 that
   * points at the step, not remembered under the key, so the retry with the same key learns the outcome.
   */
  const unknown = () => {
    c.set('outcomeUnknown', true);
    c.header('Location', `/api/steps/${id}`);
    c.header('Retry-After', '5');
    return c.json(
      {
        stepId: id,
        action: action.type,
        outcome: 'unknown' as const,
        detail:
          'The action was sent to the process but its answer was lost; it may or may not have been applied. ' +
          (updateId !== undefined
            ? 'Retry with the same Idempotency-Key to learn the outcome (it is never applied twice), or look at the step.'
            : 'Look at the step before acting again (an Idempotency-Key makes such retries safe).'),
      },
      202
    );
  };
  /** A refusal before the workflow is asked stands, unless this very request (same key) was applied already. */
  const refuse = async (refusal: ApiError) => {
    const temporal = c.get('temporal');
    if (updateId === undefined || !temporal) throw refusal;
    let succeeded: boolean;
    try {
      succeeded = await updateSucceeded(temporal, row.workflow_id, updateId);
    } catch (error) {
      // Temporal knows the earlier attempt but it has not finished (a worker is picking the process up again).
      if (lookupTimedOut(error)) return unknown();
      return callTemporal(() => Promise.reject(error));
    }
    if (succeeded) return done();
    throw refusal;
  };
  if (!OPEN.has(row.status))
    return refuse(
      new ApiError(409, 'The step does not allow this now', {
        detail: `The step is ${row.status}.`,
        code: 'stepNotOpen',
      })
    );
  // The workflow only accepts actions from a step's assignee or reviewer: anyone else is told so without a round trip.
  const decider = row.waiting_for === user.id && (action.type === 'answerDecision' || action.type === 'comment');
  const manages = MANAGING.has(action.type) && (await managesStep(pool, user, row));
  // The reviewer (a reviewer-less step's assignee) may hand the step on, as before managers could.
  const handsOn = action.type === 'reassign' && (row.reviewer ?? row.assignee) === user.id;
  if (MANAGING.has(action.type) && !manages && !handsOn)
    return refuse(
      new ApiError(403, 'Not your step to manage', {
        detail:
          'Only the step’s reviewer, the manager who started the process, the assignee’s manager or an admin may ' +
          'reassign it, move its deadline or set its priority.',
        code: 'notYourStepToManage',
      })
    );
  if (action.type === 'reassign' && unclaimed(row))
    throw new ApiError(409, 'The step is in its team’s queue', {
      detail: 'Assign it to a member of the team instead, or wait until someone claims it.',
      code: 'reassignTeamStep',
    });
  const teamAction = action.type === 'claim' || action.type === 'release' || action.type === 'assign';
  if (teamAction) await checkTeamAction(pool, user, row, action);
  else if (row.assignee !== user.id && row.reviewer !== user.id && !decider && !manages) {
    return refuse(
      (await claimFirst(pool, user, row)) ??
        new ApiError(403, 'Not your step', {
          detail: 'Only its assignee or reviewer may act on this step.',
          code: 'notAssigneeOrReviewer',
        })
    );
  }
  if (action.type === 'changeDue') {
    const problem = dateYearProblem(action.due);
    const invalidDue = (message: string) =>
      new ApiError(422, 'The request is not valid', { issues: [{ path: 'due', message }] });
    if (problem !== undefined) throw invalidDue(problem);
    if (new Date(action.due).getTime() <= Date.now()) throw invalidDue('the new deadline has already passed');
  }
  const person = action.type === 'reassign' ? action.to : action.type === 'requestDecision' ? action.from : undefined;
  if (person !== undefined) {
    const found = await pool.query('SELECT 1 FROM users WHERE id = $1 AND NOT disabled', [person]);
    if (found.rowCount === 0)
      throw new ApiError(422, 'The request is not valid', {
        issues: [{ path: action.type === 'reassign' ? 'to' : 'from', message: 'no active person has this id' }],
      });
  }
  // A step goes only to someone the org lets take it over: not to another team or an observer at will.
  if (action.type === 'reassign') await assertMayTakeOver(pool, user, row.assignee, action.to, 'to');
  // A file field's uploads are attached to the step and named by their files (a required one must have one); a
  // comment's files take its visibility. Checked before the step is claimed, so a refusal leaves it free.
  const fileValues =
    action.type === 'submit' ? await attachFieldFiles(pool, user, row, action.values ?? {}) : undefined;
  const attached =
    action.type === 'comment'
      ? await attachFiles(
          pool,
          user,
          action.files ?? [],
          { workflowId: row.workflow_id, nodeId: row.node_id, visibility: action.visibility ?? 'internal' },
          'files'
        )
      : undefined;
  const temporal = requireTemporal(c.get('temporal'));
  // Of two concurrent completions of the same step only one is applied: the workflow validates each update against
  // the state with every update accepted before it, so the second is refused (409) there, on any API instance.
  const { type, ...rest } = action;
  // The engine takes a priority as one object, and a manager's reassignment without being the step's reviewer.
  const fields: Record<string, unknown> =
    action.type === 'setPriority'
      ? {
          priority: { urgent: action.urgent, important: action.important },
          ...(action.reason !== undefined && { reason: action.reason }),
        }
      : action.type === 'reassign' && manages
        ? { ...rest, asManager: true }
        : rest;
  // Sensitive fields' values stay here (assignee and reviewer read them); the workflow gets masks.
  if (fileValues !== undefined) fields.values = await keepSensitiveValues(pool, row, user, fileValues);
  if (attached !== undefined) {
    if (attached.length > 0) fields.files = attached;
    else delete fields.files;
  }
  if (action.type === 'comment') {
    const mentions = await mentionedPeople(pool, row.workflow_id, action.text, action.visibility !== 'public');
    if (mentions.length > 0) Object.assign(fields, { mentions });
  }
  // A server that stops gives up waiting rather than hold its shutdown up.
  const shutdown = c.get('shutdown');
  const send = <T>(call: () => Promise<T>) => (shutdown ? temporal.client.withAbortSignal(shutdown, call) : call());
  let sent = false;
  try {
    // Nothing is sent unless Temporal answers: a failure up to here is a 503 that certainly applied nothing.
    await callTemporal(() =>
      send(async () => {
        const failure = await reachable;
        if (failure) throw failure.error;
      })
    );
    sent = true;
    // Cut off so a request never waits for ever on a process no worker runs (the answer is then 202, unknown).
    await callTemporal(() =>
      send(() =>
        temporal.client.withDeadline(Date.now() + STEP_UPDATE_DEADLINE_MS, () =>
          temporal.client.workflow
            .getHandle(row.workflow_id)
            .executeUpdate<void, [Record<string, unknown>]>(UPDATES[type].name, {
              args: [{ ...fields, nodeId: row.node_id, actor: user.id }],
              ...(updateId !== undefined && { updateId }),
            })
        )
      )
    );
    markReachable(temporal);
  } catch (error) {
    // Sent, but no answer came back: it may have been applied. Not a 503 (that says "not applied").
    if (sent && outcomeUnknown(error)) return unknown();
    // A claim that lost the race: the workflow names the winner by id, the caller reads their name.
    const holder = error instanceof ApiError && error.status === 409 ? CLAIMED_BY.exec(error.extra.detail ?? '') : null;
    if (action.type === 'claim' && holder?.[1] !== undefined) throw await alreadyClaimed(pool, user, holder[1]);
    throw error;
  }
  return done();
};
