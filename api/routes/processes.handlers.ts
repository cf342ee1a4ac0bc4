import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import type pg from 'pg';
import { changeParameterUpdate, processStateQuery } from '../../workflows/process.messages';
import { unreachedRungs, type Assignee, type Template } from '../../workflows/template';
import type { OrgDirectory } from '../../workflows/interpreter';
import type { AppEnv } from '../lib/app-env';
import { ApiError, forbidden, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { decodeCursor, toPage } from '../lib/pagination';
import { updateIdFromKey } from '../lib/step-action-outcome';
import { callTemporal, requireTemporal } from '../lib/temporal';
import {
  loadVisibleProcess,
  mayManage,
  PROCESS_PARTICIPANTS_SQL,
  visibleTo,
  type ProcessRow,
} from '../processes/access';
import { PERSON_DETAIL_KEYS } from '../processes/step-record';
import { clientAuditFilter, detailFor, readsClientView } from '../processes/client-view';
import { checkStart } from '../processes/who-may-start';
import { idFromKey, launchProcess } from '../processes/launch-process';
import { buildProcessInput, loadPublishedVersion } from '../processes/process-input';
import { ReaderTexts, readerLanguage } from '../processes/template-language';
import { readerDueMessages } from '../processes/due-messages';
import { localizeTemplate } from '../../workflows/template/translations';
import { attachFiles, checkFiles } from '../files/attach';
import type * as routes from './processes.routes';

/** Task statuses after which a step needs nothing more from anyone. */
export const CLOSED_TASK_STATUSES = ['done', 'cancelled', 'returned', 'skipped'];

type SummaryRow = ProcessRow & {
  open_steps: number;
  overdue_steps: number;
  starter_name: string | null;
  owner_name: string | null;
};

const SUMMARY_COLUMNS = `p.*,
  (SELECT count(*)::int FROM process_tasks t WHERE t.workflow_id = p.workflow_id
      AND t.status <> ALL ('{done,cancelled,returned,skipped}')) AS open_steps,
  (SELECT count(*)::int FROM process_tasks t WHERE t.workflow_id = p.workflow_id
      AND t.status <> ALL ('{done,cancelled,returned,skipped}') AND t.due_at < now()) AS overdue_steps,
  (SELECT u.name FROM users u WHERE u.id::text = p.starter) AS starter_name,
  (SELECT u.name FROM users u WHERE u.id::text = p.owner) AS owner_name`;

const toSummary = (row: SummaryRow) => ({
  id: row.workflow_id,
  templateId: row.template_id,
  templateVersion: row.template_version,
  templateName: row.template_name,
  starter: row.starter,
  starterName: row.starter_name,
  owner: row.owner,
  ownerName: row.owner_name,
  params: row.params,
  status: row.status,
  startedAt: row.started_at.toISOString(),
  closedAt: row.closed_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
  openSteps: row.open_steps,
  overdueSteps: row.overdue_steps,
});

interface TaskRow {
  id: string;
  node_id: string;
  round: number;
  title: string;
  assignee: string;
  reviewer: string | null;
  acting_for: string | null;
  reviewer_acting_for: string | null;
  status: string;
  due_at: Date | null;
  due_messages: unknown;
  escalation_level: number;
  created_at: Date;
  updated_at: Date;
}

const toTask = (row: TaskRow) => ({
  id: String(row.id),
  nodeId: row.node_id,
  round: row.round,
  title: row.title,
  assignee: row.assignee,
  reviewer: row.reviewer,
  actingFor: row.acting_for,
  reviewerActingFor: row.reviewer_acting_for,
  status: row.status,
  dueAt: row.due_at?.toISOString() ?? null,
  escalationLevel: row.escalation_level,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const versionOf = (row: SummaryRow) => ({ templateId: row.template_id, version: row.template_version });

/** The process's name in the reader's language (a built-in template's translated name). */
const named = (texts: ReaderTexts) => (row: SummaryRow) => ({
  ...row,
  template_name: texts.processName(versionOf(row), row.template_name) ?? row.template_name,
});

async function loadSummary(pool: pg.Pool, workflowId: string): Promise<SummaryRow> {
  const { rows } = await pool.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM processes p WHERE p.workflow_id = $1`, [
    workflowId,
  ]);
  if (!rows[0]) throw notFound('process');
  return rows[0];
}

export const listProcessesHandler: RouteHandler<typeof routes.listProcesses, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { limit, cursor, templateId, status, assignee, overdue } = c.req.valid('query');
  const after = decodeCursor(cursor, { after: 'timestamp', id: 'workflowId' });
  const visible = visibleTo(user, 'p', 8);
  const { rows } = await c.get('pool').query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM processes p
      WHERE ($1::text IS NULL OR p.template_id = $1)
        AND ($2::text IS NULL OR p.status = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM process_tasks a WHERE a.workflow_id = p.workflow_id
                                          AND a.assignee = $3))
        AND (NOT $4::boolean OR EXISTS (SELECT 1 FROM process_tasks o WHERE o.workflow_id = p.workflow_id
                                          AND o.status <> ALL ('{done,cancelled,returned,skipped}')
                                          AND o.due_at < now()))
        AND ($5::timestamptz IS NULL OR (p.started_at, p.workflow_id) < ($5::timestamptz, $6::text))
        AND ${visible.sql}
      ORDER BY p.started_at DESC, p.workflow_id DESC LIMIT $7`,
    [
      templateId ?? null,
      status ?? null,
      assignee ?? null,
      overdue === 'true',
      after?.after ?? null,
      after?.id ?? null,
      limit + 1,
      ...visible.params,
    ]
  );
  return c.json(
    toPage(
      rows.map(named(await ReaderTexts.load(c.get('pool'), readerLanguage(user), rows.map(versionOf)))),
      limit,
      (row) => ({ after: row.started_at.toISOString(), id: row.workflow_id }),
      toSummary
    ),
    200
  );
};

export const startProcessHandler: RouteHandler<typeof routes.startProcess, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const body = c.req.valid('json');
  const { templateId, version } = body;
  const published = await loadPublishedVersion(pool, templateId, version);
  // Who may start this template, and for whom (api/processes/who-may-start.ts).
  const { params, owner, receivedAt } = await checkStart(pool, user, published, body);
  const input = await buildProcessInput(pool, published, params, user.id);
  if (owner !== undefined) {
    const found = await pool.query('SELECT 1 FROM users WHERE id = $1 AND NOT disabled', [owner]);
    if (found.rowCount === 0)
      throw new ApiError(422, 'The request is not valid', {
        code: 'noSuchPerson',
        issues: [{ path: 'owner', message: 'no active person has this id' }],
      });
  }
  const temporal = requireTemporal(c.get('temporal'));
  // With an Idempotency-Key the workflow id comes from it: a start retried after a crash (its key released) finds the
  // process the first attempt started instead of starting a second one.
  const key = c.req.header('idempotency-key');
  const workflowId = `process-${key ? idFromKey(user.id, key) : randomUUID()}`;
  await checkFiles(pool, user, body.files ?? [], workflowId, 'files');
  const launched = await launchProcess(pool, temporal, {
    workflowId,
    published,
    input,
    starter: user.id,
    params,
    owner,
    receivedAt,
  });
  // The request's files: public, since they are the client's own (or sent on their behalf).
  await attachFiles(pool, user, body.files ?? [], { workflowId, visibility: 'public' }, 'files');
  if (launched === 'existing') {
    // The same start, already made by an earlier attempt with this key: answer with that process.
    c.header('Location', `/api/processes/${workflowId}`);
    return c.json({ ...toSummary(await loadSummary(pool, workflowId)), warnings: [] }, 201);
  }
  c.header('Location', `/api/processes/${workflowId}`);
  const warnings = await escalationWarnings(pool, input.template, input.org ?? {}, params, user.id);
  return c.json({ ...toSummary(await loadSummary(pool, workflowId)), warnings }, 201);
};

export const getProcessHandler: RouteHandler<typeof routes.getProcess, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const row = await loadVisibleProcess(pool, user, id);
  const [summary, tasks, people] = await Promise.all([
    loadSummary(pool, id),
    pool.query<TaskRow>('SELECT * FROM process_tasks WHERE workflow_id = $1 ORDER BY created_at, id', [id]),
    // Everyone the page may name: starter, client, assignees, reviewers, who acted, who was reached, person values;
    // and the teams whose queues hold a step.
    pool.query<{ id: string; name: string }>(
      `SELECT id::text, name FROM users WHERE id::text IN (
         ${PROCESS_PARTICIPANTS_SQL}
         UNION SELECT p.value #>> '{}' FROM processes, jsonb_each(params) p WHERE workflow_id = $1
         UNION SELECT actor FROM process_audit WHERE workflow_id = $1
         UNION SELECT detail ->> k FROM process_audit, unnest($2::text[]) k WHERE workflow_id = $1)
       UNION ALL
       -- A step still in a team's queue is named by the team.
       SELECT 'team:' || t.id::text, t.name FROM teams t
        WHERE 'team:' || t.id::text IN (SELECT assignee FROM process_tasks WHERE workflow_id = $1)`,
      [id, PERSON_DETAIL_KEYS]
    ),
  ]);
  const texts = await ReaderTexts.load(pool, readerLanguage(user), [versionOf(summary)]);
  return c.json(
    {
      ...toSummary(named(texts)(summary)),
      mayCancel: mayManage(user, row),
      clientView: readsClientView(user),
      steps: tasks.rows.map((task) => ({
        ...toTask({ ...task, title: texts.stepTitle(versionOf(summary), task.node_id, task.title) }),
        dueMessages: readerDueMessages(texts, versionOf(summary), task.due_messages),
      })),
      people: Object.fromEntries(people.rows.map((person) => [person.id, person.name])),
    },
    200
  );
};

