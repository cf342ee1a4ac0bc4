import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Duties from the projection, their validation and who may change them. Temporal is absent here: a change that
// passes every check reaches "Temporal unavailable" (503).
let h: Harness;
let admin: TestUser;
let manager: TestUser;
let assistant: TestUser;
let observer: TestUser;
let stranger: TestUser;
let templateId: string;
const FIRST = '00000000-0000-4000-8000-00000000d001';
const SECOND = '00000000-0000-4000-8000-00000000d002';

const schedule = {
  recurrence: { kind: 'weekly', days: [1] },
  timeOfDay: '09:00',
  timeZone: 'Europe/Warsaw',
  startDate: '2026-12-01',
};

beforeAll(async () => {
  h = await createHarness();
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  admin = await addUser(h.pool, 'admin');
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  observer = await addUser(h.pool, 'observer');
  stranger = await addUser(h.pool, 'assistant', 'stranger');
  const created = await h.app.request(
    '/api/templates',
    json('POST', { name: 'Delegation', draft: delegationCycleTemplate }, bearer(manager))
  );
  templateId = ((await created.json()) as { id: string }).id;
  await h.app.request(`/api/templates/${templateId}/publish`, { method: 'POST', headers: bearer(manager) });
  await h.pool.query(
    `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                         assignee, owner, next_occurrence_at)
     VALUES ($1, 'duty-' || $1, $3, 1, 'Weekly CRM update', $4, $5, 'Europe/Warsaw', $6, $7, now() + interval '2 days'),
            ($2, 'duty-' || $2, $3, 1, 'Monthly invoices', $4, $5, 'Europe/Warsaw', $6, $6, now() + interval '1 day')`,
    [
      FIRST,
      SECOND,
      templateId,
      JSON.stringify(schedule.recurrence),
      JSON.stringify(schedule),
      assistant.id,
      observer.id,
    ]
  );
});
afterAll(async () => h.close());

const list = async (user: TestUser) => {
  const response = await h.app.request('/api/duties', { headers: bearer(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string; nextOccurrenceAt: string }[] }).items.map(
    (item) => item.id
  );
};

