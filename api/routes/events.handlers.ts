import type { RouteHandler } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import type { EventHub } from '../lib/event-hub';
import type * as routes from './events.routes';

interface EventRow {
  id: string;
  type: string;
  workflow_id: string;
  node_id: string | null;
  task_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

const BATCH = 500;
const HEARTBEAT_MS = 15_000;
/** Events are kept this long: a client away for longer reloads its inbox instead. */
const RETENTION = '7 days';

export function streamEventsHandler(hub: EventHub | undefined): RouteHandler<typeof routes.streamEvents, AppEnv> {
  return async (c) => {
    const user = currentUser(c);
    const pool = c.get('pool');
    if (!hub)
      throw new ApiError(503, 'Service unavailable', {
        detail: 'Live events are not enabled on this server.',
        code: 'liveUpdatesOff',
        headers: { 'Retry-After': '30' },
      });
    const resumeFrom = c.req.valid('header')['last-event-id'] ?? c.req.valid('query').lastEventId;
    if (hub.closed)
      throw new ApiError(503, 'Service unavailable', {
        detail: 'The server is stopping; reconnect shortly.',
        code: 'serverStopping',
        headers: { 'Retry-After': '5' },
      });
    let wake: () => void = () => undefined;
    let signalled = true;
    const unsubscribe = await hub.subscribe(user.id, () => {
      signalled = true;
      wake();
    });
    let last: string;
    try {
      await pool.query(`DELETE FROM user_events WHERE created_at < now() - interval '${RETENTION}'`);
      if (resumeFrom !== undefined) last = resumeFrom;
      else {
        // Subscribed first, then read the high-water mark: an event written in between is still sent.
        const { rows } = await pool.query<{ id: string }>(
          'SELECT COALESCE(max(id), 0)::text AS id FROM user_events WHERE user_id = $1',
          [user.id]
        );
        last = rows[0]?.id ?? '0';
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => {
        unsubscribe();
        wake();
      });
      try {
        // The hub closes when the server stops: the stream ends then, and the browser reconnects elsewhere.
        while (!stream.aborted && !hub.closed) {
          if (signalled) {
            signalled = false;
            const { rows } = await pool.query<EventRow>(
              `SELECT id, type, workflow_id, node_id, task_id, data, created_at FROM user_events
                WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
              [user.id, last]
            );
            for (const row of rows) {
              const event = {
                id: String(row.id),
                type: row.type,
                processId: row.workflow_id,
                nodeId: row.node_id,
                stepId: row.task_id === null ? null : String(row.task_id),
                data: row.data,
                createdAt: row.created_at.toISOString(),
              };
              await stream.writeSSE({ id: event.id, event: row.type, data: JSON.stringify(event) });
              last = event.id;
            }
            if (rows.length === BATCH) signalled = true;
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
            if (signalled || stream.aborted || hub.closed) wake();
          });
          if (!signalled && !stream.aborted && !hub.closed) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  };
}
