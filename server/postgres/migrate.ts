import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from '../logger';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
export const MIGRATIONS_TABLE = 'baton_migrations';

/** What `migrate` runs against: a pool of the database already open, or only its URL. */
export interface MigrateOptions {
  /** Asked first whether anything is pending; node-pg-migrate opens its own connection when something is. */
  pool?: pg.Pool;
  /** The migration files' folder (tests use a copy). */
  dir?: string;
}

/**
 * The migrations' names (file names without extension) in the order node-pg-migrate applies them, or undefined when
 * this quick reading might differ from its own (then only node-pg-migrate decides). It skips dotfiles and sorts by
 * the numeric prefix; names whose prefixes all have the same length sort the same way as plain strings.
 */
async function migrationNames(dir: string): Promise<string[] | undefined> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const prefixes = names.map((name) => /^\d+/.exec(name)?.[0]);
  const width = prefixes[0]?.length;
  if (prefixes.some((prefix) => prefix === undefined || prefix.length !== width)) return undefined;
  if (new Set(prefixes).size !== prefixes.length) return undefined;
  return names.map((name) => path.basename(name, path.extname(name)));
}

/**
 * True when every migration file is applied, in the order node-pg-migrate would check: one query, no lock (what it
 * reads is committed, and a start that sees something pending goes through node-pg-migrate, which takes the lock and
 * looks again). False whenever anything differs, so node-pg-migrate applies what is pending or reports the problem.
 */
async function upToDate(client: pg.Pool | pg.Client, dir: string): Promise<boolean> {
  const [files, applied] = await Promise.all([
    migrationNames(dir),
    client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`).then(
      (result) => result.rows.map((row) => row.name),
      // No table yet (a new database): everything is pending.
      (error: { code?: string }) => {
        if (error.code === '42P01') return undefined;
        throw error;
      }
    ),
  ]);
  return (
    files !== undefined &&
    applied !== undefined &&
    files.length === applied.length &&
    files.every((name, index) => applied[index] === name)
  );
}

/**
 * Applies every pending migration, forward only, in one transaction under node-pg-migrate's advisory lock, so
 * concurrent starters and repeated runs are safe. Returns the names of the migrations it applied (empty: up to date).
 * A database that is up to date is recognised by one query, without loading node-pg-migrate (most starts).
 */
export async function migrate(databaseUrl: string, logger?: Logger, options: MigrateOptions = {}): Promise<string[]> {
  const dir = options.dir ?? MIGRATIONS_DIR;
  let checked: boolean;
  if (options.pool) {
    checked = await upToDate(options.pool, dir);
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      checked = await upToDate(client, dir);
    } finally {
      await client.end();
    }
  }
  if (checked) {
    logger?.debug({ component: 'migrations' }, 'every migration is applied');
    return [];
  }
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    databaseUrl,
    dir,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    // A second starter waits for the first instead of failing, then finds nothing left to do.
    advisoryLockMode: 'wait',
    log: (message: string) => logger?.debug({ component: 'migrations' }, message),
  });
  return applied.map((migration) => migration.name);
}