export const getProcessDiagramHandler: RouteHandler<typeof routes.getProcessDiagram, AppEnv> = async (c) => {
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  // Visible to the process's assistants and observers too, who cannot read templates themselves.
  const user = currentUser(c);
  const process = await loadVisibleProcess(pool, user, id);
  const { rows } = await pool.query<{ definition: Record<string, unknown> }>(
    'SELECT definition FROM template_versions WHERE template_id::text = $1 AND version = $2',
    [process.template_id, process.template_version]
  );
  if (!rows[0]) throw notFound('processVersion');
  return c.json(
    {
      templateId: process.template_id,
      templateVersion: process.template_version,
      // Shown to the reader: the template's texts in their language where it has them.
      definition: localizeTemplate(rows[0].definition, readerLanguage(user)),
    },
    200
  );
};

export const getProcessStateHandler: RouteHandler<typeof routes.getProcessState, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid('param');
  const process = await loadVisibleProcess(c.get('pool'), user, id);
  // The raw state holds every comment, risk and value: the client reads the process page's own routes instead.
  if (readsClientView(user))
    throw forbidden(
      'The live state of a process is for its staff; its page, steps and history show what is yours.',
      'liveStateForStaff'
    );
  const temporal = requireTemporal(c.get('temporal'));
  const state = await callTemporal(() => temporal.client.workflow.getHandle(id).query(processStateQuery));
  // Due-date clauses name their anchor in the reader's language, as the step and process pages do.
  const ref = { templateId: process.template_id, version: process.template_version };
  const texts = await ReaderTexts.load(c.get('pool'), readerLanguage(user), [ref]);
  const steps = Object.fromEntries(
    Object.entries(state.steps).map(([nodeId, step]) => {
      const { dueMessages, ...rest } = step;
      return [nodeId, { ...rest, dueMessages: readerDueMessages(texts, ref, dueMessages) }];
    })
  );
  return c.json({ ...state, steps } as unknown as Record<string, unknown>, 200);
};

