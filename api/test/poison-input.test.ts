import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { eventOrganization } from '../../workflows/template/library';
import { jsonProblem, storableText, textProblem } from '../lib/text';
import { addUser, bearer, createHarness, json, ORIGIN, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;
let templateId: string;

const NUL = 'a\u0000b';
const LONE = 'x\ud800y';

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
  const created = await h.app.request(
    '/api/templates',
    json('POST', { name: 'Poison', draft: delegationCycleTemplate }, bearer(admin))
  );
  expect(created.status).toBe(201);
  templateId = ((await created.json()) as { id: string }).id;
});
afterAll(async () => h.close());

interface Problem {
  status: number;
  issues?: { path: string; message: string }[];
}

/** Sends a request and expects a 422 problem whose issues name `field`. */
async function expectRefused(path: string, init: RequestInit, field: string) {
  const response = await h.app.request(path, init);
  const body = (await response.json()) as Problem;
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${JSON.stringify(body)}`).toBe(422);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(
    body.issues?.map((issue) => issue.path),
    `${path}: ${JSON.stringify(body)}`
  ).toContain(field);
  return body;
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the shared text schema', () => {
  it('finds NUL and lone surrogates, and passes paired surrogates and ordinary text', () => {
    expect(textProblem(NUL)).toMatch(/NUL/);
    expect(textProblem(LONE)).toMatch(/surrogate/);
    expect(textProblem('\udc00')).toMatch(/surrogate/);
    expect(textProblem('z\ud83d')).toMatch(/surrogate/);
    expect(textProblem('Zażółć 😀 ok')).toBeUndefined();
    expect(storableText(`${NUL}${LONE}😀`)).toBe('abx\ufffdy😀');
  });

  it('walks JSON iteratively: keys, deep values and depth', () => {
    expect(jsonProblem({ a: [{ b: NUL }] })).toEqual({ path: ['a', 0, 'b'], message: expect.stringMatching(/NUL/) });
    expect(jsonProblem({ [LONE]: 1 })?.path).toEqual([LONE]);
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    expect(jsonProblem(deep)?.message).toMatch(/deeper than 64/);
    expect(jsonProblem({ nodes: [{ data: { title: 'Plan 😀' } }] })).toBeUndefined();
  });
});

describe('poison text at every route gives 422 naming the field, never 500', () => {
  it('auth: login and tokens', async () => {
    for (const email of [NUL, LONE]) {
      await expectRefused(
        '/api/auth/login',
        json('POST', { email, password: 'whatever' }, { origin: ORIGIN }),
        'email'
      );
    }
    await expectRefused('/api/auth/login', json('POST', { email: admin.email, password: NUL }, {}), 'password');
    await expectRefused('/api/auth/tokens', json('POST', { name: LONE }, bearer(admin)), 'name');
    await expectRefused('/api/auth/tokens', json('POST', { name: '   ' }, bearer(admin)), 'name');
    // Trimmed, not refused.
    const created = await h.app.request('/api/auth/tokens', json('POST', { name: '  ci  ' }, bearer(admin)));
    expect(created.status).toBe(201);
    expect(((await created.json()) as { name: string }).name).toBe('ci');
  });

  it('people: users, teams and absences', async () => {
    const user = { email: 'p@test.local', name: NUL, role: 'assistant', password: 'long enough password' };
    await expectRefused('/api/users', json('POST', user, bearer(admin)), 'name');
    await expectRefused(
      '/api/users',
      json('POST', { ...user, name: 'P', email: `p${NUL}@x.pl` }, bearer(admin)),
      'email'
    );
    await expectRefused('/api/users', json('POST', { ...user, name: 'x'.repeat(201) }, bearer(admin)), 'name');
    await expectRefused(`/api/users/${admin.id}`, json('PATCH', { name: LONE }, bearer(admin)), 'name');
    await expectRefused(
      `/api/users/${admin.id}`,
      json('PATCH', { password: `${NUL}2345678` }, bearer(admin)),
      'password'
    );
    await expectRefused('/api/teams', json('POST', { name: NUL }, bearer(admin)), 'name');
    // A calendar whose holidays nobody knows would stop every process of the team at its start.
    const calendar = { id: 'x', name: 'Nowhere', timeZone: 'Europe/Warsaw', country: 'XX' };
    await expectRefused('/api/teams', json('POST', { name: 'Nowhere', calendar }, bearer(admin)), 'calendar.country');
    await expectRefused(
      '/api/teams',
      json('POST', { name: 'Nowhere', calendar: { ...calendar, country: 'PL', region: 'ZZ' } }, bearer(admin)),
      'calendar.region'
    );
    const absence = { startsOn: '2027-01-04', endsOn: '2027-01-05', note: LONE };
    await expectRefused(`/api/users/${admin.id}/absences`, json('POST', absence, bearer(admin)), 'note');
  });

  it('templates: name, draft (deep inside), import, publish notes, timeline and search', async () => {
    const draft = structuredClone(delegationCycleTemplate) as { nodes: { data: Record<string, unknown> }[] };
    draft.nodes[1]!.data.title = `Sign ${NUL}`;
    await expectRefused('/api/templates', json('POST', { name: NUL, draft: {} }, bearer(admin)), 'name');
    await expectRefused(
      '/api/templates',
      json('POST', { name: 'T', draft }, bearer(admin)),
      'draft.nodes.1.data.title'
    );
    await expectRefused(
      `/api/templates/${templateId}`,
      json('PUT', { name: LONE, draft: {} }, bearer(admin, { 'if-match': '"1"' })),
      'name'
    );
    const exported = { format: 'baton-template', name: 'I', draft: {}, versions: [{ version: 1, definition: draft }] };
    await expectRefused(
      '/api/templates/import',
      json('POST', exported, bearer(admin)),
      'versions.0.definition.nodes.1.data.title'
    );
    await expectRefused(
      '/api/templates/import',
      json('POST', { ...exported, versions: [], name: LONE }, bearer(admin)),
      'name'
    );
    await expectRefused(
      `/api/templates/${templateId}/publish`,
      json('POST', { releaseNotes: LONE }, bearer(admin)),
      'releaseNotes'
    );
    await expectRefused(
      `/api/templates/${templateId}/timeline`,
      json('POST', { start: '2027-01-04T08:00:00Z', parameters: { eventDate: NUL } }, bearer(admin)),
      'parameters.eventDate'
    );
    await expectRefused('/api/templates?q=%00', { headers: bearer(admin) }, 'q');
    // A URL cannot carry a lone surrogate: its UTF-8 bytes (ED A0 80) are ill-formed and decode to U+FFFD or stay.
    const surrogateBytes = await h.app.request('/api/templates?q=x%ED%A0%80y', { headers: bearer(admin) });
    expect(surrogateBytes.status).toBeLessThan(500);
    await expectRefused('/api/inbox?q=%00', { headers: bearer(admin) }, 'q');
    await expectRefused('/api/inbox?processId=%00', { headers: bearer(admin) }, 'processId');
  });

  it('processes, steps and duties: parameters, comments, reasons', async () => {
    await expectRefused(
      '/api/processes',
      json('POST', { templateId, params: { client: NUL } }, bearer(admin)),
      'params.client'
    );
    const processPath = '/api/processes/process-0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11';
    await expectRefused(`${processPath}/cancel`, json('POST', { reason: NUL }, bearer(admin)), 'reason');
    await expectRefused(`${processPath}/parameters`, json('POST', { name: 'x', value: LONE }, bearer(admin)), 'value');
    await expectRefused(`${processPath}/parameters`, json('POST', { name: NUL, value: 1 }, bearer(admin)), 'name');
    const actions: [Record<string, unknown>, string][] = [
      [{ type: 'comment', text: NUL }, 'text'],
      [{ type: 'comment', text: LONE }, 'text'],
      [{ type: 'flagRisk', text: LONE }, 'text'],
      [{ type: 'approve', comment: NUL }, 'comment'],
      [{ type: 'reject', comment: NUL }, 'comment'],
      [{ type: 'returnForRework', comment: LONE }, 'comment'],
      [{ type: 'requestDecision', question: NUL }, 'question'],
      [{ type: 'answerDecision', answer: LONE }, 'answer'],
      [{ type: 'submit', values: { note: NUL } }, 'values.note'],
      [{ type: 'submit', checklist: [LONE] }, 'checklist.0'],
    ];
    for (const [action, field] of actions) {
      await expectRefused('/api/steps/1/actions', json('POST', action, bearer(admin)), field);
    }
    const schedule = { recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO' }, timeOfDay: '09:00' };
    const duty = { templateId, name: NUL, assignee: admin.id, schedule };
    await expectRefused('/api/duties', json('POST', duty, bearer(admin)), 'name');
    await expectRefused(
      '/api/duties',
      json('POST', { ...duty, name: 'D', schedule: { ...schedule, timeZone: LONE } }, bearer(admin)),
      'schedule.timeZone'
    );
    const dutyPath = '/api/duties/0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11';
    for (const action of ['pause', 'resume', 'skip-next']) {
      await expectRefused(`${dutyPath}/${action}`, json('POST', { reason: LONE }, bearer(admin)), 'reason');
    }
  });

  it('refuses JSON nested 5,000 levels deep on create and import with a 422, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const headers = { ...bearer(admin), 'content-type': 'application/json' };
    const created = await h.app.request('/api/templates', {
      method: 'POST',
      headers,
      body: `{"name":"Deep","draft":${deep}}`,
    });
    expect(created.status).toBe(422);
    expect(((await created.json()) as Problem).issues?.[0]?.message).toMatch(/deeper than 64 levels/);
    const imported = await h.app.request('/api/templates/import', {
      method: 'POST',
      headers,
      body: `{"format":"baton-template","name":"Deep","draft":${deep}}`,
    });
    expect(imported.status).toBe(422);
  });
});

describe('forged list cursors', () => {
  const forged = [
    cursorOf({ after: 'x', id: 'y' }),
    cursorOf({ after: '99999-01-01T00:00:00.000Z', id: '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11' }),
    cursorOf({ after: '2026-02-31T00:00:00.000Z', id: '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11' }),
    cursorOf({ after: '2026-01-01T00:00:00.000Z', id: 'not a uuid' }),
    cursorOf({ after: '2026-01-01T00:00:00.000Z', id: NUL }),
    cursorOf({ after: 1, id: 2 }),
    cursorOf([1, 2]),
    'garbage!!',
    '%00',
  ];

  it.each(['/api/templates', '/api/users', '/api/processes'])('%s answers 422 to a forged cursor', async (path) => {
    for (const cursor of forged) {
      await expectRefused(`${path}?cursor=${cursor}`, { headers: bearer(admin) }, 'cursor');
    }
  });

  it('still follows cursors this API wrote', async () => {
    for (let index = 0; index < 2; index++) {
      const response = await h.app.request(
        '/api/templates',
        json('POST', { name: `Page ${index}`, draft: delegationCycleTemplate }, bearer(admin))
      );
      expect(response.status).toBe(201);
    }
    const first = (await (await h.app.request('/api/templates?limit=1', { headers: bearer(admin) })).json()) as {
      nextCursor: string | null;
    };
    expect(first.nextCursor).not.toBeNull();
    const second = await h.app.request(`/api/templates?limit=1&cursor=${first.nextCursor}`, { headers: bearer(admin) });
    expect(second.status).toBe(200);
    await addUser(h.pool, 'assistant');
    const users = (await (await h.app.request('/api/users?limit=1', { headers: bearer(admin) })).json()) as {
      nextCursor: string | null;
    };
    expect(users.nextCursor).not.toBeNull();
    expect((await h.app.request(`/api/users?cursor=${users.nextCursor}`, { headers: bearer(admin) })).status).toBe(200);
    const processCursor = cursorOf({
      after: new Date().toISOString(),
      id: 'process-0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11',
    });
    expect((await h.app.request(`/api/processes?cursor=${processCursor}`, { headers: bearer(admin) })).status).toBe(
      200
    );
  });
});

describe('what validates must run: dates and offsets the engine cannot plan are refused', () => {
  it('refuses date parameters outside 1970..2200 at start, and a start + 2000bd deadline at publish', async () => {
    const created = await h.app.request(
      '/api/templates',
      json('POST', { name: 'Event', draft: eventOrganization }, bearer(admin))
    );
    const { id } = (await created.json()) as { id: string };
    expect((await h.app.request(`/api/templates/${id}/publish`, json('POST', {}, bearer(admin)))).status).toBe(201);
    const start = (eventDate: string) =>
      h.app.request(
        '/api/processes',
        json('POST', { templateId: id, params: { eventName: 'Gala', eventDate, organizer: admin.id } }, bearer(admin))
      );
    for (const eventDate of ['0001-01-01', '1900-01-01', '9999-12-31']) {
      const response = await start(eventDate);
      expect(response.status, eventDate).toBe(422);
      const problem = (await response.json()) as Problem;
      expect(problem.issues).toContainEqual({
        path: 'params.eventDate',
        message: `the year ${Number(eventDate.slice(0, 4))} is out of range: use a date between 1970 and 2200`,
      });
    }
    // Inside the range validation passes; here Temporal is absent, so the start reaches "unavailable".
    expect((await start('2100-06-01')).status).toBe(503);
    // The timeline preview plans such a date too: every row gets its due date, none an error.
    const preview = await h.app.request(
      `/api/templates/${id}/timeline`,
      json('POST', { start: '2026-12-07T08:00:00Z', parameters: { eventDate: '2100-06-01' } }, bearer(admin))
    );
    expect(preview.status).toBe(200);
    const rows = (
      (await preview.json()) as { rows: { nodeId: string; due: string | null; problem: { key: string } | null }[] }
    ).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.problem !== null)).toEqual([]);
    expect(rows.some((row) => row.due?.startsWith('2100-'))).toBe(true);

    const draft = structuredClone(delegationCycleTemplate) as {
      nodes: { type: string; data: Record<string, unknown> }[];
    };
    const task = draft.nodes.find((node) => node.type === 'task')!;
    task.data.due = 'start + 2000bd';
    const long = await h.app.request('/api/templates', json('POST', { name: 'Long', draft }, bearer(admin)));
    const longId = ((await long.json()) as { id: string }).id;
    const validation = (await (
      await h.app.request(`/api/templates/${longId}/validate`, { method: 'POST', headers: bearer(admin) })
    ).json()) as { valid: boolean; issues: { message: string }[] };
    expect(validation.valid).toBe(false);
    expect(validation.issues.map((issue) => issue.message).join(' ')).toMatch(/2000bd is too long: at most 1000bd/);
    const publish = await h.app.request(`/api/templates/${longId}/publish`, json('POST', {}, bearer(admin)));
    expect(publish.status).toBe(422);
  });
});
