import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../lib/app-env';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
const users = {} as Record<Role, TestUser>;
let other: TestUser;

const EVERYONE = ROLES;
const STAFF: readonly Role[] = ['admin', 'manager'];
const ADMIN: readonly Role[] = ['admin'];
const PUBLIC = 'public';

/**
 * Who may call each operation. Routes on a person (`/users/{id}…`) are also open to that person, which this
 * matrix does not exercise: it always targets someone else.
 */
const MATRIX: Record<string, readonly Role[] | typeof PUBLIC> = {
  'get /api/health': PUBLIC,
  'get /api/ready': PUBLIC,
  'post /api/auth/login': PUBLIC,
  'post /api/auth/logout': EVERYONE,
  'get /api/auth/me': EVERYONE,
  'patch /api/auth/me': EVERYONE,
  'post /api/auth/tokens': EVERYONE,
  'get /api/auth/tokens': EVERYONE,
  'delete /api/auth/tokens/{id}': EVERYONE,
  'get /api/users': STAFF,
  'post /api/users': ADMIN,
  'get /api/users/{id}': STAFF,
  'patch /api/users/{id}': ADMIN,
  'get /api/users/{id}/absences': STAFF,
  'post /api/users/{id}/absences': STAFF,
  'patch /api/users/{id}/absences/{absenceId}': STAFF,
  'delete /api/users/{id}/absences/{absenceId}': STAFF,
  'post /api/users/{id}/absences/{absenceId}/end': STAFF,
  'get /api/teams': EVERYONE,
  'post /api/teams': ADMIN,
  'patch /api/teams/{id}': ADMIN,
  'get /api/templates': STAFF,
  'post /api/templates': STAFF,
  'post /api/templates/import': STAFF,
  'get /api/templates/{id}': STAFF,
  'put /api/templates/{id}': STAFF,
  'post /api/templates/{id}/validate': STAFF,
  'post /api/templates/{id}/timeline': STAFF,
  'post /api/templates/{id}/publish': STAFF,
  'get /api/templates/{id}/versions': STAFF,
  'get /api/templates/{id}/versions/{version}': STAFF,
  'get /api/templates/{id}/diff': STAFF,
  'post /api/templates/{id}/archive': STAFF,
  'get /api/templates/{id}/export': STAFF,
  // Process routes open to every role check the object itself (see process-access.test.ts).
  'get /api/processes': EVERYONE,
  // Clients and assistants start templates marked "clients may start" (checked on the template).
  'post /api/processes': EVERYONE,
  'get /api/processes/{id}': EVERYONE,
  'get /api/processes/{id}/diagram': EVERYONE,
  'get /api/processes/{id}/state': EVERYONE,
  'get /api/processes/{id}/audit': EVERYONE,
  'post /api/processes/{id}/cancel': EVERYONE,
  'post /api/processes/{id}/parameters': EVERYONE,
  'post /api/processes/{id}/comments': EVERYONE,
  'get /api/requests/forms': EVERYONE,
  'post /api/processes/{id}/sensitive-values/erase': EVERYONE,
  'get /api/processes/{id}/sensitive-values': ['admin', 'manager', 'assistant'],
  // Authenticated by its HMAC signature, not by a session (see test/api-intake-webhook.test.ts).
  'post /api/intake/webhook': PUBLIC,
  'get /api/inbox': EVERYONE,
  'get /api/inbox/team': STAFF,
  'get /api/inbox/queue': EVERYONE,
  'get /api/steps/{id}': EVERYONE,
  'post /api/steps/{id}/actions': EVERYONE,
  'get /api/events': EVERYONE,
  'get /api/duties': EVERYONE,
  'post /api/duties': STAFF,
  'post /api/duties/preview': STAFF,
  'get /api/duties/days-off': EVERYONE,
  'get /api/duties/non-working-days': EVERYONE,
  'get /api/duties/non-working-days/by-process': EVERYONE,
  'post /api/teams/calendar-import/preview': ADMIN,
  'get /api/duties/{id}': EVERYONE,
  'get /api/duties/{id}/upcoming': EVERYONE,
  'post /api/duties/{id}/pause': EVERYONE,
  'post /api/duties/{id}/resume': EVERYONE,
  'post /api/duties/{id}/skip-next': EVERYONE,
  'post /api/duties/{id}/schedule': EVERYONE,
  'post /api/duties/{id}/assignee': EVERYONE,
  'get /api/reports': EVERYONE,
  // Everyone reads their own setting; choosing a period is refused to those who get no reports (report-settings.test).
  'get /api/report-settings': EVERYONE,
  'put /api/report-settings': EVERYONE,
  'get /api/reports/{id}': EVERYONE,
  'get /api/notifications': EVERYONE,
  'post /api/notifications/{id}/read': EVERYONE,
  'post /api/notifications/read-all': EVERYONE,
  'get /api/outbox': EVERYONE,
  // A file is read by its uploader, then by whoever sees its process (a client: public ones); see the files cases.
  'post /api/files': EVERYONE,
  'get /api/files/{id}': EVERYONE,
  'get /api/processes/{id}/files': EVERYONE,
};

