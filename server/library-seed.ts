import type { Pool } from 'pg';
import { builtInTemplates } from '../workflows/template/library';
import { parseTemplate } from '../workflows/template';

/**
 * Seeds each built-in template once, as a template whose draft is the library version and whose version 1 is
 * published, so it can be started at once or copied. Returns the names seeded now (none on later starts).
 */
export async function seedTemplateLibrary(pool: Pool): Promise<string[]> {
  const seeded: string[] = [];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two Baton processes starting on one database must not seed twice.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('baton.template-library'))");
    const { rows } = await client.query<{ library_id: string }>('SELECT library_id FROM template_library_seeds');
    const done = new Set(rows.map((row) => row.library_id));
    for (const template of builtInTemplates) {
      if (done.has(template.id)) continue;
      const definition = parseTemplate(template);
      const inserted = await client.query<{ id: string }>(
        'INSERT INTO templates (name, draft) VALUES ($1, $2) RETURNING id',
        [template.name, JSON.stringify(template)]
      );
      const templateId = inserted.rows[0]!.id;
      await client.query('INSERT INTO template_versions (template_id, version, definition) VALUES ($1, 1, $2)', [
        templateId,
        JSON.stringify(definition),
      ]);
      await client.query('INSERT INTO template_library_seeds (library_id, template_id) VALUES ($1, $2)', [
        template.id,
        templateId,
      ]);
      seeded.push(template.name);
    }
    await client.query('COMMIT');
    return seeded;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
