import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Per-object authorization on processes and steps, with rows written as the worker writes them. Temporal is absent
// here, so an allowed action reaches the "Temporal unavailable" answer (503) and a refused one stops at 403.
let h: Harness;
let admin: TestUser;
let managerA: TestUser;
let managerB: TestUser;
let assistantA: TestUser;
let assistantB: TestUser;
let observer: TestUser;
let stepId: string;
const PROCESS = 'process-00000000-0000-4000-8000-000000000001';
const OBSERVED = 'process-00000000-0000-4000-8000-000000000002';

beforeAll(async () => {
  h = await createHarness();
  const teams = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('A'), ('B') RETURNING id");
  const [teamA, teamB] = teams.rows.map((row) => row.id);
  admin = await addUser(h.pool, 'admin');
  managerA = await addUser(h.pool, 'manager', 'manager-a', teamA);
  managerB = await addUser(h.pool, 'manager', 'manager-b', teamB);
  assistantA = await addUser(h.pool, 'assistant', 'assistant-a', teamA);
  assistantB = await addUser(h.pool, 'assistant', 'assistant-b', teamB);
  observer = await addUser(h.pool, 'observer', 'observer', teamA);
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
     VALUES ($1, 't', 1, 'Delegation', $2, NULL, '{}', 'running'),
            ($3, 't', 1, 'For the observer', $2, $4, '{}', 'running')`,
    [PROCESS, managerA.id, OBSERVED, observer.id]
  );
  const step = await h.pool.query<{ id: string }>(
    `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, due_at, priority)
     VALUES ($1, 'do-task', 1, 'Book the venue', $2, $3, now() - interval '1 hour', '{"urgent":true,"important":true}')
     RETURNING id`,
    [PROCESS, assistantA.id, managerA.id]
  );
  stepId = step.rows[0]!.id;
});
afterAll(async () => h.close());

const get = async (path: string, user: TestUser) => (await h.app.request(path, { headers: bearer(user) })).status;

describe('per-object authorization', () => {
  it('shows a process to its starter, its assignees, their team manager and admins only', async () => {
    const expected: [TestUser, number][] = [
      [admin, 200],
      [managerA, 200],
      [assistantA, 200],
      [managerB, 403],
      [assistantB, 403],
      [observer, 403],
    ];
    for (const path of [`/api/processes/${PROCESS}`, `/api/processes/${PROCESS}/audit`, `/api/steps/${stepId}`]) {
      const actual = await Promise.all(expected.map(async ([user]) => [user.email, await get(path, user)]));
      expect(actual, path).toEqual(expected.map(([user, status]) => [user.email, status]));
    }
    expect(await get('/api/processes/process-00000000-0000-4000-8000-00000000dead', admin)).toBe(404);
  });

  it('lets an observer see only its own processes, and lists only what each may see', async () => {
    expect(await get(`/api/processes/${OBSERVED}`, observer)).toBe(200);
    const ids = async (user: TestUser, query = '') => {
      const response = await h.app.request(`/api/processes${query}`, { headers: bearer(user) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id).sort();
    };
    expect(await ids(admin)).toEqual([PROCESS, OBSERVED].sort());
    expect(await ids(observer)).toEqual([OBSERVED]);
    expect(await ids(assistantA)).toEqual([PROCESS]);
    expect(await ids(assistantB)).toEqual([]);
    expect(await ids(managerB)).toEqual([]);
    expect(await ids(admin, `?assignee=${assistantA.id}`)).toEqual([PROCESS]);
    expect(await ids(admin, '?overdue=true')).toEqual([PROCESS]);
    expect(await ids(admin, '?status=completed')).toEqual([]);
  });

  it('lets only the step’s people act, and answers 503 with Retry-After when Temporal is down', async () => {
    const act = (user: TestUser, body: unknown) =>
      h.app.request(`/api/steps/${stepId}/actions`, json('POST', body, bearer(user)));
    for (const user of [admin, managerB, assistantB, observer]) {
      const response = await act(user, { type: 'start' });
      expect(response.status, user.email).toBe(403);
    }
    const allowed = await act(assistantA, { type: 'start' });
    expect(allowed.status).toBe(503);
    expect(allowed.headers.get('retry-after')).toBeTruthy();
    expect(allowed.headers.get('content-type')).toContain('application/problem+json');
    // A refused or failed action leaves no claim behind.
    const claims = await h.pool.query('SELECT 1 FROM step_claims');
    expect(claims.rowCount).toBe(0);

    const cancelAsAssistant = await h.app.request(
      `/api/processes/${PROCESS}/cancel`,
      json('POST', {}, bearer(assistantA))
    );
    expect(cancelAsAssistant.status).toBe(403);
    const cancelAsManager = await h.app.request(`/api/processes/${PROCESS}/cancel`, json('POST', {}, bearer(managerA)));
    expect(cancelAsManager.status).toBe(503);
  });

  it('reads inboxes: one’s own, a team member’s for a manager, anyone’s for an admin', async () => {
    const inbox = async (user: TestUser, query = '') => {
      const response = await h.app.request(`/api/inbox${query}`, { headers: bearer(user) });
      return {
        status: response.status,
        body: (await response.json()) as { items: { id: string; overdue: boolean }[] },
      };
    };
    const own = await inbox(assistantA);
    expect(own.body.items).toMatchObject([{ id: stepId, overdue: true, quadrant: 'doFirst' }]);
    expect((await inbox(managerA, `?assignee=${assistantA.id}`)).body.items.map((item) => item.id)).toEqual([stepId]);
    expect((await inbox(admin, `?assignee=${assistantA.id}`)).status).toBe(200);
    expect((await inbox(managerB, `?assignee=${assistantA.id}`)).status).toBe(403);
    expect((await inbox(assistantB, `?assignee=${assistantA.id}`)).status).toBe(403);
    expect((await inbox(assistantB)).body.items).toEqual([]);
  });
});
