// The devserver's two storages as test cases: each devserver test runs once in memory and once on PostgreSQL.
import { MemoryStorage } from '../../devserver/storage/memory.storage';
import { PostgresStorage } from '../../devserver/storage/postgres.storage';
import type { DevServerStorage } from '../../devserver/storage/storage';
import { testLogger } from '../../devserver/test-support/harness';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface StorageBacking {
  /** Opens the same backing store (again, for a restart). */
  open(): DevServerStorage;
  /** The database's URL, on PostgreSQL. */
  url?: string;
  /** Drops the database, if any; safe to call twice. */
  cleanup(): Promise<void>;
}

const prepared = new Set<TestDatabase>();

export const devserverStorages: { name: 'memory' | 'postgres'; prepare(): Promise<StorageBacking> }[] = [
  {
    name: 'memory',
    async prepare() {
      const storage = new MemoryStorage();
      return { open: () => storage, cleanup: async () => undefined };
    },
  },
  {
    name: 'postgres',
    async prepare() {
      const database = await createTestDatabase();
      prepared.add(database);
      return {
        open: () => new PostgresStorage(database.url, testLogger),
        url: database.url,
        cleanup: async () => {
          if (prepared.delete(database)) await database.drop();
        },
      };
    },
  },
];

/** Drops every database prepared and not cleaned up yet (for `afterAll`). */
export async function dropPreparedDatabases(): Promise<void> {
  for (const database of [...prepared]) {
    prepared.delete(database);
    await database.drop();
  }
}
