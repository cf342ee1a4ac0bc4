import type pg from 'pg';
import type { AuthUser } from '../lib/app-env';
import { ApiError } from '../lib/api-error';

// A step sent to a team waits in the team's queue (assignee `team:<id>`, the row's team_id set) until a member claims
// it. The API knows who belongs to a team (users.team_id, as it is now); the workflow decides the race.

export const TEAM_PREFIX = 'team:';

/** The step row fields the team-queue checks read. */
export interface TeamStepRow {
  id: string;
  assignee: string;
  team_id: string | null;
  team_name: string | null;
  starter: string | null;
}

/**
 * Each team's manager (whom an unclaimed team step escalates to): its first manager by seniority, else the person most
 * of its members report to. The worker's org directory reads the same query (worker/team-directory.ts).
 */
export async function loadTeamManagers(pool: pg.Pool): Promise<Record<string, { manager?: string }>> {
  const { rows } = await pool.query<{ team_id: string; manager: string | null }>(
    `SELECT t.id::text AS team_id, COALESCE(
        (SELECT m.id::text FROM users m WHERE m.team_id = t.id AND m.role = 'manager' AND NOT m.disabled
          ORDER BY m.created_at, m.id LIMIT 1),
        (SELECT u.reports_to::text FROM users u WHERE u.team_id = t.id AND u.reports_to IS NOT NULL AND NOT u.disabled
          GROUP BY u.reports_to ORDER BY count(*) DESC, u.reports_to LIMIT 1)) AS manager
       FROM teams t`
  );
  return Object.fromEntries(rows.map((row) => [row.team_id, row.manager === null ? {} : { manager: row.manager }]));
}

/** The step waits in its team's queue: nobody has claimed it (its assignee is still `team:<id>`). */
export const unclaimed = (row: Pick<TeamStepRow, 'team_id' | 'assignee'>) =>
  row.team_id !== null && row.assignee === `${TEAM_PREFIX}${row.team_id}`;
const teamName = (row: TeamStepRow) => row.team_name ?? 'the team';

