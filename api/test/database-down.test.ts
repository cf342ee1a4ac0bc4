import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { getFreePort } from '../../server/free-port';
import { createApp } from '../app';

// PostgreSQL down: whether Baton reaches it over TCP or through the embedded server's Unix socket (whose file is gone
// while the server is stopped), a request that needs it is answered 503 "retry shortly", never 500.

const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.end();
});

function appOn(connectionString: string) {
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 2000 });
  pools.push(pool);
  return createApp({
    logger: pino({ level: 'silent' }),
    pool,
    checks: {
      postgres: () => Promise.resolve({ ok: false, detail: 'down in this test' }),
      temporal: () => Promise.resolve({ ok: false, detail: 'not in this test' }),
    },
  });
}

describe('PostgreSQL down', () => {
  const socketDir = path.join(os.tmpdir(), `baton-no-server-${process.pid}`);
  it.each([
    [
      'through a Unix socket that is not there',
      async () => `postgres://baton:x@${encodeURIComponent(socketDir)}:5432/baton`,
    ],
    ['over TCP with nothing listening', async () => `postgres://baton:x@127.0.0.1:${await getFreePort()}/baton`],
  ])('answers 503 with Retry-After %s', async (_name, url) => {
    const response = await appOn(await url()).request('/api/inbox', {
      headers: { authorization: 'Bearer some-token' },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'databaseUnreachable' });
  });
});
