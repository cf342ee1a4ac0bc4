import type pg from 'pg';
import type { AuthUser } from '../lib/app-env';
import { ApiError, type ProblemCode } from '../lib/api-error';

// Who may act for whom follows the org: a manager for the people of their team and of their reporting tree, an
// admin for anyone, everyone for themselves. Without it another team's manager could record an absence for my
// assistant naming himself deputy, and so take over the assistant's steps and read their processes.

/** True when `personId` reports to `managerId`, directly or through others. */
async function inReportingTree(pool: pg.Pool, managerId: string, personId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `WITH RECURSIVE tree AS (
       SELECT id FROM users WHERE reports_to = $1
       UNION
       SELECT u.id FROM users u JOIN tree t ON u.reports_to = t.id)
     SELECT 1 FROM tree WHERE id = $2`,
    [managerId, personId]
  );
  return Boolean(rowCount);
}

async function teamOf(pool: pg.Pool, personId: string): Promise<string | null | undefined> {
  const { rows } = await pool.query<{ team_id: string | null }>('SELECT team_id FROM users WHERE id = $1', [personId]);
  return rows[0]?.team_id;
}

/** Whether `actor` looks after `personId`: the person themselves, an admin, or a manager of their team or tree. */
export async function looksAfter(pool: pg.Pool, actor: AuthUser, personId: string): Promise<boolean> {
  if (actor.id === personId || actor.role === 'admin') return true;
  if (actor.role !== 'manager') return false;
  if (actor.teamId !== null && (await teamOf(pool, personId)) === actor.teamId) return true;
  return inReportingTree(pool, actor.id, personId);
}

/** 403 unless `actor` may record absences (and the like) for `personId`. */
export async function assertLooksAfter(pool: pg.Pool, actor: AuthUser, personId: string): Promise<void> {
  if (!(await looksAfter(pool, actor, personId)))
    throw new ApiError(403, 'Forbidden', {
      detail: 'You may do this for yourself; managers for their team and the people reporting to them; admins anyone.',
      code: 'outsideYourPeople',
    });
}

/**
 * 422 on `path` unless `candidateId` may take over work of `personId` when `actor` says so (a deputy, a reassignee):
 * an active person who is not an observer, in the person's team or looked after by the actor (admins: anyone).
 */
export async function assertMayTakeOver(
  pool: pg.Pool,
  actor: AuthUser,
  personId: string,
  candidateId: string,
  path: string
): Promise<void> {
  const { rows } = await pool.query<{ role: string; team_id: string | null }>(
    'SELECT role, team_id FROM users WHERE id = $1 AND NOT disabled',
    [candidateId]
  );
  const candidate = rows[0];
  const refuse = (message: string, code: ProblemCode) =>
    new ApiError(422, 'The request is not valid', { code, issues: [{ path, message }] });
  if (!candidate) throw refuse('no active person has this id', 'noSuchPerson');
  if (candidate.role === 'observer') throw refuse('an observer cannot take over steps', 'observerCannotTakeOver');
  if (actor.role === 'admin' || candidateId === personId) return;
  const team = await teamOf(pool, personId);
  if (team !== null && team !== undefined && candidate.team_id === team) return;
  // A manager may also hand work to someone they look after, themselves included.
  if (actor.role === 'manager' && (await looksAfter(pool, actor, candidateId))) return;
  throw refuse(
    "must be in the person's team, or in your team or reporting line as their manager",
    'takeOverOutsideTeam'
  );
}
