import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { createApp, type App } from '../app';
import { FileStore } from '../files/file-store';
import type { Role } from '../lib/app-env';
import { randomSecret, sha256 } from '../lib/crypto';
import type { TemporalDeps } from '../lib/temporal';
import { hashPassword } from '../people/passwords';

export const ORIGIN = 'http://localhost';

export interface Harness {
  app: App;
  pool: pg.Pool;
  db: TestDatabase;
  /** The file store, in a temporary folder. */
  files: FileStore;
  /** The Temporal client and task queue the app was given, if any. */
  temporal?: TemporalDeps;
  close(): Promise<void>;
}

// The in-app notification feed as agreed with the outbox's owner, for as long as its migration is not in the tree
// yet; a no-op once it is.
const NOTIFICATIONS_TABLE = `CREATE TABLE IF NOT EXISTS notifications (
  id bigserial PRIMARY KEY, user_id text NOT NULL, title text NOT NULL, body text NOT NULL, workflow_id text,
  created_at timestamptz NOT NULL DEFAULT now(), read_at timestamptz)`;

export interface HarnessOptions {
  /** A Temporal client and task queue (with a worker polling it); without them Temporal is reported as absent. */
  temporal?: TemporalDeps;
  poolSize?: number;
  /** The inbound request webhook's secret (BATON_INTAKE_SECRET). */
  intakeSecret?: string;
  /** Largest file accepted, in bytes. */
  maxFileBytes?: number;
}

/** A real app on a fresh migrated database. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: options.poolSize ?? 5 });
  await pool.query(NOTIFICATIONS_TABLE);
  const files = await new FileStore(await mkdtemp(path.join(os.tmpdir(), 'baton-files-')), options.maxFileBytes).init();
  const app = createApp({
    logger: pino({ level: 'silent' }),
    pool,
    files,
    ...(options.temporal && { temporal: options.temporal }),
    ...(options.intakeSecret && { intakeSecret: options.intakeSecret }),
    checks: {
      postgres: () => Promise.resolve({ ok: true, detail: 'test database' }),
      temporal: () =>
        Promise.resolve(
          options.temporal ? { ok: true, detail: 'test environment' } : { ok: false, detail: 'not in these tests' }
        ),
    },
  });
  return {
    app,
    pool,
    db,
    files,
    ...(options.temporal && { temporal: options.temporal }),
    async close() {
      await pool.end();
      await db.drop();
      await rm(files.dir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  password: string;
  /** An API token of this user, created directly in the database. */
  token: string;
}

/** Inserts a user with a known password and an API token. */
export async function addUser(
  pool: pg.Pool,
  role: Role,
  name: string = role,
  teamId: string | null = null
): Promise<TestUser> {
  const email = `${name}-${randomSecret(4)}@test.local`.toLowerCase();
  const password = `pw-${randomSecret(8)}`;
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO users (email, name, role, password_hash, team_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [email, name, role, await hashPassword(password), teamId]
  );
  const token = `baton_${randomSecret()}`;
  await pool.query('INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)', [
    rows[0]!.id,
    'test',
    sha256(token),
  ]);
  return { id: rows[0]!.id, email, role, password, token };
}

export function bearer(user: TestUser, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${user.token}`, ...extra };
}

export function json(method: string, body: unknown, headers: Record<string, string>): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
