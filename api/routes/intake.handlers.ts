import type { RouteHandler } from '@hono/zod-openapi';
import type pg from 'pg';
import type { AppEnv, AuthUser } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { requireTemporal } from '../lib/temporal';
import { idFromKey, launchProcess } from '../processes/launch-process';
import { buildProcessInput, loadPublishedVersion } from '../processes/process-input';
import { checkReceivedAt, checkStart } from '../processes/who-may-start';
import type * as routes from './intake.routes';

/** The template a delivery without `templateId` goes to: the only published one marked "clients may start". */
export async function onlyClientTemplate(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ template_id: string; definition: { clientsMayStart?: unknown } }>(
    `SELECT DISTINCT ON (v.template_id) v.template_id::text, v.definition
       FROM template_versions v JOIN templates t ON t.id = v.template_id
      WHERE t.archived_at IS NULL ORDER BY v.template_id, v.version DESC`
  );
  const marked = rows.filter((row) => row.definition.clientsMayStart === true);
  if (marked.length !== 1)
    throw new ApiError(409, 'Which template?', {
      detail: `${marked.length} published templates are marked “clients may start”: name one in templateId.`,
    });
  return marked[0]!.template_id;
}

export const intakeWebhookHandler: RouteHandler<typeof routes.intakeWebhook, AppEnv> = async (c) => {
  const pool = c.get('pool');
  const body = c.req.valid('json');
  // One delivery id, one process: the workflow id comes from it, and a process row with it answers the repeat.
  const workflowId = `process-${idFromKey('intake-webhook', body.id)}`;
  const seen = await pool.query('SELECT 1 FROM processes WHERE workflow_id = $1', [workflowId]);
  if (seen.rowCount) return c.json({ processId: workflowId, duplicate: true as const }, 200);
  const { rows } = await pool.query<{
    id: string;
    email: string;
    name: string;
    team_id: string | null;
    language: AuthUser['language'];
  }>(
    "SELECT id::text, email, name, team_id::text, language FROM users WHERE lower(email) = lower($1) AND role = 'observer' AND NOT disabled",
    [body.client.email]
  );
  const found = rows[0];
  if (!found)
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'client.email', message: 'no active client (observer) has this email' }],
    });
  const client: AuthUser = { ...found, role: 'observer', teamId: found.team_id, via: 'token' };
  checkReceivedAt(body.receivedAt);
  const published = await loadPublishedVersion(pool, body.templateId ?? (await onlyClientTemplate(pool)));
  // As if the client had sent it from the request form: a template clients may start, person parameters by default.
  const { params } = await checkStart(pool, client, published, { params: body.params });
  const input = await buildProcessInput(pool, published, params, client.id);
  const temporal = requireTemporal(c.get('temporal'));
  const launched = await launchProcess(pool, temporal, {
    workflowId,
    published,
    input,
    starter: client.id,
    params,
    owner: client.id,
    receivedAt: body.receivedAt,
  });
  return launched === 'existing'
    ? c.json({ processId: workflowId, duplicate: true as const }, 200)
    : c.json({ processId: workflowId, duplicate: false as const }, 201);
};
