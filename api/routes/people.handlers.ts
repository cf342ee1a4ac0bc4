import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv, Role } from '../lib/app-env';
import { ApiError, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { decodeCursor, toPage } from '../lib/pagination';
import { changeAbsenceInProcesses, handAbsenceToProcesses } from '../people/absence-handover';
import { assertLooksAfter, assertMayTakeOver } from '../people/org-scope';
import { hashPassword } from '../people/passwords';
import type * as routes from './people.routes';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  reports_to: string | null;
  deputy_id: string | null;
  disabled: boolean;
  created_at: Date;
}
const USER_COLUMNS = 'id, email, name, role, team_id, reports_to, deputy_id, disabled, created_at';
const toUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  teamId: row.team_id,
  reportsTo: row.reports_to,
  deputyId: row.deputy_id,
  disabled: row.disabled,
  createdAt: row.created_at.toISOString(),
});

export const listUsersHandler: RouteHandler<typeof routes.listUsers, AppEnv> = async (c) => {
  const { limit, cursor, role, teamId } = c.req.valid('query');
  const after = decodeCursor(cursor, { after: 'timestamp', id: 'uuid' });
  const { rows } = await c.get('pool').query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users
      WHERE ($1::text IS NULL OR role = $1) AND ($2::uuid IS NULL OR team_id = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
      ORDER BY created_at, id LIMIT $5`,
    [role ?? null, teamId ?? null, after?.after ?? null, after?.id ?? null, limit + 1]
  );
  return c.json(
    toPage(rows, limit, (row) => ({ after: row.created_at.toISOString(), id: row.id }), toUser),
    200
  );
};

export const createUserHandler: RouteHandler<typeof routes.createUser, AppEnv> = async (c) => {
  const input = c.req.valid('json');
  const { rows } = await c.get('pool').query<UserRow>(
    `INSERT INTO users (email, name, role, password_hash, team_id, reports_to, deputy_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${USER_COLUMNS}`,
    [
      input.email,
      input.name,
      input.role,
      await hashPassword(input.password),
      input.teamId ?? null,
      input.reportsTo ?? null,
      input.deputyId ?? null,
    ]
  );
  return c.json(toUser(rows[0]!), 201);
};

export const getUserHandler: RouteHandler<typeof routes.getUser, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { rows } = await c.get('pool').query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  if (!rows[0]) throw notFound('user');
  return c.json(toUser(rows[0]), 200);
};

export const updateUserHandler: RouteHandler<typeof routes.updateUser, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const patch = c.req.valid('json');
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.role !== undefined) set('role', patch.role);
  if (patch.password !== undefined) set('password_hash', await hashPassword(patch.password));
  if (patch.teamId !== undefined) set('team_id', patch.teamId);
  if (patch.reportsTo !== undefined) set('reports_to', patch.reportsTo);
  if (patch.deputyId !== undefined) set('deputy_id', patch.deputyId);
  if (patch.disabled !== undefined) set('disabled', patch.disabled);
  const pool = c.get('pool');
  const { rows } = sets.length
    ? await pool.query<UserRow>(`UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING ${USER_COLUMNS}`, values)
    : await pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  if (!rows[0]) throw notFound('user');
  // A new password or a disabled account ends the sessions opened with the old state; a new password revokes the
  // API tokens too (a stolen password may have been used to make one).
  if (patch.password !== undefined || patch.disabled) await pool.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  if (patch.password !== undefined)
    await pool.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
  return c.json(toUser(rows[0]), 200);
};

interface AbsenceRow {
  id: string;
  user_id: string;
  starts_on: string;
  ends_on: string;
  deputy_id: string | null;
  note: string | null;
  ended_at: Date | null;
}
const ABSENCE_COLUMNS =
  "id, user_id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, deputy_id, note, ended_at";
const toAbsence = (row: AbsenceRow) => ({
  id: row.id,
  userId: row.user_id,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  deputyId: row.deputy_id,
  note: row.note,
  endedAt: row.ended_at?.toISOString() ?? null,
});

async function assertUserExists(c: { get(key: 'pool'): AppEnv['Variables']['pool'] }, id: string) {
  const { rowCount } = await c.get('pool').query('SELECT 1 FROM users WHERE id = $1', [id]);
  if (!rowCount) throw notFound('user');
}

export const listAbsencesHandler: RouteHandler<typeof routes.listAbsences, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await assertUserExists(c, id);
  // Who is away and who stands in is read by the same people who may record it.
  await assertLooksAfter(c.get('pool'), currentUser(c), id);
  const { rows } = await c
    .get('pool')
    .query<AbsenceRow>(`SELECT ${ABSENCE_COLUMNS} FROM absences WHERE user_id = $1 ORDER BY starts_on, id`, [id]);
  return c.json(rows.map(toAbsence), 200);
};

export const createAbsenceHandler: RouteHandler<typeof routes.createAbsence, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  await assertUserExists(c, id);
  const input = c.req.valid('json');
  const actor = currentUser(c);
  await assertLooksAfter(c.get('pool'), actor, id);
  if (input.deputyId) await assertMayTakeOver(c.get('pool'), actor, id, input.deputyId, 'deputyId');
  const { rows } = await c.get('pool').query<AbsenceRow>(
    `INSERT INTO absences (user_id, starts_on, ends_on, deputy_id, note) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${ABSENCE_COLUMNS}`,
    [id, input.startsOn, input.endsOn, input.deputyId ?? null, input.note ?? null]
  );
  const handOver = await handAbsenceToProcesses(
    c.get('pool'),
    c.get('temporal'),
    { id: rows[0]!.id, personId: id, from: input.startsOn, to: input.endsOn, deputyId: input.deputyId ?? null },
    currentUser(c).id
  );
  return c.json({ ...toAbsence(rows[0]!), handOver }, 201);
};

/** The absence `absenceId` of person `id`, 404 when there is none; then the same org rule as recording one. */
async function absenceToChange(c: Parameters<typeof listAbsencesHandler>[0], id: string, absenceId: string) {
  const { rows } = await c
    .get('pool')
    .query<AbsenceRow>(`SELECT ${ABSENCE_COLUMNS} FROM absences WHERE id = $1 AND user_id = $2`, [absenceId, id]);
  if (!rows[0]) throw notFound('absence');
  await assertLooksAfter(c.get('pool'), currentUser(c), id);
  return rows[0];
}

export const updateAbsenceHandler: RouteHandler<typeof routes.updateAbsence, AppEnv> = async (c) => {
  const { id, absenceId } = c.req.valid('param');
  const patch = c.req.valid('json');
  const before = await absenceToChange(c, id, absenceId);
  const startsOn = patch.startsOn ?? before.starts_on;
  const endsOn = patch.endsOn ?? before.ends_on;
  if (endsOn < startsOn)
    throw new ApiError(422, 'The request is not valid', {
      code: 'absenceOrder',
      issues: [{ path: 'endsOn', message: 'an absence ends on or after the day it starts' }],
    });
  const deputyId = patch.deputyId !== undefined ? patch.deputyId : before.deputy_id;
  if (patch.deputyId) await assertMayTakeOver(c.get('pool'), currentUser(c), id, patch.deputyId, 'deputyId');
  const { rows } = await c.get('pool').query<AbsenceRow>(
    `UPDATE absences SET starts_on = $2, ends_on = $3, deputy_id = $4, note = CASE WHEN $5 THEN $6 ELSE note END
      WHERE id = $1 RETURNING ${ABSENCE_COLUMNS}`,
    [absenceId, startsOn, endsOn, deputyId, patch.note !== undefined, patch.note ?? null]
  );
  const after = rows[0]!;
  const handOver = await changeAbsenceInProcesses(
    c.get('pool'),
    c.get('temporal'),
    {
      id: absenceId,
      personId: id,
      previous: { from: before.starts_on, to: before.ends_on },
      absence: { from: startsOn, to: endsOn, deputyId, endedAt: after.ended_at?.toISOString() ?? null },
    },
    currentUser(c).id
  );
  return c.json({ ...toAbsence(after), handOver }, 200);
};

export const endAbsenceHandler: RouteHandler<typeof routes.endAbsence, AppEnv> = async (c) => {
  const { id, absenceId } = c.req.valid('param');
  const before = await absenceToChange(c, id, absenceId);
  const { rows } = await c
    .get('pool')
    .query<AbsenceRow>(
      `UPDATE absences SET ended_at = COALESCE(ended_at, now()) WHERE id = $1 RETURNING ${ABSENCE_COLUMNS}`,
      [absenceId]
    );
  const after = rows[0]!;
  const handOver = await changeAbsenceInProcesses(
    c.get('pool'),
    c.get('temporal'),
    {
      id: absenceId,
      personId: id,
      previous: { from: before.starts_on, to: before.ends_on },
      absence: {
        from: after.starts_on,
        to: after.ends_on,
        deputyId: after.deputy_id,
        endedAt: after.ended_at?.toISOString() ?? null,
      },
    },
    currentUser(c).id
  );
  return c.json({ ...toAbsence(after), handOver }, 200);
};

export const deleteAbsenceHandler: RouteHandler<typeof routes.deleteAbsence, AppEnv> = async (c) => {
  const { id, absenceId } = c.req.valid('param');
  const before = await absenceToChange(c, id, absenceId);
  await c.get('pool').query('DELETE FROM absences WHERE id = $1', [absenceId]);
  const handOver = await changeAbsenceInProcesses(
    c.get('pool'),
    c.get('temporal'),
    { id: absenceId, personId: id, previous: { from: before.starts_on, to: before.ends_on }, absence: null },
    currentUser(c).id
  );
  return c.json({ handOver }, 200);
};

interface TeamRow {
  id: string;
  name: string;
  calendar: unknown;
}
// The calendar column only ever holds what BusinessCalendarSchema accepted.
const toTeam = (row: TeamRow) => ({
  id: row.id,
  name: row.name,
  calendar: row.calendar as ReturnType<typeof routes.TeamSchema.parse>['calendar'],
});

export const listTeamsHandler: RouteHandler<typeof routes.listTeams, AppEnv> = async (c) => {
  const { rows } = await c.get('pool').query<TeamRow>('SELECT id, name, calendar FROM teams ORDER BY name, id');
  return c.json(rows.map(toTeam), 200);
};

export const createTeamHandler: RouteHandler<typeof routes.createTeam, AppEnv> = async (c) => {
  const input = c.req.valid('json');
  const { rows } = await c
    .get('pool')
    .query<TeamRow>('INSERT INTO teams (name, calendar) VALUES ($1, $2) RETURNING id, name, calendar', [
      input.name,
      input.calendar ? JSON.stringify(input.calendar) : null,
    ]);
  return c.json(toTeam(rows[0]!), 201);
};

export const updateTeamHandler: RouteHandler<typeof routes.updateTeam, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const { rows } = await c.get('pool').query<TeamRow>(
    `UPDATE teams SET name = COALESCE($2, name), calendar = CASE WHEN $3 THEN $4::jsonb ELSE calendar END
      WHERE id = $1 RETURNING id, name, calendar`,
    [id, input.name ?? null, input.calendar !== undefined, input.calendar ? JSON.stringify(input.calendar) : null]
  );
  if (!rows[0]) throw notFound('team');
  return c.json(toTeam(rows[0]), 200);
};
