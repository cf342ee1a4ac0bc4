import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, MIGRATIONS_DIR, MIGRATIONS_TABLE } from './migrate';

// A database with nothing in it, not the migrated template: migrations must build everything from scratch.
let url: string;
const name = `baton_migrate_${randomBytes(4).toString('hex')}`;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const parsed = new URL(inject('postgresAdminUrl'));
  parsed.pathname = `/${name}`;
  url = parsed.toString();
});

afterAll(async () => {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
});

async function schemaSnapshot(): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`
    );
    const applied = await client.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    const instance = await client.query('SELECT instance_id FROM baton_instance');
    return { tables: tables.rows, applied: applied.rows, instance: instance.rows };
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  it('applies every migration on an empty database, then is a no-op when run again', async () => {
    const first = await migrate(url);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toContain('1732300000000_instance');
    const afterFirst = await schemaSnapshot();

    expect(await migrate(url)).toEqual([]);
    expect(await schemaSnapshot()).toEqual(afterFirst);
  });

  it('is safe when two starters migrate at the same time', async () => {
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results).toEqual([[], []]);
    const snapshot = (await schemaSnapshot()) as { instance: unknown[] };
    expect(snapshot.instance).toHaveLength(1);
  });

  it('still applies a migration added to an up-to-date database, whether asked through a pool or a URL', async () => {
    // Start-up asks the database whether anything is pending before it loads node-pg-migrate: a new file must count.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-migrations-'));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      expect(await migrate(url, undefined, { dir, pool })).toEqual([]);
      await writeFile(
        path.join(dir, '1799999999999_probe.sql'),
        '-- Up Migration\nCREATE TABLE migrate_probe (id int);\n'
      );
      expect(await migrate(url, undefined, { dir, pool })).toEqual(['1799999999999_probe']);
      expect(await migrate(url, undefined, { dir, pool })).toEqual([]);
      await writeFile(
        path.join(dir, '1799999999998_late.sql'),
        '-- Up Migration\nCREATE TABLE migrate_late (id int);\n'
      );
      // Out of order: node-pg-migrate refuses it, as it did before the quick check.
      await expect(migrate(url, undefined, { dir })).rejects.toThrow(/1799999999998_late/);
      await rm(path.join(dir, '1799999999998_late.sql'));
      await writeFile(path.join(dir, '1800000000000_url.sql'), '-- Up Migration\nCREATE TABLE migrate_url (id int);\n');
      expect(await migrate(url, undefined, { dir })).toEqual(['1800000000000_url']);
      const tables = await pool.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'migrate_%' ORDER BY 1"
      );
      expect(tables.rows.map((row) => row.name)).toEqual(['migrate_probe', 'migrate_url']);
    } finally {
      await pool.end();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
