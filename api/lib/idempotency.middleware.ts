import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import type { AppEnv } from './app-env';
import { ApiError } from './api-error';
import { sha256 } from './crypto';

/**
 * How long a key stays "in progress" without an answer; longer than any request takes (a step action gives up on its
 * workflow after 30 s), so only a request whose process died holds a key this long.
 */
export const IN_PROGRESS_LEASE_SECONDS = 60;

interface StoredResponse {
  request_hash: string;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
}

/**
 * A POST with an `Idempotency-Key` header acts once per caller and key: a retry gets the first response again
 * (marked `Idempotent-Replayed: true`), a concurrent duplicate gets 409, the same key on another request gets 422.
 * A key left in progress by a crashed request is released after `IN_PROGRESS_LEASE_SECONDS`.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  const user = c.get('user');
  if (c.req.method !== 'POST' || key === undefined || !user) return next();
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new ApiError(422, 'The request is not valid', {
      issues: [{ path: 'Idempotency-Key', message: 'expected 1 to 200 visible ASCII characters' }],
    });
  const pool = c.get('pool');
  const requestHash = sha256(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
  // A key is remembered for a day: long enough for any retry, short enough that the table stays small. A key still
  // in progress after its lease belongs to a request that died with its process (kill -9): the retry runs it again.
  await pool.query(
    `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2
        AND (created_at < now() - interval '24 hours'
             OR (status IS NULL AND created_at < now() - make_interval(secs => $3)))`,
    [user.id, key, IN_PROGRESS_LEASE_SECONDS]
  );
  const inserted = await pool.query<{ stamp: string }>(
    `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING created_at::text AS stamp`,
    [user.id, key, c.req.method, c.req.path, requestHash]
  );
  if (inserted.rowCount === 0) {
    const { rows } = await pool.query<StoredResponse>(
      'SELECT request_hash, status, headers, body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [user.id, key]
    );
    const stored = rows[0];
    if (stored && stored.request_hash !== requestHash)
      throw new ApiError(422, 'Idempotency-Key reused', {
        detail: 'This key was used for a different request; use a new key for a new request.',
        issues: [{ path: 'Idempotency-Key', message: 'already used for a different request' }],
      });
    if (!stored || stored.status === null)
      throw new ApiError(409, 'Request in progress', {
        detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
        code: 'requestInProgress',
        headers: { 'Retry-After': '1' },
      });
    c.res = new Response(stored.body, {
      status: stored.status,
      headers: { ...stored.headers, 'Idempotent-Replayed': 'true' },
    });
    return;
  }
  // Later writes touch only this request's row: one that outlived its lease must not overwrite the retry's.
  // The stamp is text: a JavaScript Date would drop its microseconds.
  const mine = [user.id, key, inserted.rows[0]?.stamp];
  const forget = () =>
    pool.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at = $3::timestamptz', mine);
  try {
    await next();
  } catch (error) {
    await forget();
    throw error;
  }
  // A server failure is not an answer worth replaying: the client may retry it for real. Nor is "outcome unknown":
  // the retry asks again and learns what happened.
  if (c.res.status >= 500 || c.error || c.get('outcomeUnknown')) {
    await forget();
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'etag', 'location']) {
    const value = c.res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await pool.query(
    'UPDATE idempotency_keys SET status = $4, headers = $5, body = $6 WHERE user_id = $1 AND key = $2 AND created_at = $3::timestamptz',
    [...mine, c.res.status, JSON.stringify(headers), await c.res.clone().text()]
  );
});

/**
 * At start-up no request of an earlier run is still running: keys it left in progress (a crash) are released at once,
 * so retries run again now rather than after the lease. A step action's retry is still applied once: its key is the
 * workflow update id. Returns how many keys were released.
 */
export async function releaseKeysInProgress(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM idempotency_keys WHERE status IS NULL');
  return rowCount ?? 0;
}
