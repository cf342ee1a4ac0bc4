// Recording, editing or ending an absence tells every running process that could give the person a step, so their steps
// move to the deputy when the absence begins and new ones go to the deputy meanwhile (the workflow decides and
// audits it as "acting for"). Processes started later get the absence in their org snapshot instead.
import type pg from 'pg';
import type { Absence } from '../../workflows/interpreter';
import { changeAbsenceUpdate, recordAbsenceUpdate } from '../../workflows/process.messages';
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
                         WHERE t.workflow_id = p.workflow_id
                           AND (t.assignee = $1 OR t.reviewer = $1 OR t.acting_for = $1 OR t.reviewer_acting_for = $1)
                           AND t.status NOT IN ('done', 'cancelled', 'returned'))
             OR EXISTS (SELECT 1 FROM template_versions tv
                         WHERE tv.template_id::text = p.template_id AND tv.version = p.template_version
                           AND strpos(tv.definition::text, $2) > 0))
      ORDER BY p.workflow_id`,
    [personId, JSON.stringify(personId)]
  );
  return rows.map((row) => row.workflow_id);
}

/**
 * The processes to tell about `personId`'s absence: theirs, and those of everyone whose absence names them as deputy
 * (there the chain of deputies passes through them).
 */
async function processesToTell(pool: pg.Pool, personId: string): Promise<string[]> {
  const { rows } = await pool.query<{ user_id: string }>(
    `SELECT DISTINCT a.user_id::text FROM absences a JOIN users u ON u.id = a.user_id
      WHERE COALESCE(a.deputy_id, u.deputy_id) = $1 AND a.ends_on >= current_date - 1 AND a.ended_at IS NULL`,
    [personId]
  );
  const all = new Set(await processesOf(pool, personId));
  for (const row of rows) for (const workflowId of await processesOf(pool, row.user_id)) all.add(workflowId);
  return [...all].sort();
}

/**
 * The absences of the deputies along the chain from `deputy` (their own deputy, and so on), not over yet: a process
 * told of an absence is told of these too, so it can pass over a deputy who is away as well.
 */
async function chainAbsences(pool: pg.Pool, personId: string, deputy: string): Promise<Absence[]> {
  const found: Absence[] = [];
  const seen = new Set([personId]);
  let next: string[] = [deputy];
  for (let depth = 0; depth < 5 && next.length > 0; depth += 1) {
    const people = next.filter((person) => !seen.has(person));
    for (const person of people) seen.add(person);
    if (people.length === 0) break;
    const { rows } = await pool.query<{
      id: string;
      user_id: string;
      starts_on: string;
      ends_on: string;
      deputy: string | null;
    }>(
      `SELECT a.id::text, a.user_id::text, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on, COALESCE(a.deputy_id, u.deputy_id)::text AS deputy
         FROM absences a JOIN users u ON u.id = a.user_id
        WHERE a.user_id::text = ANY($1) AND a.ends_on >= current_date - 1 AND a.ended_at IS NULL
        ORDER BY a.starts_on, a.id`,
      [people]
    );
    next = [];
    for (const row of rows) {
      // An absence without a deputy still tells the process that this person is away: the chain passes them over.
      found.push({ id: row.id, personId: row.user_id, from: row.starts_on, to: row.ends_on, deputy: row.deputy ?? '' });
      if (row.deputy) next.push(row.deputy);
    }
  }
  return found;
}

async function deputyOf(pool: pg.Pool, personId: string, deputyId: string | null): Promise<string | null> {
  const { rows } = await pool.query<{ deputy_id: string | null }>('SELECT deputy_id FROM users WHERE id = $1', [
    personId,
  ]);
  const deputy = deputyId ?? rows[0]?.deputy_id ?? null;
  return deputy === personId ? null : deputy;
}

/**
 * Sends `send` to every process in `targets`; Temporal unreachable for one is unreachable for all, so the rest are
 * reported at once. `extra` (the chain's absences) is sent after, best effort: a process started before deputies
 * for every role may refuse an absence without a deputy, which changes nothing there.
 */
async function tellProcesses(
  temporal: TemporalDeps | undefined,
  targets: string[],
  send: (handle: ReturnType<TemporalDeps['client']['workflow']['getHandle']>) => Promise<void>,
  deputy: string | null,
  extra: (handle: ReturnType<TemporalDeps['client']['workflow']['getHandle']>) => Promise<void> = async () => {}
): Promise<AbsenceHandOver> {
  if (targets.length > 0 && !temporal) return { processes: 0, failed: targets, deputy };
  let processes = 0;
  const failed: string[] = [];
  let unreachable = false;
  for (const workflowId of targets) {
    if (unreachable) {
      failed.push(workflowId);
      continue;
    }
    const handle = temporal!.client.workflow.getHandle(workflowId);
    try {
      await callTemporal(() =>
        temporal!.client.withDeadline(Date.now() + STEP_UPDATE_DEADLINE_MS, async () => {
          await extra(handle).catch(() => undefined);
          await send(handle);
        })
      );
      processes += 1;
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) unreachable = true;
      failed.push(workflowId);
    }
  }
  return { processes, failed, deputy };
}

/** Tells running processes that an absence was edited, ended early or withdrawn (`absence` null). */
export async function changeAbsenceInProcesses(
  pool: pg.Pool,
  temporal: TemporalDeps | undefined,
  change: {
    id: string;
    personId: string;
    previous: { from: string; to: string };
    absence: { from: string; to: string; deputyId: string | null; endedAt: string | null } | null;
  },
  actor: string
): Promise<AbsenceHandOver> {
  const deputy = change.absence ? await deputyOf(pool, change.personId, change.absence.deputyId) : null;
  const targets = await processesToTell(pool, change.personId);
  const absence: Absence | null = change.absence
    ? {
        id: change.id,
        personId: change.personId,
        from: change.absence.from,
        to: change.absence.to,
        deputy: deputy ?? '',
        ...(change.absence.endedAt ? { endedAt: change.absence.endedAt } : {}),
      }
    : null;
  const chain = deputy && !change.absence?.endedAt ? await chainAbsences(pool, change.personId, deputy) : [];
  return tellProcesses(
    temporal,
    targets,
    (handle) =>
      handle.executeUpdate(changeAbsenceUpdate, {
        args: [{ personId: change.personId, id: change.id, previous: change.previous, absence, actor }],
      }),
    deputy,
    (handle) => recordChain(handle, chain, actor)
  );
}

async function recordChain(
  handle: ReturnType<TemporalDeps['client']['workflow']['getHandle']>,
  chain: Absence[],
  actor: string
): Promise<void> {
  for (const absence of chain) {
    await handle.executeUpdate(recordAbsenceUpdate, { args: [{ absence, actor }] }).catch(() => undefined);
  }
}

export async function handAbsenceToProcesses(
  pool: pg.Pool,
  temporal: TemporalDeps | undefined,
  absence: { id?: string; personId: string; from: string; to: string; deputyId: string | null },
  actor: string
): Promise<AbsenceHandOver> {
  const deputy = await deputyOf(pool, absence.personId, absence.deputyId);
  const targets = await processesToTell(pool, absence.personId);
  // Without a deputy ('' to the process) the person's steps go to their manager, audited.
  const chain = deputy ? await chainAbsences(pool, absence.personId, deputy) : [];
  const told: Absence = {
    ...(absence.id !== undefined ? { id: absence.id } : {}),
    personId: absence.personId,
    from: absence.from,
    to: absence.to,
    deputy: deputy ?? '',
  };
  return tellProcesses(
    temporal,
    targets,
    (handle) => handle.executeUpdate(recordAbsenceUpdate, { args: [{ absence: told, actor }] }),
    deputy,
    (handle) => recordChain(handle, chain, actor)
  );
}
