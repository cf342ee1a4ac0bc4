import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/app-env';
import { currentUser } from '../lib/auth.middleware';
import { readsClientView } from '../processes/client-view';
import type * as routes from './request-forms.routes';

interface FormRow {
  template_id: string;
  version: number;
  name: string;
  definition: {
    title?: Record<string, string>;
    description?: string;
    parameters?: Record<string, unknown>[];
    translations?: Record<string, Record<string, string>>;
  };
}

/** A parameter's title in every language the template has a text for (its own title first, then translations). */
function withTitles(parameter: Record<string, unknown>, translations: FormRow['definition']['translations']) {
  const title: Record<string, string> = {};
  for (const [language, texts] of Object.entries(translations ?? {})) {
    const text = texts[`parameters.${String(parameter.name)}.label`];
    if (text) title[language] = text;
  }
  Object.assign(title, (parameter.title as Record<string, string> | undefined) ?? {});
  return Object.keys(title).length > 0 ? { ...parameter, title } : parameter;
}

export const listRequestFormsHandler: RouteHandler<typeof routes.listRequestForms, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  // The latest published version of each template that is not archived; it must say clients may start it.
  const forms = await pool.query<FormRow>(
    `SELECT DISTINCT ON (v.template_id) v.template_id::text, v.version, t.name, v.definition
       FROM template_versions v JOIN templates t ON t.id = v.template_id
      WHERE t.archived_at IS NULL
      ORDER BY v.template_id, v.version DESC`
  );
  const clients = readsClientView(user)
    ? []
    : (
        await pool.query<{ id: string; name: string }>(
          "SELECT id::text, name FROM users WHERE role = 'observer' AND NOT disabled ORDER BY name"
        )
      ).rows;
  return c.json(
    {
      forms: forms.rows
        .filter((row) => (row.definition as { clientsMayStart?: unknown }).clientsMayStart === true)
        .map((row) => ({
          templateId: row.template_id,
          version: row.version,
          name: row.name,
          title: row.definition.title ?? null,
          description: row.definition.description ?? null,
          parameters: (row.definition.parameters ?? [])
            .filter((parameter) => parameter.type !== 'person')
            .map((parameter) => withTitles(parameter, row.definition.translations)),
        })),
      clients,
    },
    200
  );
};
