import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Language } from '../../workflows/i18n/languages';
import type { AppEnv, AuthUser, Role } from './app-env';
import { ApiError } from './api-error';
import { sha256 } from './crypto';

export const SESSION_COOKIE = 'baton_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  language: Language | null;
}

function toAuthUser(row: UserRow, via: AuthUser['via']): AuthUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    teamId: row.team_id,
    language: row.language,
    via,
  };
}

/**
 * A state-changing request carried by a cookie must come from Baton's own origin: browsers send Sec-Fetch-Site or
 * Origin on every cross-site POST, so a missing or foreign one is refused.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) {
    if (site === 'same-origin' || site === 'none') return;
    throw new ApiError(403, 'Cross-site request refused', {
      detail: 'A request authenticated by the session cookie must come from the Baton page itself.',
      code: 'crossSite',
    });
  }
  const origin = request.headers.get('origin');
  if (origin === null || origin !== new URL(request.url).origin)
    throw new ApiError(403, 'Cross-site request refused', {
      detail:
        'A state-changing request authenticated by the session cookie needs an Origin header of this server; scripts should use an API token.',
      code: 'crossSite',
    });
}

/** Resolves the caller from an `Authorization: Bearer` API token or the session cookie; anonymous otherwise. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const pool = c.get('pool');
  const authorization = c.req.header('authorization');
  let user: AuthUser | undefined;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization);
    if (!match?.[1])
      throw new ApiError(401, 'Not authenticated', {
        detail: 'Use `Authorization: Bearer <API token>`.',
        code: 'notSignedIn',
      });
    const { rows } = await pool.query<UserRow>(
      // `last_used_at` is written at most once a minute: a script's every request need not be a write.
      `WITH found AS (
         SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.name, u.role, u.team_id, u.language
           FROM api_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled),
       touched AS (
         UPDATE api_tokens SET last_used_at = now()
          WHERE id IN (SELECT token_id FROM found
                        WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
       SELECT id, email, name, role, team_id, language FROM found`,
      [sha256(match[1])]
    );
    const row = rows[0];
    if (!row)
      throw new ApiError(401, 'Not authenticated', {
        detail: 'The API token is unknown or revoked.',
        code: 'notSignedIn',
      });
    user = toAuthUser(row, 'token');
  } else {
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId !== undefined && sessionId.length <= 200) {
      const { rows } = await pool.query<UserRow>(
        `SELECT u.id, u.email, u.name, u.role, u.team_id, u.language FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
        [sha256(sessionId)]
      );
      const row = rows[0];
      if (row) {
        user = toAuthUser(row, 'session');
        if (!SAFE_METHODS.has(c.req.method)) assertSameOrigin(c.req.raw);
      }
    }
  }
  if (user) c.set('user', user);
  await next();
});

/** Route middleware: the caller must be signed in and hold one of `roles` (every role when none are given). */
export function authorize(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user)
      throw new ApiError(401, 'Not authenticated', { detail: 'Sign in or send an API token.', code: 'notSignedIn' });
    if (roles.length > 0 && !roles.includes(user.role))
      throw new ApiError(403, 'Forbidden', {
        detail: `This action needs the role ${roles.join(' or ')}; you are ${user.role}.`,
        code: 'roleNotAllowed',
      });
    await next();
  });
}

/** The signed-in caller inside a handler whose route uses `authorize`. */
export function currentUser(c: { get(key: 'user'): AuthUser | undefined }): AuthUser {
  const user = c.get('user');
  if (!user)
    throw new ApiError(401, 'Not authenticated', { detail: 'Sign in or send an API token.', code: 'notSignedIn' });
  return user;
}

/** Route middleware for routes on one person (`{id}`): that person, or one of `roles`. */
export function authorizeSelfOr(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user)
      throw new ApiError(401, 'Not authenticated', { detail: 'Sign in or send an API token.', code: 'notSignedIn' });
    if (user.id !== c.req.param('id') && !roles.includes(user.role))
      throw new ApiError(403, 'Forbidden', {
        detail: `Only the person or the role ${roles.join(' or ')} may do this; you are ${user.role}.`,
        code: 'onlyPersonOrRole',
      });
    await next();
  });
}
