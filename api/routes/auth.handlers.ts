import type { RouteHandler } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type pg from 'pg';
import type { AppEnv, Role } from '../lib/app-env';
import { ApiError, notFound } from '../lib/api-error';
import { assertSameOrigin, currentUser, SESSION_COOKIE } from '../lib/auth.middleware';
import { clientAddress, isHttps } from '../lib/client-info';
import { getCookie } from 'hono/cookie';
import { randomSecret, sha256 } from '../lib/crypto';
import { verifyPassword } from '../people/passwords';
import type { Language } from '../../workflows/i18n/languages';
import type { createToken, listTokens, login, logout, me, revokeToken, updateMe } from './auth.routes';

const SESSION_HOURS = 12;
const THROTTLE_MINUTES = 15;
/** Failed sign-ins tolerated per account, and per client address, within THROTTLE_MINUTES. */
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 30;

/**
 * Counts a sign-in attempt before its password is checked, atomically: under a lock per account and per address the
 * recent failures are counted and, below the limits, the attempt is recorded as one. Parallel attempts on one
 * account therefore check at most MAX_FAILURES_PER_ACCOUNT passwords; the rest get 429 without a check.
 */
async function recordAttempt(pool: pg.Pool, email: string, address: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Account first, then address, in every transaction: no two can wait on each other in a cycle.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baton-login-account'), hashtext($1))", [email]);
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baton-login-address'), hashtext($1))", [address]);
    const { rows } = await client.query<{ account: number; address: number }>(
      `SELECT count(*) FILTER (WHERE email = $1)::int AS account, count(*) FILTER (WHERE address = $2)::int AS address
         FROM login_failures WHERE at > now() - make_interval(mins => $3) AND (email = $1 OR address = $2)`,
      [email, address, THROTTLE_MINUTES]
    );
    const failures = rows[0] ?? { account: 0, address: 0 };
    if (failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.address >= MAX_FAILURES_PER_ADDRESS) {
      await client.query('ROLLBACK');
      throw new ApiError(429, 'Too many failed sign-ins', {
        detail: `Sign-in is paused for this account or address; try again in ${THROTTLE_MINUTES} minutes.`,
        code: 'signInPaused',
        params: { minutes: THROTTLE_MINUTES },
        headers: { 'Retry-After': String(THROTTLE_MINUTES * 60) },
      });
    }
    await client.query('INSERT INTO login_failures (email, address) VALUES ($1, $2)', [email, address]);
    await client.query('COMMIT');
  } catch (error) {
    if (!(error instanceof ApiError)) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  // Login CSRF: a foreign page must not sign the browser in as someone else.
  if (c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined) assertSameOrigin(c.req.raw);
  const pool = c.get('pool');
  const { email: rawEmail, password, language: chosen, browserLanguage } = c.req.valid('json');
  const email = rawEmail.trim().toLowerCase();
  const address = clientAddress(c);
  await recordAttempt(pool, email, address);
  const { rows } = await pool.query<{
    id: string;
    email: string;
    name: string;
    role: Role;
    team_id: string | null;
    language: Language | null;
    password_hash: string;
  }>(
    'SELECT id, email, name, role, team_id, language, password_hash FROM users WHERE lower(email) = $1 AND NOT disabled',
    [email]
  );
  const user = rows[0];
  // The attempt is already counted as a failure: a wrong password leaves it, the right one clears the account's.
  if (!(await verifyPassword(user?.password_hash, password)) || !user)
    throw new ApiError(401, 'Wrong email or password', { code: 'wrongPassword' });
  await pool.query('DELETE FROM login_failures WHERE email = $1', [email]);
  // A language picked on the login page is the person's choice; the browser's only fills a language never chosen.
  const language = chosen ?? user.language ?? browserLanguage ?? null;
  if (language !== user.language) await pool.query('UPDATE users SET language = $2 WHERE id = $1', [user.id, language]);
  // Sessions past their expiry are useless; each sign-in sweeps them (an index on expires_at keeps it cheap).
  await pool.query('DELETE FROM sessions WHERE expires_at < now()');
  const sessionId = randomSecret();
  await pool.query(
    `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [sha256(sessionId), user.id, SESSION_HOURS]
  );
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  return c.json(
    { id: user.id, email: user.email, name: user.name, role: user.role, teamId: user.team_id, language },
    200
  );
};

export const logoutHandler: RouteHandler<typeof logout, AppEnv> = async (c) => {
  const sessionId = getCookie(c, SESSION_COOKIE);
  if (sessionId !== undefined)
    await c.get('pool').query('DELETE FROM sessions WHERE id_hash = $1', [sha256(sessionId)]);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.body(null, 204);
};

export const meHandler: RouteHandler<typeof me, AppEnv> = (c) => {
  const { id, email, name, role, teamId, language } = currentUser(c);
  return c.json({ id, email, name, role, teamId, language }, 200);
};

export const updateMeHandler: RouteHandler<typeof updateMe, AppEnv> = async (c) => {
  const { id, email, name, role, teamId } = currentUser(c);
  const { language } = c.req.valid('json');
  await c.get('pool').query('UPDATE users SET language = $2 WHERE id = $1', [id, language]);
  return c.json({ id, email, name, role, teamId, language }, 200);
};

interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}
const toToken = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

export const createTokenHandler: RouteHandler<typeof createToken, AppEnv> = async (c) => {
  const user = currentUser(c);
  const token = `baton_${randomSecret()}`;
  const { rows } = await c
    .get('pool')
    .query<TokenRow>(
      'INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id, name, created_at, last_used_at',
      [user.id, c.req.valid('json').name, sha256(token)]
    );
  return c.json({ ...toToken(rows[0]!), token }, 201);
};

export const listTokensHandler: RouteHandler<typeof listTokens, AppEnv> = async (c) => {
  const { rows } = await c
    .get('pool')
    .query<TokenRow>(
      'SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at',
      [currentUser(c).id]
    );
  return c.json(rows.map(toToken), 200);
};

export const revokeTokenHandler: RouteHandler<typeof revokeToken, AppEnv> = async (c) => {
  const { rowCount } = await c
    .get('pool')
    .query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [
      c.req.valid('param').id,
      currentUser(c).id,
    ]);
  if (!rowCount) throw notFound('token');
  return c.body(null, 204);
};