async function isMember(pool: pg.Pool, personId: string, teamId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM users WHERE id::text = $1 AND team_id::text = $2 AND NOT disabled AND role <> 'observer'`,
    [personId, teamId]
  );
  return Boolean(rowCount);
}

async function nameOf(pool: pg.Pool, personId: string): Promise<string> {
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM users WHERE id::text = $1', [personId]);
  return rows[0]?.name ?? 'someone else';
}

/** The 409 a member gets when the step is someone's already: the sentence names who has it. */
export async function alreadyClaimed(pool: pg.Pool, user: AuthUser, holder: string): Promise<ApiError> {
  if (holder === user.id)
    return new ApiError(409, 'Someone has this step', {
      detail: 'You have already claimed this step.',
      code: 'claimedByYou',
      holder,
    });
  const name = await nameOf(pool, holder);
  return new ApiError(409, 'Someone has this step', {
    detail: `${name} has claimed this step.`,
    code: 'claimedBy',
    params: { name },
    holder,
  });
}

/** May the caller assign the team step to a member: an admin, the process starter, or a manager of the team. */
export function mayAssign(user: AuthUser, row: TeamStepRow): boolean {
  return (
    user.role === 'admin' ||
    // A client who sent the request started it, but assigns nobody.
    (row.starter !== null && row.starter === user.id && user.role !== 'observer') ||
    (user.role === 'manager' && user.teamId !== null && user.teamId === row.team_id)
  );
}

/** Refuses with 403, 409 or 422 (a sentence each) a claim, release or assign the caller may not make on this step. */
export async function checkTeamAction(
  pool: pg.Pool,
  user: AuthUser,
  row: TeamStepRow,
  action: { type: 'claim' } | { type: 'release' } | { type: 'assign'; to: string }
): Promise<void> {
  const team = row.team_id;
  if (team === null)
    throw new ApiError(409, 'The step does not allow this now', {
      detail: 'This step was not sent to a team, so it is in no team queue.',
      code: 'notInTeamQueue',
    });
  switch (action.type) {
    case 'claim':
      if (!(await isMember(pool, user.id, team)))
        throw new ApiError(403, 'Not your team’s step', {
          detail: `Only members of ${teamName(row)} may claim this step.`,
          code: 'notTeamMember',
          params: { team: teamName(row) },
        });
      if (!unclaimed(row)) throw await alreadyClaimed(pool, user, row.assignee);
      return;
    case 'release':
      if (row.assignee !== user.id)
        throw new ApiError(403, 'Not your step', {
          detail: 'Only the person who has this step may release it.',
          code: 'onlyHolderReleases',
        });
      return;
    case 'assign':
      if (!mayAssign(user, row))
        throw new ApiError(403, 'Forbidden', {
          detail: `Only a manager of ${teamName(row)}, the process starter or an admin may assign this step.`,
          code: 'onlyManagerAssigns',
          params: { team: teamName(row) },
        });
      if (!(await isMember(pool, action.to, team)))
        throw new ApiError(422, 'The request is not valid', {
          issues: [{ path: 'to', message: `not an active member of ${teamName(row)} who can take steps` }],
        });
      if (row.assignee === action.to) {
        const name = await nameOf(pool, action.to);
        throw new ApiError(409, 'The step does not allow this now', {
          detail: `${name} has this step already.`,
          code: 'personHasStep',
          params: { name },
        });
      }
      return;
  }
}

/**
 * The member's 409 for a step action on an unclaimed team step ("claim it first"), or undefined when the step is not
 * waiting in the caller's team queue.
 */
export async function claimFirst(pool: pg.Pool, user: AuthUser, row: TeamStepRow): Promise<ApiError | undefined> {
  if (!unclaimed(row) || row.team_id === null || !(await isMember(pool, user.id, row.team_id))) return undefined;
  return new ApiError(409, 'The step does not allow this now', {
    detail: `This step waits in the queue of ${teamName(row)}: claim it first.`,
    code: 'claimFirstInTeam',
    params: { team: teamName(row) },
  });
}

/** The open steps of the caller's team queue, unclaimed or claimed, with the team's and the holder's names. */
export async function listTeamQueue(pool: pg.Pool, user: AuthUser) {
  if (user.teamId === null || user.role === 'observer') return [];
  const { rows } = await pool.query<{
    id: string;
    workflow_id: string;
    node_id: string;
    round: number;
    title: string;
    assignee: string;
    status: string;
    due_at: Date | null;
    priority: { urgent?: boolean; important?: boolean };
    escalation_level: number;
    template_name: string | null;
    team_id: string;
    team_name: string | null;
    holder_name: string | null;
  }>(
    `SELECT t.id::text, t.workflow_id, t.node_id, t.round, t.title, t.assignee, t.status, t.due_at, t.priority,
            t.escalation_level, p.template_name, t.team_id, tm.name AS team_name, u.name AS holder_name
       FROM process_tasks t
       LEFT JOIN processes p ON p.workflow_id = t.workflow_id
       LEFT JOIN teams tm ON tm.id::text = t.team_id
       LEFT JOIN users u ON u.id::text = t.assignee
      WHERE t.team_id = $1::text AND t.status IN ('open', 'inProgress')
      ORDER BY (t.assignee = 'team:' || t.team_id) DESC, t.due_at NULLS LAST, t.id
      LIMIT 500`,
    [user.teamId]
  );
  const now = Date.now();
  return rows.map((row) => {
    const claimed = row.assignee !== `${TEAM_PREFIX}${row.team_id}`;
    const actions: ('claim' | 'release' | 'assign')[] = [
      ...(claimed ? (row.assignee === user.id ? ['release' as const] : []) : ['claim' as const]),
      ...(mayAssign(user, { ...row, team_name: null, starter: null }) ? ['assign' as const] : []),
    ];
    return {
      id: row.id,
      processId: row.workflow_id,
      processName: row.template_name,
      nodeId: row.node_id,
      round: row.round,
      title: row.title,
      status: row.status,
      dueAt: row.due_at?.toISOString() ?? null,
      overdue: row.due_at !== null && row.due_at.getTime() < now,
      priority: { urgent: row.priority.urgent ?? false, important: row.priority.important ?? false },
      escalationLevel: row.escalation_level,
      team: { id: row.team_id, name: row.team_name ?? row.team_id },
      claimedBy: claimed ? { id: row.assignee, name: row.holder_name ?? row.assignee } : null,
      mine: row.assignee === user.id,
      actions,
    };
  });
}
