import type pg from 'pg';
import type { BusinessCalendarInput } from '../../workflows/calendar';
import { notFound } from '../lib/api-error';
import { loadCalendar } from '../processes/process-input';

/**
 * The calendar a process's dates were computed on: the one it was started with, i.e. its starter's team calendar,
 * else a team calendar with the id its template version names (as `buildProcessInput` chose it).
 */
export async function processCalendar(pool: pg.Pool, workflowId: string): Promise<BusinessCalendarInput> {
  const { rows } = await pool.query<{ starter: string; calendar_id: string | null }>(
    `SELECT p.starter, v.definition ->> 'calendarId' AS calendar_id FROM processes p
       LEFT JOIN template_versions v ON v.template_id::text = p.template_id AND v.version = p.template_version
      WHERE p.workflow_id = $1`,
    [workflowId]
  );
  const row = rows[0];
  if (!row) throw notFound('process');
  return loadCalendar(pool, row.starter, row.calendar_id ?? '');
}

/** The calendar a duty's occurrences are placed on: its owner's team calendar, else the one its template names. */
export async function dutyCalendar(pool: pg.Pool, dutyId: string): Promise<BusinessCalendarInput> {
  const { rows } = await pool.query<{ owner: string; calendar_id: string | null }>(
    `SELECT d.owner, v.definition ->> 'calendarId' AS calendar_id FROM duties d
       LEFT JOIN template_versions v ON v.template_id::text = d.template_id AND v.version = d.template_version
      WHERE d.id = $1`,
    [dutyId]
  );
  const row = rows[0];
  if (!row) throw notFound('duty');
  return loadCalendar(pool, row.owner, row.calendar_id ?? '');
}