let operations: { method: string; path: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) users[role] = await addUser(h.pool, role);
  other = await addUser(h.pool, 'assistant', 'other');
  // The target reports to the manager: routes on a person also check the org (see the cross-team tests below).
  await h.pool.query('UPDATE users SET reports_to = $1 WHERE id = $2', [users.manager.id, other.id]);
  const spec = (await (await h.app.request('/api/openapi.json')).json()) as { paths: Record<string, object> };
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method, path }))
  );
});
afterAll(async () => h.close());

function concrete(path: string) {
  return path.replace('{id}', other.id).replace('{version}', '1').replace('{absenceId}', randomUUID());
}

describe('authorization matrix', () => {
  it('lists every documented operation', () => {
    expect(operations.map((op) => `${op.method} ${op.path}`).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers 401 without credentials and 403 for every role not allowed, never acting', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations) {
      const allowed = MATRIX[`${method} ${path}`];
      if (allowed === PUBLIC || allowed === undefined) continue;
      const init = {
        method: method.toUpperCase(),
        headers: { 'content-type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      };
      const anonymous = await h.app.request(concrete(path), init);
      await anonymous.body?.cancel();
      if (anonymous.status !== 401) failures.push(`${method} ${path} anonymous -> ${anonymous.status}`);
      for (const role of ROLES) {
        const response = await h.app.request(concrete(path), {
          ...init,
          headers: { ...init.headers, ...bearer(users[role]) },
        });
        // Ends the live event stream (and any other body) so nothing stays subscribed.
        await response.body?.cancel();
        const forbidden = response.status === 403;
        if (allowed.includes(role) === forbidden || response.status === 401 || response.status >= 500)
          failures.push(`${method} ${path} as ${role} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    const { rows } = await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(rows[0]?.n).toBe(ROLES.length + 1);
  });

  it('lets a person see and record their own absences', async () => {
    const self = users.assistant;
    // The deputy must be in the person's team (see the org rules below).
    const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Own') RETURNING id");
    await h.pool.query('UPDATE users SET team_id = $1 WHERE id IN ($2, $3)', [team.rows[0]!.id, self.id, other.id]);
    const own = await h.app.request(`/api/users/${self.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(self), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2026-12-01', endsOn: '2026-12-05', deputyId: other.id }),
    });
    expect(own.status).toBe(201);
    const list = await h.app.request(`/api/users/${self.id}/absences`, { headers: bearer(self) });
    expect(((await list.json()) as unknown[]).length).toBe(1);
    const backwards = await h.app.request(`/api/users/${self.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(self), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2026-12-05', endsOn: '2026-12-01' }),
    });
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(await backwards.json())).toContain('endsOn');
  });
});

describe('absences, deputies and reassignment across teams', () => {
  // Team A: its manager, two assistants reporting to it, an observer. Team B: its manager and an assistant. One
  // assistant sits in team B but reports to A's manager (the reporting tree counts too).
  let admin: TestUser;
  let managerA: TestUser;
  let managerB: TestUser;
  let assistantA: TestUser;
  let assistantA2: TestUser;
  let assistantB: TestUser;
  let reportsToA: TestUser;
  let observerA: TestUser;
  let stepA: string;
  let stepReviewedByB: string;
  let teamA: string;
  let queuedInA: string;
  let claimedInA: string;

  beforeAll(async () => {
    const teams = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('A'), ('B') RETURNING id");
    const [idA, teamB] = teams.rows.map((row) => row.id);
    teamA = idA!;
    admin = await addUser(h.pool, 'admin', 'org-admin');
    managerA = await addUser(h.pool, 'manager', 'manager-a', teamA);
    managerB = await addUser(h.pool, 'manager', 'manager-b', teamB);
    assistantA = await addUser(h.pool, 'assistant', 'assistant-a', teamA);
    assistantA2 = await addUser(h.pool, 'assistant', 'assistant-a2', teamA);
    assistantB = await addUser(h.pool, 'assistant', 'assistant-b', teamB);
    reportsToA = await addUser(h.pool, 'assistant', 'reports-to-a', teamB);
    observerA = await addUser(h.pool, 'observer', 'observer-a', teamA);
    await h.pool.query('UPDATE users SET reports_to = $1 WHERE id IN ($2, $3, $4)', [
      managerA.id,
      assistantA.id,
      assistantA2.id,
      reportsToA.id,
    ]);
    const process = 'process-00000000-0000-4000-8000-0000000000a8';
    await h.pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
       VALUES ($1, 't', 1, 'Org', $2, NULL, '{}', 'running')`,
      [process, managerA.id]
    );
    const steps = await h.pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer)
       VALUES ($1, 'a', 1, 'Step A', $2, $3), ($1, 'b', 1, 'Reviewed by B', $2, $4) RETURNING id`,
      [process, assistantA.id, managerA.id, managerB.id]
    );
    [stepA, stepReviewedByB] = steps.rows.map((row) => row.id) as [string, string];
    // Two steps of team A's queue: one waiting, one claimed by assistant A.
    const queued = await h.pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, team_id)
       VALUES ($1, 'q', 1, 'Queued in A', $2, $3), ($1, 'c', 1, 'Claimed in A', $4, $3) RETURNING id`,
      [process, `team:${teamA}`, teamA, assistantA.id]
    );
    [queuedInA, claimedInA] = queued.rows.map((row) => row.id) as [string, string];
  });

  const absence = async (actor: TestUser, person: TestUser, deputy?: TestUser) => {
    const response = await h.app.request(`/api/users/${person.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(actor), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2031-05-05', endsOn: '2031-05-09', ...(deputy && { deputyId: deputy.id }) }),
    });
    const body = (await response.json()) as { issues?: { path: string }[] };
    return response.status === 422 ? `422 ${body.issues?.map((issue) => issue.path).join(',')}` : response.status;
  };

  it('lets only the person, their team manager, their reporting line and admins record an absence', async () => {
    const cases: [string, TestUser, TestUser, TestUser | undefined, number | string][] = [
      ["another team's manager, naming himself", managerB, assistantA, managerB, 403],
      ["another team's manager, no deputy", managerB, assistantA, undefined, 403],
      ['an assistant for a colleague', assistantA2, assistantA, assistantA2, 403],
      ['an observer for a colleague', observerA, assistantA, assistantA2, 403],
      ['the team manager, a team deputy', managerA, assistantA, assistantA2, 201],
      ['the team manager, naming himself', managerA, assistantA, managerA, 201],
      ['the manager of the reporting line, in another team', managerA, reportsToA, managerA, 201],
      ['the person, a team deputy', assistantA, assistantA, assistantA2, 201],
      ['an admin, anyone as deputy', admin, assistantB, assistantA2, 201],
    ];
    const actual = [];
    for (const [name, actor, person, deputy] of cases) actual.push([name, await absence(actor, person, deputy)]);
    expect(actual).toEqual(cases.map(([name, , , , status]) => [name, status]));
  });

  it('lets only those who may record an absence edit, end or withdraw it, with the same deputy rules', async () => {
    const recorded = await h.app.request(`/api/users/${assistantA.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(managerA), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2031-06-02', endsOn: '2031-06-06', deputyId: assistantA2.id }),
    });
    expect(recorded.status).toBe(201);
    const { id } = (await recorded.json()) as { id: string };
    const call = async (actor: TestUser, method: string, suffix = '', body?: unknown) => {
      const response = await h.app.request(`/api/users/${assistantA.id}/absences/${id}${suffix}`, {
        method,
        headers: { ...bearer(actor), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = (await response.json()) as { issues?: { path: string }[] };
      return response.status === 422 ? `422 ${answer.issues?.map((issue) => issue.path).join(',')}` : response.status;
    };
    const cases: [string, () => Promise<number | string>, number | string][] = [
      ["another team's manager edits", () => call(managerB, 'PATCH', '', { endsOn: '2031-06-09' }), 403],
      ['a colleague ends it', () => call(assistantA2, 'POST', '/end'), 403],
      ["another team's manager withdraws it", () => call(managerB, 'DELETE'), 403],
      [
        'the team manager names another team',
        () => call(managerA, 'PATCH', '', { deputyId: assistantB.id }),
        '422 deputyId',
      ],
      ['the person ends before it starts', () => call(assistantA, 'PATCH', '', { endsOn: '2031-06-01' }), '422 endsOn'],
      ['the team manager edits the days', () => call(managerA, 'PATCH', '', { endsOn: '2031-06-09' }), 200],
      ['the person ends it early', () => call(assistantA, 'POST', '/end'), 200],
      ['an admin withdraws it', () => call(admin, 'DELETE'), 200],
      ['nobody finds it afterwards', () => call(admin, 'POST', '/end'), 404],
    ];
    const actual = [];
    for (const [name, run] of cases) actual.push([name, await run()]);
    expect(actual).toEqual(cases.map(([name, , status]) => [name, status]));
  });

  it('lets only the person, their team manager, their reporting line and admins read absences', async () => {
    const read = async (actor: TestUser, person: TestUser) =>
      (await h.app.request(`/api/users/${person.id}/absences`, { headers: bearer(actor) })).status;
    const cases: [string, TestUser, TestUser, number][] = [
      ["another team's manager", managerB, assistantA, 403],
      ['an assistant, of a colleague', assistantA2, assistantA, 403],
      ['an observer, of a colleague', observerA, assistantA, 403],
      ["an assistant, of the team's manager", assistantA, managerA, 403],
      ['the team manager', managerA, assistantA, 200],
      ['the manager of the reporting line, in another team', managerA, reportsToA, 200],
      ["that person's own team manager", managerB, reportsToA, 200],
      ['the person', assistantA, assistantA, 200],
      ['an admin, anyone', admin, assistantB, 200],
    ];
    const actual = [];
    for (const [name, actor, person] of cases) actual.push([name, await read(actor, person)]);
    expect(actual).toEqual(cases.map(([name, , , status]) => [name, status]));
  });

  it('refuses a deputy outside the org: another team, an observer', async () => {
    const cases: [string, TestUser, TestUser, TestUser, number | string][] = [
      ['the person names another team', assistantA, assistantA, assistantB, '422 deputyId'],
      ['the person names an observer', assistantA, assistantA, observerA, '422 deputyId'],
      ['the team manager names another team', managerA, assistantA, assistantB, '422 deputyId'],
      ['the team manager names an observer', managerA, assistantA, observerA, '422 deputyId'],
      ['an admin names an observer', admin, assistantA, observerA, '422 deputyId'],
    ];
    const actual = [];
    for (const [name, actor, person, deputy] of cases) actual.push([name, await absence(actor, person, deputy)]);
    expect(actual).toEqual(cases.map(([name, , , , status]) => [name, status]));
  });

  it('reassigns a step only within the org (Temporal is absent here: an accepted reassignment reaches 503)', async () => {
    const reassign = async (actor: TestUser, step: string, to: TestUser) => {
      const response = await h.app.request(`/api/steps/${step}/actions`, {
        method: 'POST',
        headers: { ...bearer(actor), 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'reassign', to: to.id }),
      });
      const body = (await response.json()) as { issues?: { path: string }[] };
      return response.status === 422 ? `422 ${body.issues?.map((issue) => issue.path).join(',')}` : response.status;
    };
    const cases: [string, TestUser, string, TestUser, number | string][] = [
      ['the reviewer to a team member', managerA, stepA, assistantA2, 503],
      ['the reviewer to his reporting line in another team', managerA, stepA, reportsToA, 503],
      ['the reviewer to another team', managerA, stepA, assistantB, '422 to'],
      ['the reviewer to an observer', managerA, stepA, observerA, '422 to'],
      ["another team's reviewer to the assignee's team", managerB, stepReviewedByB, assistantA2, 503],
      ["another team's reviewer to an observer", managerB, stepReviewedByB, observerA, '422 to'],
      ['not the reviewer at all', managerB, stepA, assistantB, 403],
    ];
    const actual = [];
    for (const [name, actor, step, to] of cases) actual.push([name, await reassign(actor, step, to)]);
    expect(actual).toEqual(cases.map(([name, , , , status]) => [name, status]));
  });

  it('lets team members claim, the holder release, and the team manager, starter or admin assign (503: accepted)', async () => {
    const teamAction = async (actor: TestUser, step: string, body: Record<string, unknown>) => {
      const response = await h.app.request(`/api/steps/${step}/actions`, {
        method: 'POST',
        headers: { ...bearer(actor), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { issues?: { path: string }[] };
      return response.status === 422 ? `422 ${answer.issues?.map((issue) => issue.path).join(',')}` : response.status;
    };
    const claim = { type: 'claim' };
    const release = { type: 'release' };
    const assign = (to: TestUser) => ({ type: 'assign', to: to.id });
    const cases: [string, TestUser, string, Record<string, unknown>, number | string][] = [
      ['a member claims a queued step', assistantA2, queuedInA, claim, 503],
      ['the team manager claims a queued step', managerA, queuedInA, claim, 503],
      ['a member of another team claims', assistantB, queuedInA, claim, 403],
      ['an observer of the team claims', observerA, queuedInA, claim, 403],
      ['a member claims a claimed step', assistantA2, claimedInA, claim, 409],
      ['the holder releases', assistantA, claimedInA, release, 503],
      ['a member who does not hold it releases', assistantA2, claimedInA, release, 403],
      ['a member releases a queued step', assistantA2, queuedInA, release, 403],
      ['the team manager assigns to a member', managerA, queuedInA, assign(assistantA2), 503],
      ['the process starter (team manager) moves it to another member', managerA, claimedInA, assign(assistantA2), 503],
      ['an admin assigns to a member', admin, queuedInA, assign(assistantA), 503],
      ['the team manager assigns to another team', managerA, queuedInA, assign(assistantB), '422 to'],
      ['the team manager assigns to an observer', managerA, queuedInA, assign(observerA), '422 to'],
      ["another team's manager assigns", managerB, queuedInA, assign(assistantA), 403],
      ['a member assigns', assistantA, claimedInA, assign(assistantA2), 403],
      ['the holder is assigned it again', managerA, claimedInA, assign(assistantA), 409],
      ['a claim on a step sent to no team', assistantA, stepA, claim, 409],
      ['a member starts a queued step', assistantA2, queuedInA, { type: 'start' }, 409],
    ];
    const actual = [];
    for (const [name, actor, step, body] of cases) actual.push([name, await teamAction(actor, step, body)]);
    expect(actual).toEqual(cases.map(([name, , , , status]) => [name, status]));
    const queueOf = async (actor: TestUser) => {
      const response = await h.app.request('/api/inbox/queue', { headers: bearer(actor) });
      return ((await response.json()) as { items: { title: string; claimedBy: { name: string } | null }[] }).items;
    };
    expect((await queueOf(assistantA2)).map((item) => [item.title, item.claimedBy?.name ?? null])).toEqual([
      ['Queued in A', null],
      ['Claimed in A', 'assistant-a'],
    ]);
    expect(await queueOf(assistantB)).toEqual([]);
    expect(await queueOf(observerA)).toEqual([]);
  });
});

describe('a client reads public comments only, through every route', () => {
  // A process the observer asked for (started by the observer, as a client request form does), worked by an
  // assistant and reviewed by a manager; its history written as the worker writes it.
  const PROCESS = 'process-00000000-0000-4000-8000-0000000000c1';
  const INTERNAL = 'this client always pays late';
  let client: TestUser;
  let assistant: TestUser;
  let manager: TestUser;
  let step: string;

  beforeAll(async () => {
    client = await addUser(h.pool, 'observer', 'client-c');
    assistant = await addUser(h.pool, 'assistant', 'assistant-c');
    manager = await addUser(h.pool, 'manager', 'manager-c');
    await h.pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
       VALUES ($1, 't', 1, 'Client request', $2, $2, '{}', 'running')`,
      [PROCESS, client.id]
    );
    const task = await h.pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer)
       VALUES ($1, 'answer', 1, 'Answer the client', $2, $3) RETURNING id`,
      [PROCESS, assistant.id, manager.id]
    );
    step = task.rows[0]!.id;
    const entries: [string | null, string, string, Record<string, unknown>][] = [
      [null, 'processStarted', client.id, {}],
      [null, 'commented', client.id, { text: 'Where is my invoice?', visibility: 'public', byClient: true }],
      ['answer', 'started', assistant.id, { round: 1 }],
      ['answer', 'commented', assistant.id, { round: 1, text: INTERNAL, visibility: 'internal' }],
      ['answer', 'commented', assistant.id, { round: 1, text: 'A comment from before visibility' }],
      ['answer', 'commented', assistant.id, { round: 1, text: 'We are on it', visibility: 'public' }],
      ['answer', 'riskFlagged', assistant.id, { round: 1, text: 'Risk: late payer' }],
      ['answer', 'decisionRequested', assistant.id, { round: 1, question: 'Refund him?', to: manager.id }],
      ['answer', 'escalated', 'system', { round: 1, target: manager.id }],
      ['answer', 'submitted', assistant.id, { round: 1, values: { answer: 'Sent today' } }],
      ['answer', 'approved', manager.id, { round: 1, comment: 'Fine, but watch his payments' }],
      [null, 'commented', manager.id, { text: 'Internal note on the process', visibility: 'internal' }],
    ];
    for (const [index, [node, action, actor, detail]] of entries.entries())
      await h.pool.query(
        `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
        [`${PROCESS}:${index}`, PROCESS, node, action, actor, JSON.stringify(detail)]
      );
  });

  const read = async (user: TestUser, path: string) => {
    const response = await h.app.request(path, { headers: bearer(user) });
    return { status: response.status, text: await response.text() };
  };
  const hidden = [
    INTERNAL,
    'A comment from before visibility',
    'Risk: late payer',
    'Refund him?',
    'watch his payments',
  ];

  it('shows the client its process, the steps and the history without internal comments, risks or decisions', async () => {
    const audit = await read(client, `/api/processes/${PROCESS}/audit`);
    expect(audit.status).toBe(200);
    const actions = (JSON.parse(audit.text) as { items: { action: string; detail: { text?: string } }[] }).items.map(
      (entry) => [entry.action, entry.detail.text ?? null]
    );
    expect(actions).toEqual([
      ['processStarted', null],
      ['commented', 'Where is my invoice?'],
      ['started', null],
      ['commented', 'We are on it'],
      ['submitted', null],
      ['approved', null],
    ]);
    const stepView = await read(client, `/api/steps/${step}`);
    expect(stepView.status).toBe(200);
    const body = JSON.parse(stepView.text) as {
      actions: string[];
      record: { comments: { text: string; visibility: string }[]; decisions: unknown[] };
    };
    expect(body.record.comments).toEqual([expect.objectContaining({ text: 'We are on it', visibility: 'public' })]);
    expect(body.record.decisions).toEqual([]);
    expect(body.actions).toEqual([]);
    const detail = await read(client, `/api/processes/${PROCESS}`);
    expect(JSON.parse(detail.text)).toMatchObject({ mayCancel: false, clientView: true });
    for (const answer of [audit, stepView, detail])
      for (const text of hidden) expect(answer.text, text).not.toContain(text);
    // The live state holds everything: not for the client. Nor are the stream's rows (user_events) telling.
    expect((await read(client, `/api/processes/${PROCESS}/state`)).status).toBe(403);
    const events = await h.pool.query<{ data: unknown }>('SELECT data FROM user_events WHERE user_id = $1', [
      client.id,
    ]);
    expect(events.rows.length).toBeGreaterThan(0);
    for (const text of hidden) expect(JSON.stringify(events.rows), text).not.toContain(text);
  });

  it('shows staff every comment, marked public or internal', async () => {
    const audit = await read(assistant, `/api/processes/${PROCESS}/audit`);
    for (const text of [INTERNAL, 'Risk: late payer', 'We are on it']) expect(audit.text).toContain(text);
    const stepView = JSON.parse((await read(manager, `/api/steps/${step}`)).text) as {
      record: { comments: { text: string; visibility: string }[] };
    };
    expect(stepView.record.comments.map((comment) => [comment.text, comment.visibility])).toEqual([
      [INTERNAL, 'internal'],
      ['A comment from before visibility', 'internal'],
      ['We are on it', 'public'],
      ['Risk: late payer', 'internal'],
    ]);
  });

  it('lets the client comment (public only) but not cancel, change parameters or act on steps', async () => {
    const post = async (user: TestUser, path: string, body: unknown) => {
      const response = await h.app.request(path, {
        method: 'POST',
        headers: { ...bearer(user), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { issues?: { path: string }[] };
      return response.status === 422 ? `422 ${answer.issues?.map((issue) => issue.path).join(',')}` : response.status;
    };
    const cases: [string, () => Promise<number | string>, number | string][] = [
      // Temporal is absent here: an accepted comment reaches 503.
      ['the client comments', () => post(client, `/api/processes/${PROCESS}/comments`, { text: 'Thanks' }), 503],
      [
        'the client asks for an internal comment',
        () => post(client, `/api/processes/${PROCESS}/comments`, { text: 'x', visibility: 'internal' }),
        '422 visibility',
      ],
      [
        'the assistant comments internally',
        () => post(assistant, `/api/processes/${PROCESS}/comments`, { text: 'x' }),
        503,
      ],
      ['the client cancels', () => post(client, `/api/processes/${PROCESS}/cancel`, {}), 403],
      [
        'the client moves a date',
        () => post(client, `/api/processes/${PROCESS}/parameters`, { name: 'd', value: 1 }),
        403,
      ],
      [
        'the client comments on a step',
        () => post(client, `/api/steps/${step}/actions`, { type: 'comment', text: 'x' }),
        403,
      ],
      ['an outsider comments', () => post(users.observer, `/api/processes/${PROCESS}/comments`, { text: 'x' }), 403],
    ];
    const actual = [];
    for (const [name, run] of cases) actual.push([name, await run()]);
    expect(actual).toEqual(cases.map(([name, , status]) => [name, status]));
  });

  it('lets a file be read by its uploader, then by who sees its process; a client only public ones', async () => {
    const upload = async (user: TestUser, name: string, bytes: string) => {
      const response = await h.app.request(`/api/files?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...bearer(user), 'content-type': 'text/plain' },
        body: bytes,
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const attach = (id: string, visibility: string, node: string | null) =>
      h.pool.query('UPDATE files SET workflow_id = $2, visibility = $3, node_id = $4 WHERE id = $1', [
        id,
        PROCESS,
        visibility,
        node,
      ]);
    const request = await upload(client, 'invoice-question.txt', 'which invoice?');
    await attach(request, 'public', null);
    const answer = await upload(assistant, 'answer.txt', 'the March invoice');
    await attach(answer, 'public', 'answer');
    const note = await upload(assistant, 'late-payer.txt', INTERNAL);
    await attach(note, 'internal', 'answer');
    const draft = await upload(assistant, 'draft.txt', 'not attached yet');
    const outsider = users.observer;
    const status = async (user: TestUser, id: string) => {
      const response = await h.app.request(`/api/files/${id}`, { headers: bearer(user) });
      await response.body?.cancel();
      return response.status;
    };
    const readers: [string, TestUser][] = [
      ['client', client],
      ['assistant', assistant],
      ['reviewer', manager],
      ['admin', users.admin],
      ['another client', outsider],
      ['another assistant', other],
    ];
    const table: Record<string, number[]> = {};
    for (const [name, user] of readers)
      table[name] = [
        await status(user, request),
        await status(user, answer),
        await status(user, note),
        await status(user, draft),
      ];
    expect(table).toEqual({
      client: [200, 200, 404, 404],
      assistant: [200, 200, 200, 200],
      reviewer: [200, 200, 200, 404],
      admin: [200, 200, 200, 404],
      'another client': [404, 404, 404, 404],
      'another assistant': [404, 404, 404, 404],
    });
    const listed = async (user: TestUser) => {
      const response = await h.app.request(`/api/processes/${PROCESS}/files`, { headers: bearer(user) });
      return { status: response.status, text: await response.text() };
    };
    const clientList = await listed(client);
    expect(clientList.status).toBe(200);
    const names = (JSON.parse(clientList.text) as { files: { name: string }[] }).files.map((file) => file.name);
    expect(names).toEqual(['invoice-question.txt', 'answer.txt']);
    expect(clientList.text).not.toContain('late-payer');
    const staffNames = (JSON.parse((await listed(assistant)).text) as { files: { name: string }[] }).files;
    expect(staffNames.map((file) => file.name)).toEqual(['invoice-question.txt', 'answer.txt', 'late-payer.txt']);
    expect((await listed(outsider)).status).toBe(403);
    // A client cannot attach someone else's upload, nor an internal one it cannot see, to its comment.
    const comment = await h.app.request(`/api/processes/${PROCESS}/comments`, {
      method: 'POST',
      headers: { ...bearer(client), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'see this', files: [draft] }),
    });
    expect(comment.status).toBe(422);
  });
});