interface AuditRow {
  id: string;
  node_id: string | null;
  action: string;
  actor: string;
  detail: Record<string, unknown>;
  created_at: Date;
}

export const listProcessAuditHandler: RouteHandler<typeof routes.listProcessAudit, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const { limit, cursor } = c.req.valid('query');
  await loadVisibleProcess(pool, user, id);
  const after = decodeCursor(cursor);
  if (after && !/^\d{1,18}$/.test(after.id))
    throw new ApiError(422, 'The request is not valid', {
      code: 'listChanged',
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  const readable = clientAuditFilter('a', 4, user);
  const { rows } = await pool.query<AuditRow>(
    `SELECT id, node_id, action, actor, detail, created_at FROM process_audit a
      WHERE workflow_id = $1 AND ($2::bigint IS NULL OR id > $2::bigint) AND ${readable.sql} ORDER BY id LIMIT $3`,
    [id, after?.id ?? null, limit + 1, ...readable.params]
  );
  return c.json(
    toPage(
      rows,
      limit,
      (row) => ({ after: String(row.id), id: String(row.id) }),
      (row) => ({
        id: String(row.id),
        nodeId: row.node_id,
        action: row.action,
        actor: row.actor,
        detail: detailFor(user, row.detail),
        createdAt: row.created_at.toISOString(),
      })
    ),
    200
  );
};

export const cancelProcessHandler: RouteHandler<typeof routes.cancelProcess, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid('param');
  const row = await loadVisibleProcess(c.get('pool'), user, id);
  if (!mayManage(user, row))
    throw forbidden(
      'Only whoever started or owns the process, a manager or an admin may cancel it.',
      'onlyStarterCancels'
    );
  if (row.status !== 'running')
    throw new ApiError(409, 'The process is not running', {
      detail: `It is ${row.status}.`,
      code: 'processNotRunning',
    });
  const temporal = requireTemporal(c.get('temporal'));
  await callTemporal(() => temporal.client.workflow.getHandle(id).cancel());
  return c.json({ id, status: 'cancelling' as const }, 202);
};

