import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { builtInTemplates } from '../workflows/template/library';
import { validateTemplate } from '../workflows/template';
import { seedTemplateLibrary } from './library-seed';

describe('seedTemplateLibrary', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('publishes every built-in template once, even when two starts race, and never brings back a deleted one', async () => {
    const [first, second] = await Promise.all([seedTemplateLibrary(pool), seedTemplateLibrary(pool)]);
    expect([...first, ...second].sort()).toEqual(builtInTemplates.map((t) => t.name).sort());

    const { rows } = await pool.query<{ name: string; version: number; definition: unknown }>(
      `SELECT t.name, v.version, v.definition FROM templates t JOIN template_versions v ON v.template_id = t.id
       ORDER BY t.name`
    );
    expect(rows).toHaveLength(builtInTemplates.length);
    for (const row of rows) {
      expect(row.version).toBe(1);
      expect(validateTemplate(row.definition)).toEqual([]);
    }

    await pool.query("DELETE FROM templates WHERE name = 'Daily CRM update'");
    expect(await seedTemplateLibrary(pool)).toEqual([]);
    const count = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM templates');
    expect(count.rows[0]!.n).toBe(builtInTemplates.length - 1);
  });
});
