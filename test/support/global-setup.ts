import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadTestSettings } from '../../server/env';
import { createLogger } from '../../server/logger';
import { makeTraversable, startEmbeddedPostgres } from '../../server/postgres/embedded-postgres';
import { migrate } from '../../server/postgres/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL maintenance-database URL whose role may CREATE DATABASE. */
    postgresAdminUrl: string;
    /** A database with every Baton migration applied, to clone per test file. */
    postgresTemplateDatabase: string;
  }
}

interface SharedPostgres {
  adminUrl: string;
  templateDatabase: string;
  users: number;
  stop(): Promise<void>;
}

// Every vitest project runs this setup, each with its own module instance, in the same main process: share one
// server through globalThis and stop it when the last project tears down.
const shared = globalThis as typeof globalThis & { __batonTestPostgres?: Promise<SharedPostgres> };

async function startShared(): Promise<SharedPostgres> {
  const logger = createLogger({ logLevel: 'warn', logFormat: 'json' });
  const { testDatabaseUrl } = loadTestSettings();
  let adminUrl: string;
  let stopServer: () => Promise<void>;
  if (testDatabaseUrl) {
    adminUrl = testDatabaseUrl;
    stopServer = async () => undefined;
  } else {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'baton-test-pg-'));
    await makeTraversable(directory);
    const server = await startEmbeddedPostgres({ directory, logger });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    };
  }
  const templateDatabase = `baton_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(templateDatabase)}`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(templateDatabase)}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDatabase}`;
  await migrate(templateUrl.toString());
  return {
    adminUrl,
    templateDatabase,
    users: 0,
    async stop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${cleanup.escapeIdentifier(templateDatabase)} WITH (FORCE)`);
      await cleanup.end();
      await stopServer();
    },
  };
}

/**
 * Starts one real PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL's server) and prepares a migrated
 * template database; test files clone it (test/support/postgres.ts) so none shares a dirty database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.__batonTestPostgres ??= startShared();
  const postgres = await shared.__batonTestPostgres;
  postgres.users++;
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('postgresTemplateDatabase', postgres.templateDatabase);
  return async () => {
    if (--postgres.users > 0) return;
    shared.__batonTestPostgres = undefined;
    await postgres.stop();
  };
}
