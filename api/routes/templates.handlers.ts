import { isDeepStrictEqual } from 'node:util';
import type { RouteHandler } from '@hono/zod-openapi';
import type pg from 'pg';
import {
  hasErrors,
  TemplateSchema as TemplateDocumentSchema,
  validateTemplate,
  type PublishedTemplateVersion,
  type ValidationContext,
  type ValidationIssue,
} from '../../workflows/template';
import { BusinessCalendarSchema } from '../../workflows/calendar';
import { resolveCalendarContext } from '../../workflows/calendar/holidays';
import { computeTimeline, type TimelineWarning } from '../../workflows/deadline/timeline';
import type { TemplateInput } from '../../workflows/template';
import type { AppEnv } from '../lib/app-env';
import { loadCalendar } from '../processes/process-input';
import { ApiError, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { decodeCursor, toPage } from '../lib/pagination';
import { translatedText } from '../../workflows/template/translations';
import { readerLanguage } from '../processes/template-language';
import type * as routes from './templates.routes';
import { parseDeadline, type DeadlineSpec } from '../../workflows/deadline/deadline-spec';
import { holidayYearsFor } from '../../workflows/deadline/limits';
import { deadlineMessages, type DeadlineMessage } from '../../workflows/i18n/deadline-messages';

type Draft = Record<string, unknown>;

interface TemplateRow {
  id: string;
  name: string;
  draft: Draft;
  revision: number;
  archived_at: Date | null;
  latest_version: number | null;
  created_at: Date;
  updated_at: Date;
}
const TEMPLATE_COLUMNS = `t.id, t.name, t.draft, t.revision, t.archived_at, t.created_at, t.updated_at,
  (SELECT max(v.version) FROM template_versions v WHERE v.template_id = t.id) AS latest_version`;

/** The template's name in `language` when its draft translates it and the template was not renamed away from it. */
function titleOf(row: TemplateRow, language: string | undefined): string {
  if (language === undefined || row.draft.name !== row.name) return row.name;
  return translatedText(row.draft, language, 'name', row.name);
}

const toSummary = (row: TemplateRow, language?: string) => ({
  id: row.id,
  name: row.name,
  title: titleOf(row, language),
  revision: row.revision,
  archived: row.archived_at !== null,
  latestVersion: row.latest_version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
const toTemplate = (row: TemplateRow) => ({ ...toSummary(row), draft: row.draft });
const etagOf = (row: Pick<TemplateRow, 'revision'>) => `"r${row.revision}"`;

async function loadTemplate(pool: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<TemplateRow> {
  const { rows } = await pool.query<TemplateRow>(
    `SELECT ${TEMPLATE_COLUMNS} FROM templates t WHERE t.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id]
  );
  if (!rows[0]) throw notFound('template');
  return rows[0];
}

/** Compares If-Match (a list of ETags or `*`) with the current revision: 428 when absent and required, 412 when stale. */
function checkIfMatch(header: string | undefined, row: TemplateRow, required: boolean) {
  if (header === undefined) {
    if (required)
      throw new ApiError(428, 'If-Match required', {
        detail: 'Send the ETag of your last read in If-Match, so that you do not overwrite someone else’s change.',
      });
    return;
  }
  const tags = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes('*') && !tags.includes(etagOf(row)))
    throw new ApiError(412, 'The template changed since you read it', {
      detail: `Its current ETag is ${etagOf(row)}: read it again, merge, and retry.`,
      code: 'templateChanged',
      headers: { ETag: etagOf(row) },
    });
}

/** People, teams and published versions that template references are checked against. */
async function validationContext(pool: pg.Pool): Promise<ValidationContext> {
  const [people, teams, versions] = await Promise.all([
    pool.query<{ id: string }>('SELECT id FROM users WHERE NOT disabled'),
    pool.query<{ id: string }>('SELECT id FROM teams'),
    pool.query<{ template_id: string; version: number; parameters: PublishedTemplateVersion['parameters'] | null }>(
      "SELECT template_id, version, definition->'parameters' AS parameters FROM template_versions"
    ),
  ]);
  return {
    people: people.rows.map((row) => row.id),
    teams: teams.rows.map((row) => row.id),
    templates: versions.rows.map((row) => ({
      templateId: row.template_id,
      version: row.version,
      ...(Array.isArray(row.parameters) && { parameters: row.parameters }),
    })),
  };
}

function invalidTemplate(issues: ValidationIssue[]) {
  return new ApiError(422, 'The template has errors', {
    detail: 'Fix the errors listed in `templateIssues` before publishing.',
    code: 'templateHasErrors',
    issues: issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => ({ path: ['draft', ...(issue.path ?? [])].join('.'), message: issue.message })),
    templateIssues: issues,
  });
}

export const listTemplatesHandler: RouteHandler<typeof routes.listTemplates, AppEnv> = async (c) => {
  const { limit, cursor, archived, q } = c.req.valid('query');
  const after = decodeCursor(cursor, { after: 'timestamp', id: 'uuid' });
  const { rows } = await c.get('pool').query<TemplateRow>(
    `SELECT ${TEMPLATE_COLUMNS} FROM templates t
      WHERE (t.archived_at IS NOT NULL) = $1
        AND ($2::text IS NULL OR t.name ILIKE '%' || $2 || '%')
        AND ($3::timestamptz IS NULL OR (t.created_at, t.id) > ($3::timestamptz, $4::uuid))
      ORDER BY t.created_at, t.id LIMIT $5`,
    [
      archived === 'true',
      q?.replace(/[\\%_]/g, (ch) => `\\${ch}`) ?? null,
      after?.after ?? null,
      after?.id ?? null,
      limit + 1,
    ]
  );
  return c.json(
    toPage(
      rows,
      limit,
      (row) => ({ after: row.created_at.toISOString(), id: row.id }),
      (row) => toSummary(row, readerLanguage(currentUser(c)))
    ),
    200
  );
};

export const createTemplateHandler: RouteHandler<typeof routes.createTemplate, AppEnv> = async (c) => {
  const { name, draft } = c.req.valid('json');
  const pool = c.get('pool');
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO templates (name, draft, created_by) VALUES ($1, $2, $3) RETURNING id',
    [name, JSON.stringify(draft), currentUser(c).id]
  );
  const row = await loadTemplate(pool, rows[0]!.id);
  c.header('ETag', etagOf(row));
  c.header('Location', `/api/templates/${row.id}`);
  return c.json(toTemplate(row), 201);
};

export const getTemplateHandler: RouteHandler<typeof routes.getTemplate, AppEnv> = async (c) => {
  const row = await loadTemplate(c.get('pool'), c.req.valid('param').id);
  c.header('ETag', etagOf(row));
  return c.json(toTemplate(row), 200);
};

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function assertNotArchived(row: TemplateRow) {
  if (row.archived_at !== null)
    throw new ApiError(409, 'The template is archived', {
      detail: 'Import it again to work on a copy.',
      code: 'templateArchived',
    });
}

export const updateTemplateHandler: RouteHandler<typeof routes.updateTemplate, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { name, draft } = c.req.valid('json');
  const row = await inTransaction(c.get('pool'), async (client) => {
    const current = await loadTemplate(client, id, true);
    checkIfMatch(c.req.valid('header')['if-match'], current, true);
    assertNotArchived(current);
    await client.query(
      'UPDATE templates SET name = $2, draft = $3, revision = revision + 1, updated_at = now() WHERE id = $1',
      [id, name, JSON.stringify(draft)]
    );
    return loadTemplate(client, id);
  });
  c.header('ETag', etagOf(row));
  return c.json(toTemplate(row), 200);
};

export const validateDraftHandler: RouteHandler<typeof routes.validateDraft, AppEnv> = async (c) => {
  const pool = c.get('pool');
  const row = await loadTemplate(pool, c.req.valid('param').id);
  const issues = validateTemplate(row.draft, await validationContext(pool));
  c.header('ETag', etagOf(row));
  return c.json({ valid: !hasErrors(issues), issues }, 200);
};

interface VersionRow {
  template_id: string;
  version: number;
  definition: Draft;
  published_by: string | null;
  published_at: Date;
  release_notes: string | null;
}
const toVersionSummary = (row: VersionRow) => ({
  version: row.version,
  publishedAt: row.published_at.toISOString(),
  publishedBy: row.published_by,
  releaseNotes: row.release_notes,
});
const toVersion = (row: VersionRow) => ({
  ...toVersionSummary(row),
  templateId: row.template_id,
  definition: row.definition,
});

/** Every string of a draft that reads as a deadline (`eventDate - 14d`), parsed. */
function deadlineTextsIn(draft: unknown): DeadlineSpec[] {
  const specs: DeadlineSpec[] = [];
  const stack: unknown[] = [draft];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      try {
        specs.push(parseDeadline(value));
      } catch {
        // Not a deadline: a title, an instruction, an id.
      }
    } else if (value !== null && typeof value === 'object') {
      stack.push(...Object.values(value));
    }
  }
  return specs;
}

export const previewTimelineHandler: RouteHandler<typeof routes.previewTimeline, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const pool = c.get('pool');
  const template = await loadTemplate(pool, id);
  const draft = template.draft as unknown as TemplateInput;
  // The calendar a process started by this manager would run on: their team's, else one the template names.
  const calendar = BusinessCalendarSchema.parse(
    await loadCalendar(pool, currentUser(c).id, typeof draft.calendarId === 'string' ? draft.calendarId : '')
  );
  const start = new Date(input.start);
  // Holidays for every year the preview reaches, as a process would resolve them: the start, the date parameters,
  // and the longest offset of the draft's deadlines (written as text in a draft).
  const years = holidayYearsFor({
    start,
    params: input.parameters ?? {},
    template: [draft, ...deadlineTextsIn(draft)],
  });
  const ctx = resolveCalendarContext(calendar, years.fromYear, years.toYear);
  const rows = computeTimeline(
    {
      ...draft,
      nodes: Array.isArray(draft.nodes) ? draft.nodes : [],
      edges: Array.isArray(draft.edges) ? draft.edges : [],
    },
    {
      start,
      parameters: input.parameters ?? {},
      now: new Date(),
      ...(input.occurrence ? { occurrence: new Date(input.occurrence) } : {}),
    },
    ctx
  );
  // The explanation as keys with parameters, its anchor named as the reader knows it (a parameter's label, a step's
  // title, in their language), for readers who render it in their own language with the shared catalog.
  const language = readerLanguage(currentUser(c));
  const anchorName = (spec: DeadlineSpec): string | undefined => {
    if (spec.anchor.kind === 'parameter') {
      const name = spec.anchor.name;
      const parameter = (Array.isArray(draft.parameters) ? draft.parameters : []).find((p) => p.name === name);
      const label = typeof parameter?.label === 'string' ? parameter.label : name;
      return translatedText(draft, language, `parameters.${name}.label`, label);
    }
    if (spec.anchor.kind === 'node') {
      const nodeId = spec.anchor.nodeId;
      const title = rows.find((row) => row.nodeId === nodeId)?.title ?? nodeId;
      return translatedText(draft, language, `nodes.${nodeId}.title`, title);
    }
    return undefined;
  };
  const messagesOf = (rule: string, due: Parameters<typeof deadlineMessages>[0]): DeadlineMessage[] => {
    const spec = parseDeadline(rule);
    return deadlineMessages(due, spec, anchorName(spec));
  };
  return c.json(
    {
      calendar: { id: calendar.id, name: calendar.name, timeZone: calendar.timeZone },
      rows: rows.map((row) =>
        row.result.ok
          ? {
              nodeId: row.nodeId,
              title: row.title,
              rule: row.rule,
              due: row.result.due.due.toISOString(),
              from: row.result.from.toISOString(),
              explanationMessages: messagesOf(row.rule, row.result.due),
              warnings: row.result.warnings,
              problem: null,
            }
          : {
              nodeId: row.nodeId,
              title: row.title,
              rule: row.rule,
              due: null,
              from: null,
              explanationMessages: null,
              warnings: [] as TimelineWarning[],
              problem: row.result.problem,
            }
      ),
    },
    200
  );
};

export const publishTemplateHandler: RouteHandler<typeof routes.publishTemplate, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const requested = c.req.valid('query').version;
  // The body is optional: a publish without notes sends none.
  const releaseNotes = (c.req.valid('json') as { releaseNotes?: string } | undefined)?.releaseNotes || null;
  const pool = c.get('pool');
  const context = await validationContext(pool);
  const version = await inTransaction(pool, async (client) => {
    const current = await loadTemplate(client, id, true);
    checkIfMatch(c.req.valid('header')['if-match'], current, false);
    assertNotArchived(current);
    const issues = validateTemplate(current.draft, context);
    if (hasErrors(issues)) throw invalidTemplate(issues);
    const definition = TemplateDocumentSchema.parse(current.draft);
    const number = requested ?? (current.latest_version ?? 0) + 1;
    const { rows } = await client.query<VersionRow>(
      `INSERT INTO template_versions (template_id, version, definition, published_by, release_notes)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING template_id, version, definition, published_by, published_at, release_notes`,
      [id, number, JSON.stringify(definition), currentUser(c).id, releaseNotes]
    );
    if (!rows[0])
      throw new ApiError(409, 'This version is already published', {
        detail: `Version ${number} exists and is immutable; publish as ${(current.latest_version ?? 0) + 1}.`,
        code: 'versionAlreadyPublished',
        params: { version: number, next: (current.latest_version ?? 0) + 1 },
      });
    return rows[0];
  });
  return c.json(toVersion(version), 201);
};

export const listVersionsHandler: RouteHandler<typeof routes.listVersions, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const pool = c.get('pool');
  await loadTemplate(pool, id);
  const { rows } = await pool.query<VersionRow>(
    `SELECT version, published_by, published_at, release_notes FROM template_versions
      WHERE template_id = $1 ORDER BY version`,
    [id]
  );
  return c.json(rows.map(toVersionSummary), 200);
};

async function loadVersion(pool: pg.Pool, id: string, version: number): Promise<VersionRow> {
  const { rows } = await pool.query<VersionRow>(
    `SELECT template_id, version, definition, published_by, published_at, release_notes FROM template_versions
      WHERE template_id = $1 AND version = $2`,
    [id, version]
  );
  if (!rows[0])
    throw new ApiError(404, 'Not found', {
      detail: `Version ${version} of this template does not exist.`,
      code: 'templateVersionNotFound',
      params: { version },
    });
  return rows[0];
}

export const getVersionHandler: RouteHandler<typeof routes.getVersion, AppEnv> = async (c) => {
  const { id, version } = c.req.valid('param');
  return c.json(toVersion(await loadVersion(c.get('pool'), id, version)), 200);
};

function diffById(before: unknown, after: unknown) {
  const index = (list: unknown) =>
    new Map(
      (Array.isArray(list) ? list : []).flatMap((item: unknown) =>
        item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? [[item.id, item]] : []
      )
    );
  const a = index(before);
  const b = index(after);
  return {
    added: [...b.keys()].filter((id) => !a.has(id)),
    removed: [...a.keys()].filter((id) => !b.has(id)),
    changed: [...b.keys()].filter((id) => a.has(id) && !isDeepStrictEqual(a.get(id), b.get(id))),
  };
}

export const diffVersionsHandler: RouteHandler<typeof routes.diffVersions, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { from, to } = c.req.valid('query');
  const pool = c.get('pool');
  const [a, b] = await Promise.all([loadVersion(pool, id, from), loadVersion(pool, id, to)]);
  const keys = new Set([...Object.keys(a.definition), ...Object.keys(b.definition)]);
  keys.delete('nodes');
  keys.delete('edges');
  return c.json(
    {
      from,
      to,
      nodes: diffById(a.definition.nodes, b.definition.nodes),
      edges: diffById(a.definition.edges, b.definition.edges),
      settings: [...keys].filter((key) => !isDeepStrictEqual(a.definition[key], b.definition[key])).sort(),
    },
    200
  );
};

export const archiveTemplateHandler: RouteHandler<typeof routes.archiveTemplate, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const pool = c.get('pool');
  const { rowCount } = await pool.query(
    'UPDATE templates SET archived_at = now(), updated_at = now() WHERE id = $1 AND archived_at IS NULL',
    [id]
  );
  const row = await loadTemplate(pool, id);
  if (!rowCount) throw new ApiError(409, 'The template is already archived', { code: 'templateAlreadyArchived' });
  return c.json(toSummary(row), 200);
};

export const exportTemplateHandler: RouteHandler<typeof routes.exportTemplate, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const pool = c.get('pool');
  const row = await loadTemplate(pool, id);
  const { rows } = await pool.query<VersionRow>(
    'SELECT version, definition FROM template_versions WHERE template_id = $1 ORDER BY version',
    [id]
  );
  c.header('Content-Disposition', `attachment; filename="template-${id}.json"`);
  return c.json(
    {
      format: 'baton-template' as const,
      name: row.name,
      draft: row.draft,
      versions: rows.map((version) => ({ version: version.version, definition: version.definition })),
    },
    200
  );
};

export const importTemplateHandler: RouteHandler<typeof routes.importTemplate, AppEnv> = async (c) => {
  const input = c.req.valid('json');
  const pool = c.get('pool');
  const context = await validationContext(pool);
  const seen = new Set<number>();
  for (const version of input.versions) {
    if (seen.has(version.version))
      throw new ApiError(422, 'The request is not valid', {
        issues: [{ path: 'versions', message: `version ${version.version} appears twice` }],
      });
    seen.add(version.version);
    const issues = validateTemplate(version.definition, context);
    if (hasErrors(issues)) throw invalidTemplate(issues);
  }
  const user = currentUser(c);
  const row = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO templates (name, draft, created_by) VALUES ($1, $2, $3) RETURNING id',
      [input.name, JSON.stringify(input.draft), user.id]
    );
    const id = rows[0]!.id;
    for (const version of input.versions)
      await client.query(
        'INSERT INTO template_versions (template_id, version, definition, published_by) VALUES ($1, $2, $3, $4)',
        [id, version.version, JSON.stringify(TemplateDocumentSchema.parse(version.definition)), user.id]
      );
    return loadTemplate(client, id);
  });
  c.header('ETag', etagOf(row));
  return c.json(toTemplate(row), 201);
};