export const changeProcessParameterHandler: RouteHandler<typeof routes.changeProcessParameter, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid('param');
  const { name, value } = c.req.valid('json');
  const row = await loadVisibleProcess(c.get('pool'), user, id);
  if (row.starter !== user.id || readsClientView(user))
    throw forbidden(
      'Only whoever started the process (not its client) may change its parameters.',
      'onlyStarterChangesParameters'
    );
  if (row.status !== 'running')
    throw new ApiError(409, 'The process is not running', {
      detail: `It is ${row.status}.`,
      code: 'processNotRunning',
    });
  const temporal = requireTemporal(c.get('temporal'));
  const updateId = updateIdFromKey('parameter', user.id, c.req.header('idempotency-key'), c.req.path);
  // The workflow checks the parameter and its value and answers with a clear refusal (409) when they do not fit.
  await callTemporal(() =>
    temporal.client.workflow.getHandle(id).executeUpdate(changeParameterUpdate, {
      args: [{ name, value, actor: user.id }],
      // A retry with the same Idempotency-Key after a lost answer gets the first outcome, never a second change.
      ...(updateId !== undefined && { updateId }),
    })
  );
  return c.json({ id, name, value }, 200);
};

const MISSING_TEXT = {
  assigneeManager: 'reports to nobody, so it goes to the next person up',
  deputy: 'has no deputy, so the step stays where it is',
  delegatorManager: 'reports to nobody, so it goes to the next person up',
} as const;

/** The rungs of the process just started that cannot reach the level they name, with names for the people. */
async function escalationWarnings(
  pool: pg.Pool,
  template: Template,
  org: OrgDirectory,
  params: Record<string, unknown>,
  starter: string
) {
  const resolve = (assignee: Assignee | undefined) => {
    if (assignee?.kind === 'person') return assignee.personId;
    if (assignee?.kind === 'starter') return starter;
    const value = assignee?.kind === 'parameter' ? params[assignee.name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const unreached = unreachedRungs(
    template,
    { managers: org.managers ?? {}, deputies: org.deputies ?? {} },
    resolve,
    starter
  );
  if (unreached.length === 0) return [];
  const { rows } = await pool.query<{ id: string; name: string }>(
    'SELECT id::text AS id, name FROM users WHERE id::text = ANY($1::text[])',
    [unreached.map((entry) => entry.person)]
  );
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return unreached.map((entry) => {
    const node = template.nodes.find((candidate) => candidate.id === entry.nodeId);
    const step = node && 'title' in node.data && typeof node.data.title === 'string' ? node.data.title : entry.nodeId;
    const person = names.get(entry.person) ?? entry.person;
    return {
      code: 'escalation-target-missing' as const,
      nodeId: entry.nodeId,
      step,
      rung: entry.rung,
      missing: entry.missing,
      person,
      message: `“${step}”: escalation rung ${entry.rung} cannot reach its level, because ${person} ${MISSING_TEXT[entry.missing]}.`,
    };
  });
}