describe('duties', () => {
  it('lists the duties each may see, the next occurrence first', async () => {
    expect(await list(admin)).toEqual([SECOND, FIRST]);
    expect(await list(manager)).toEqual([SECOND, FIRST]);
    expect(await list(assistant)).toEqual([SECOND, FIRST]);
    expect(await list(observer)).toEqual([FIRST]);
    expect(await list(stranger)).toEqual([]);
    expect((await h.app.request(`/api/duties/${SECOND}`, { headers: bearer(observer) })).status).toBe(403);
    expect((await h.app.request(`/api/duties/${FIRST}`, { headers: bearer(observer) })).status).toBe(200);
  });

  it('names the fields of a bad duty: schedule, parameters, people', async () => {
    const response = await h.app.request(
      '/api/duties',
      json(
        'POST',
        {
          templateId,
          name: 'Bad',
          assignee: assistant.id,
          params: { dueInDays: 99 },
          schedule: { ...schedule, recurrence: { kind: 'weekly', days: [] } },
        },
        bearer(manager)
      )
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path)).toEqual(['schedule.recurrence.days']);
    const params = await h.app.request(
      '/api/duties',
      json(
        'POST',
        {
          templateId,
          name: 'Bad',
          assignee: assistant.id,
          assigneeParameter: 'assistant',
          params: { dueInDays: 99 },
          schedule,
        },
        bearer(manager)
      )
    );
    expect(params.status).toBe(422);
    expect(((await params.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort()).toEqual([
      'params.dueInDays',
      'params.taskTitle',
    ]);
    const valid = await h.app.request(
      '/api/duties',
      json(
        'POST',
        {
          templateId,
          name: 'Good',
          assignee: assistant.id,
          assigneeParameter: 'assistant',
          params: { taskTitle: 'Update the CRM' },
          schedule,
        },
        bearer(manager)
      )
    );
    expect(valid.status).toBe(503);
  });

  it('lets the owner, managers and admins change a duty, not its assignee', async () => {
    const pause = (user: TestUser, id: string) =>
      h.app.request(`/api/duties/${id}/pause`, json('POST', { reason: 'holidays' }, bearer(user)));
    expect((await pause(assistant, FIRST)).status).toBe(403);
    expect((await pause(stranger, FIRST)).status).toBe(403);
    expect((await pause(observer, FIRST)).status).toBe(503);
    expect((await pause(manager, FIRST)).status).toBe(503);
    const badSchedule = await h.app.request(
      `/api/duties/${FIRST}/schedule`,
      json('POST', { schedule: { ...schedule, timeZone: 'Mars/Olympus' } }, bearer(manager))
    );
    expect(badSchedule.status).toBe(422);
    expect(JSON.stringify(await badSchedule.json())).toContain('schedule.timeZone');
  });

  it('refuses recurrence rules the duty workflow cannot run, at create and at a schedule change', async () => {
    const rules: [string, RegExp][] = [
      ['NOT A RULE', /not an RFC 5545 recurrence rule/],
      ['FREQ=SECONDLY', /at most daily/],
      ['FREQ=MINUTELY;INTERVAL=5', /at most daily/],
      ['FREQ=HOURLY', /at most daily/],
      ['FREQ=WEEKLY;COUNT=3', /leave DTSTART, UNTIL and COUNT out/],
    ];
    for (const [rule, message] of rules) {
      const recurrence = { kind: 'rrule', rule };
      const created = await h.app.request(
        '/api/duties',
        json(
          'POST',
          { templateId, name: 'Rule', assignee: assistant.id, schedule: { ...schedule, recurrence } },
          bearer(manager)
        )
      );
      const body = (await created.json()) as { issues: { path: string; message: string }[] };
      expect(created.status, rule).toBe(422);
      expect(body.issues).toEqual([{ path: 'schedule.recurrence.rule', message: expect.stringMatching(message) }]);
      const changed = await h.app.request(
        `/api/duties/${FIRST}/schedule`,
        json('POST', { schedule: { ...schedule, recurrence } }, bearer(manager))
      );
      expect(changed.status, rule).toBe(422);
    }
    const ended = await h.app.request(
      '/api/duties',
      json(
        'POST',
        { templateId, name: 'Ends first', assignee: assistant.id, schedule: { ...schedule, endDate: '2026-11-01' } },
        bearer(manager)
      )
    );
    expect(ended.status).toBe(422);
    for (const [field, value] of [
      ['startDate', '0001-01-01'],
      ['startDate', '1900-01-01'],
      ['endDate', '9999-12-31'],
    ] as const) {
      const far = await h.app.request(
        '/api/duties',
        json(
          'POST',
          { templateId, name: 'Far', assignee: assistant.id, schedule: { ...schedule, [field]: value } },
          bearer(manager)
        )
      );
      expect(far.status, value).toBe(422);
      expect(((await far.json()) as { issues: { path: string }[] }).issues).toEqual([
        { path: `schedule.${field}`, message: expect.stringMatching(/use a date between 1970 and 2200/) },
      ]);
    }
  });

  it('shows a failed duty as failed with its reason; its upcoming occurrences and actions answer 409, not 500', async () => {
    const FAILED = '00000000-0000-4000-8000-00000000d003';
    await h.pool.query(
      `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                           assignee, owner, status, failure)
       VALUES ($1, 'duty-' || $1, $2, 1, 'Broken', '{}', '{}', 'Europe/Warsaw', $3, $3, 'failed',
               'a duty repeats at most daily: FREQ must be DAILY or less often')`,
      [FAILED, templateId, assistant.id]
    );
    const failed = (await (await h.app.request('/api/duties?status=failed', { headers: bearer(admin) })).json()) as {
      items: { id: string; status: string; failure: string | null }[];
    };
    expect(failed.items).toEqual([
      expect.objectContaining({ id: FAILED, status: 'failed', failure: expect.stringMatching(/at most daily/) }),
    ]);
    const upcoming = await h.app.request(`/api/duties/${FAILED}/upcoming`, { headers: bearer(admin) });
    expect(upcoming.status).toBe(409);
    expect(((await upcoming.json()) as { detail: string }).detail).toMatch(/^It starts no more occurrences: a duty/);
    const pause = await h.app.request(`/api/duties/${FAILED}/pause`, json('POST', {}, bearer(admin)));
    expect(pause.status).toBe(409);
  });
});
