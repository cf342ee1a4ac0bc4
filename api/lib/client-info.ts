import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './app-env';

/**
 * The client's address. Behind a trusted reverse proxy (TRUST_PROXY) it is the last `X-Forwarded-For` entry: the
 * one the proxy appended; earlier entries come from the client and may be forged.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('trustProxy')) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests) have no socket.
    return 'local';
  }
}

/** Whether the browser reached Baton over HTTPS: directly, or through a trusted proxy that says so. */
export function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!c.get('trustProxy')) return false;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
