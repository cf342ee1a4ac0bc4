// Recording an absence tells every running process that could give the absent person a step, so their open steps
// move to the deputy when the absence begins and new ones go to the deputy meanwhile (the workflow decides and
// audits it as "acting for"). Processes started later get the absence in their org snapshot instead.
import type pg from 'pg';
import { recordAbsenceUpdate } from '../../workflows/process.messages';
import { ApiError } from '../lib/api-error';
import { STEP_UPDATE_DEADLINE_MS } from '../lib/step-claims';
import { callTemporal, type TemporalDeps } from '../lib/temporal';

export interface AbsenceHandOver {
  /** Running processes that accepted the absence. */
  processes: number;
  /** Processes that could not be told (closed meanwhile, or Temporal unreachable); their ids are logged. */
  failed: string[];
  /** The deputy the steps go to, or null when the person has none (nothing is handed over). */
  deputy: string | null;
}

/**
 * The running processes where the person has an open step, started the process, is named in its parameters, or is
 * named in its template version (a fixed assignee): every place a step of theirs can come from.
 */
async function processesOf(pool: pg.Pool, personId: string): Promise<string[]> {
  const { rows } = await pool.query<{ workflow_id: string }>(
    `SELECT p.workflow_id FROM processes p
      WHERE p.status = 'running'
        AND (p.starter = $1
             OR strpos(p.params::text, $2) > 0
             OR EXISTS (SELECT 1 FROM process_tasks t
                         WHERE t.workflow_id = p.workflow_id AND t.assignee = $1
                           AND t.status NOT IN ('done', 'cancelled', 'returned'))
             OR EXISTS (SELECT 1 FROM template_versions tv
                         WHERE tv.template_id::text = p.template_id AND tv.version = p.template_version
                           AND strpos(tv.definition::text, $2) > 0))
      ORDER BY p.workflow_id`,
    [personId, JSON.stringify(personId)]
  );
  return rows.map((row) => row.workflow_id);
}

export async function handAbsenceToProcesses(
  pool: pg.Pool,
  temporal: TemporalDeps | undefined,
  absence: { personId: string; from: string; to: string; deputyId: string | null },
  actor: string
): Promise<AbsenceHandOver> {
  const { rows } = await pool.query<{ deputy_id: string | null }>('SELECT deputy_id FROM users WHERE id = $1', [
    absence.personId,
  ]);
  const deputy = absence.deputyId ?? rows[0]?.deputy_id ?? null;
  if (deputy === null || deputy === absence.personId) return { processes: 0, failed: [], deputy: null };
  const targets = await processesOf(pool, absence.personId);
  if (targets.length > 0 && !temporal) return { processes: 0, failed: targets, deputy };
  let processes = 0;
  const failed: string[] = [];
  let unreachable = false;
  for (const workflowId of targets) {
    // Temporal unreachable for one process is unreachable for all: the rest are reported at once, not tried.
    if (unreachable) {
      failed.push(workflowId);
      continue;
    }
    try {
      await callTemporal(() =>
        temporal!.client.withDeadline(Date.now() + STEP_UPDATE_DEADLINE_MS, () =>
          temporal!.client.workflow.getHandle(workflowId).executeUpdate(recordAbsenceUpdate, {
            args: [{ absence: { personId: absence.personId, from: absence.from, to: absence.to, deputy }, actor }],
          })
        )
      );
      processes += 1;
    } catch (error) {
      // The process closed meanwhile or Temporal is unreachable: the absence itself is saved; the caller reports it.
      if (error instanceof ApiError && error.status === 503) unreachable = true;
      failed.push(workflowId);
    }
  }
  return { processes, failed, deputy };
}
