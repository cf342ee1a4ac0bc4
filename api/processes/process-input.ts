import type pg from 'pg';
import type { BusinessCalendarInput } from '../../workflows/calendar';
import type { OrgDirectory } from '../../workflows/interpreter';
import type { ProcessInput } from '../../workflows/process.workflow';
import { parseTemplate, type Template } from '../../workflows/template';
import { ApiError, notFound } from '../lib/api-error';
import { checkParams } from './params';
import { loadTeamManagers } from './team-queue';

export interface PublishedVersion {
  templateId: string;
  version: number;
  name: string;
  definition: Record<string, unknown>;
  template: Template;
}

/** The calendar used when neither the starter's team nor any team defines the template's calendar. */
export const DEFAULT_CALENDAR: BusinessCalendarInput = {
  id: 'default',
  name: 'Default (Monday to Friday, 09:00-17:00, Polish holidays)',
  timeZone: 'Europe/Warsaw',
  country: 'PL',
};

/** A published version (the latest when `version` is omitted), parsed: published versions are valid by construction. */
export async function loadPublishedVersion(
  pool: pg.Pool,
  templateId: string,
  version?: number
): Promise<PublishedVersion> {
  const { rows } = await pool.query<{ version: number; name: string; definition: Record<string, unknown> }>(
    `SELECT v.version, t.name, v.definition FROM template_versions v JOIN templates t ON t.id = v.template_id
      WHERE v.template_id = $1 AND ($2::int IS NULL OR v.version = $2) ORDER BY v.version DESC LIMIT 1`,
    [templateId, version ?? null]
  );
  const row = rows[0];
  if (!row) {
    const exists = await pool.query('SELECT 1 FROM templates WHERE id = $1', [templateId]);
    if (exists.rowCount === 0) throw notFound('template');
    throw new ApiError(409, 'Nothing published', {
      detail:
        version === undefined
          ? 'This template has no published version yet: publish it first.'
          : `This template has no version ${version}.`,
      code: version === undefined ? 'nothingPublished' : 'versionNotPublished',
      params: version === undefined ? {} : { version },
    });
  }
  return {
    templateId,
    version: row.version,
    name: row.name,
    definition: row.definition,
    template: parseTemplate(row.definition),
  };
}

/** Snapshots of every template the subprocess nodes run, recursively, keyed `templateId@version`. */
async function subprocessSnapshots(pool: pg.Pool, root: Template): Promise<Record<string, Template>> {
  const snapshots: Record<string, Template> = {};
  const pending: Template[] = [root];
  while (pending.length > 0) {
    const template = pending.pop()!;
    for (const node of template.nodes) {
      if (node.type !== 'subprocess') continue;
      const { templateId, version } = node.data as { templateId: string; version: number };
      const key = `${templateId}@${version}`;
      if (snapshots[key]) continue;
      const { rows } = await pool.query<{ definition: unknown }>(
        'SELECT definition FROM template_versions WHERE template_id::text = $1 AND version = $2',
        [templateId, version]
      );
      if (!rows[0])
        throw new ApiError(409, 'A subprocess is missing', {
          detail: `Step "${node.id}" runs ${templateId} version ${version}, which is not published.`,
          code: 'subprocessMissing',
        });
      const child = parseTemplate(rows[0].definition);
      snapshots[key] = child;
      pending.push(child);
    }
  }
  return snapshots;
}

/** Who reports to whom and who stands in for whom today (an absence's deputy overrides the standing one). */
export async function loadOrgDirectory(pool: pg.Pool): Promise<OrgDirectory> {
  const { rows } = await pool.query<{ id: string; reports_to: string | null; deputy: string | null }>(
    `SELECT u.id, u.reports_to,
            COALESCE((SELECT a.deputy_id FROM absences a
                       WHERE a.user_id = u.id AND current_date BETWEEN a.starts_on AND a.ends_on
                         AND a.deputy_id IS NOT NULL AND a.ended_at IS NULL
                       ORDER BY a.starts_on DESC LIMIT 1), u.deputy_id) AS deputy
       FROM users u WHERE NOT u.disabled`
  );
  const managers: Record<string, string> = {};
  const deputies: Record<string, string> = {};
  for (const row of rows) {
    if (row.reports_to) managers[row.id] = row.reports_to;
    if (row.deputy) deputies[row.id] = row.deputy;
  }
  // Absences not over (nor ended early) yet, with their deputy (the absence's own, else the standing one; '' when
  // none: the chain of deputies passes the person over, up to the manager): the workflow hands steps over meanwhile.
  const away = await pool.query<{ id: string; user_id: string; starts_on: string; ends_on: string; deputy: string }>(
    `SELECT a.id::text, a.user_id, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
            COALESCE(a.deputy_id::text, u.deputy_id::text, '') AS deputy
       FROM absences a JOIN users u ON u.id = a.user_id
      WHERE a.ends_on >= current_date - 1 AND a.ended_at IS NULL
      ORDER BY a.starts_on, a.id`
  );
  const absences = away.rows.map((row) => ({
    id: row.id,
    personId: row.user_id,
    from: row.starts_on,
    to: row.ends_on,
    deputy: row.deputy,
  }));
  return { managers, deputies, absences, teams: await loadTeamManagers(pool) };
}

/**
 * The calendar a process runs on: the starter's team calendar, else a team calendar whose id the template names,
 * else the default.
 */
export async function loadCalendar(pool: pg.Pool, starter: string, calendarId: string): Promise<BusinessCalendarInput> {
  const { rows } = await pool.query<{ calendar: BusinessCalendarInput }>(
    `SELECT t.calendar FROM teams t
      WHERE t.calendar IS NOT NULL
        AND (t.id = (SELECT team_id FROM users WHERE id = $1) OR t.calendar ->> 'id' = $2)
      ORDER BY (t.id = (SELECT team_id FROM users WHERE id = $1)) DESC NULLS LAST, t.name LIMIT 1`,
    [starter, calendarId]
  );
  return rows[0]?.calendar ?? DEFAULT_CALENDAR;
}

/** Validates the parameters (422 naming each field) and assembles everything the process workflow runs on. */
export async function buildProcessInput(
  pool: pg.Pool,
  version: PublishedVersion,
  params: Record<string, unknown>,
  starter: string
): Promise<ProcessInput> {
  const people = await pool.query<{ id: string }>('SELECT id FROM users WHERE NOT disabled');
  const issues = checkParams(version.template.parameters, params, new Set(people.rows.map((row) => row.id)));
  if (issues.length > 0)
    throw new ApiError(422, 'The request is not valid', {
      detail: 'The parameters do not match the template: fix the fields listed in `issues`.',
      code: 'parametersInvalid',
      issues,
    });
  const [calendar, org, subprocesses] = await Promise.all([
    loadCalendar(pool, starter, version.template.calendarId),
    loadOrgDirectory(pool),
    subprocessSnapshots(pool, version.template),
  ]);
  return {
    template: version.template,
    params,
    starter,
    calendar,
    org,
    ...(Object.keys(subprocesses).length > 0 && { subprocesses }),
  };
}
