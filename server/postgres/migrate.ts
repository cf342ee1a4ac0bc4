import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../logger';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
export const MIGRATIONS_TABLE = 'baton_migrations';

/**
 * Applies every pending migration, forward only, in one transaction under node-pg-migrate's advisory lock, so
 * concurrent starters and repeated runs are safe. Returns the names of the migrations it applied (empty: up to date).
 */
export async function migrate(databaseUrl: string, logger?: Logger): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
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
