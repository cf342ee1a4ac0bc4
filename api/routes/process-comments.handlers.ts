import type { RouteHandler } from '@hono/zod-openapi';
import { processCommentUpdate } from '../../workflows/process.messages';
import type { AppEnv } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { updateIdFromKey } from '../lib/step-action-outcome';
import { callTemporal, requireTemporal } from '../lib/temporal';
import { attachFiles } from '../files/attach';
import { loadVisibleProcess } from '../processes/access';
import { readsClientView } from '../processes/client-view';
import type * as routes from './process-comments.routes';

export const commentOnProcessHandler: RouteHandler<typeof routes.commentOnProcess, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const { text, visibility, files } = c.req.valid('json');
  const row = await loadVisibleProcess(pool, user, id);
  const byClient = readsClientView(user);
  if (byClient && visibility === 'internal')
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'visibility', message: 'a client’s comments are public: leave visibility out' }],
    });
  if (row.status !== 'running')
    throw new ApiError(409, 'The process is not running', {
      detail: `It is ${row.status}; it takes no comments.`,
      code: 'processNotRunning',
    });
  const effective = byClient ? 'public' : (visibility ?? 'internal');
  // Whom to tell: the office of a client's comment (open steps' assignees and the starter), the client of a public one.
  const { rows } = byClient
    ? await pool.query<{ id: string }>(
        `SELECT assignee AS id FROM process_tasks
          WHERE workflow_id = $1 AND status IN ('open', 'inProgress', 'inReview') AND assignee NOT LIKE 'team:%'
         UNION SELECT reviewer FROM process_tasks WHERE workflow_id = $1 AND status = 'inReview' AND reviewer IS NOT NULL
         UNION SELECT starter FROM processes WHERE workflow_id = $1`,
        [id]
      )
    : { rows: effective === 'public' && row.owner !== null ? [{ id: row.owner }] : [] };
  const tell = rows.map((entry) => entry.id).filter((person) => person !== user.id);
  // The files take the comment's visibility: a client reads those of public comments only.
  const attached = await attachFiles(pool, user, files ?? [], { workflowId: id, visibility: effective }, 'files');
  const temporal = requireTemporal(c.get('temporal'));
  const updateId = updateIdFromKey('comment', user.id, c.req.header('idempotency-key'), c.req.path);
  await callTemporal(() =>
    temporal.client.workflow.getHandle(id).executeUpdate(processCommentUpdate, {
      args: [
        {
          actor: user.id,
          text,
          visibility: effective,
          ...(byClient && { byClient }),
          tell,
          ...(attached.length > 0 && { files: attached }),
        },
      ],
      ...(updateId !== undefined && { updateId }),
    })
  );
  return c.json({ processId: id, visibility: effective }, 201);
};
