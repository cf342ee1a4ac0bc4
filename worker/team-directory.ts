import type { Pool } from 'pg';

/**
 * Each team's manager, whom an unclaimed team step escalates to: the team's first manager by seniority, else the
 * person most of its members report to. The API's org directory reads the same query.
 */
export const TEAM_MANAGERS_SQL = `SELECT t.id::text AS team_id, COALESCE(
    (SELECT m.id::text FROM users m WHERE m.team_id = t.id AND m.role = 'manager' AND NOT m.disabled
      ORDER BY m.created_at, m.id LIMIT 1),
    (SELECT u.reports_to::text FROM users u WHERE u.team_id = t.id AND u.reports_to IS NOT NULL AND NOT u.disabled
      GROUP BY u.reports_to ORDER BY count(*) DESC, u.reports_to LIMIT 1)) AS manager
  FROM teams t`;

export async function loadTeamManagers(pool: Pick<Pool, 'query'>): Promise<Record<string, { manager?: string }>> {
  const { rows } = await pool.query<{ team_id: string; manager: string | null }>(TEAM_MANAGERS_SQL);
  return Object.fromEntries(rows.map((row) => [row.team_id, row.manager === null ? {} : { manager: row.manager }]));
}
