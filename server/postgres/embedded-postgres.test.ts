import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForDatabase } from '../../devserver/storage/postgres.storage';
import { createLogger } from '../logger';
import { isProcessAlive } from '../process-alive';
import { makeTraversable, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'baton-pg-test-'));
  await makeTraversable(directory);
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function start(directory: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ directory, logger });
  cleanups.push(() => server.stop());
  return server;
}

describe('embedded PostgreSQL', () => {
  it('keeps data across stop and start, on a new port each time', async () => {
    const directory = await tempDirectory();
    const first = await start(directory);
    await first.ensureDatabase('baton');
    await query(first.databaseUrl('baton'), 'CREATE TABLE notes (body text NOT NULL)');
    await query(first.databaseUrl('baton'), 'INSERT INTO notes VALUES ($1)', ['kept across restarts']);
    await first.stop();
    expect(isProcessAlive(first.pid)).toBe(false);

    const second = await start(directory);
    await second.ensureDatabase('baton'); // already there: a no-op
    expect(await query(second.databaseUrl('baton'), 'SELECT body FROM notes')).toEqual([
      { body: 'kept across restarts' },
    ]);
    expect(second.version).toMatch(/^\d+$/);
  });

  it('answers Baton through a Unix socket beside its data, and still on 127.0.0.1', async () => {
    const directory = await tempDirectory();
    const socketDir = path.join(directory, 'run');
    // A socket file a killed server left behind is cleared away.
    await mkdir(socketDir, { recursive: true });
    await writeFile(path.join(socketDir, '.s.PGSQL.1.lock'), '1\n');
    const server = await start(directory);
    const url = new URL(server.databaseUrl('postgres'));
    expect(decodeURIComponent(url.hostname)).toBe(socketDir);
    // readdir's order depends on the file system.
    expect((await readdir(socketDir)).sort()).toEqual([`.s.PGSQL.${server.port}`, `.s.PGSQL.${server.port}.lock`]);
    // A connection over a Unix socket has no server address.
    expect(await query(server.databaseUrl('postgres'), 'SELECT inet_server_addr() AS address')).toEqual([
      { address: null },
    ]);
    url.hostname = '127.0.0.1';
    expect(await query(url.toString(), 'SELECT host(inet_server_addr()) AS address')).toEqual([
      { address: '127.0.0.1' },
    ]);
  });

  it('lets a client started with the server (the devserver) wait for its socket to appear', async () => {
    const directory = await tempDirectory();
    let waited: Promise<void> | undefined;
    const server = await startEmbeddedPostgres({
      directory,
      logger,
      // Called before the server listens: its socket file does not exist yet, so the first connects fail (ENOENT).
      onSpawned: (url) => {
        waited = waitForDatabase(url('postgres'), 30_000);
      },
    });
    cleanups.push(() => server.stop());
    await expect(waited).resolves.toBeUndefined();
  });

  it('keeps to 127.0.0.1 when the socket path would be too long for the system', async () => {
    const directory = path.join(await tempDirectory(), 'a-folder-name-long-enough'.repeat(4));
    await mkdir(directory);
    await makeTraversable(directory);
    const server = await start(directory);
    expect(new URL(server.databaseUrl('postgres')).hostname).toBe('127.0.0.1');
    expect(await query(server.databaseUrl('postgres'), 'SELECT host(inet_server_addr()) AS address')).toEqual([
      { address: '127.0.0.1' },
    ]);
  });

  it('refuses to log in without its credentials file instead of re-initialising over the data', async () => {
    const directory = await tempDirectory();
    const server = await start(directory);
    await server.stop();
    await rm(path.join(directory, 'credentials.json'));
    await expect(startEmbeddedPostgres({ directory, logger })).rejects.toThrow(/credentials\.json is missing/);
  });

  it('stops a server left running by a killed owner, then starts with the data intact', async () => {
    const directory = await tempDirectory();
    const fixture = fileURLToPath(new URL('./fixtures/start-and-wait.ts', import.meta.url));
    const owner = spawn(process.execPath, ['--import', 'tsx', fixture, directory], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      let output = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /ready (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      owner.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    cleanups.push(async () => {
      if (isProcessAlive(orphanPid)) process.kill(orphanPid, 'SIGKILL');
    });
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    expect(isProcessAlive(orphanPid, 'postgres')).toBe(true);

    const server = await start(directory);
    expect(isProcessAlive(orphanPid, 'postgres')).toBe(false);
    expect(server.pid).not.toBe(orphanPid);
    expect(await query(server.adminUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
