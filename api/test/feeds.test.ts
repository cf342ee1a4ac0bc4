import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

// Reports, the notification feed and the outbox, as the report workflow and the outbox dispatcher write them.
let h: Harness;
let admin: TestUser;
let manager: TestUser;
let assistant: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  h = await createHarness();
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  admin = await addUser(h.pool, 'admin');
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  stranger = await addUser(h.pool, 'manager', 'stranger');
  for (let day = 1; day <= 3; day++)
    await h.pool.query(
      `INSERT INTO reports (recipient, period, period_start, period_end, data)
       VALUES ($1, 'daily', $2::timestamptz, $2::timestamptz + interval '1 day', $3)`,
      [assistant.id, `2026-11-0${day}T00:00:00Z`, JSON.stringify({ done: day })]
    );
  for (let n = 1; n <= 3; n++)
    await h.pool.query('INSERT INTO notifications (user_id, title, body, workflow_id) VALUES ($1, $2, $3, NULL)', [
      assistant.id,
      `Note ${n}`,
      `Body ${n}`,
    ]);
  await h.pool.query(
    `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message)
     VALUES ('o1', 'process-x', $1, 'Step assigned', 'Please book the venue'),
            ('o2', 'process-x', $2, 'Risk flagged', 'The venue may be late')`,
    [assistant.id, manager.id]
  );
});
afterAll(async () => h.close());

const get = async (path: string, user: TestUser) => {
  const response = await h.app.request(path, { headers: bearer(user) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('reports, notifications and the outbox', () => {
  it('pages a person’s reports newest first, for them, their manager and admins only', async () => {
    const first = await get('/api/reports?limit=2', assistant);
    expect(first.status).toBe(200);
    const items = first.body.items as { id: string; data: { done: number } }[];
    expect(items.map((item) => item.data.done)).toEqual([3, 2]);
    const rest = await get(`/api/reports?limit=2&cursor=${first.body.nextCursor as string}`, assistant);
    expect((rest.body.items as { data: { done: number } }[]).map((item) => item.data.done)).toEqual([1]);
    expect(rest.body.nextCursor).toBeNull();
    expect((await get(`/api/reports?recipient=${assistant.id}`, manager)).status).toBe(200);
    expect((await get(`/api/reports?recipient=${assistant.id}`, stranger)).status).toBe(403);
    expect((await get(`/api/reports/${items[0]!.id}`, stranger)).status).toBe(403);
    expect((await get(`/api/reports/${items[0]!.id}`, admin)).status).toBe(200);
    expect((await get('/api/reports', manager)).body.items).toEqual([]);
  });

  it('keeps an unread count and marks notifications read, only one’s own', async () => {
    const feed = await get('/api/notifications', assistant);
    expect(feed.body.unreadCount).toBe(3);
    const [newest] = feed.body.items as { id: string; title: string }[];
    expect(newest?.title).toBe('Note 3');
    const foreign = await h.app.request(`/api/notifications/${newest!.id}/read`, {
      method: 'POST',
      headers: bearer(manager),
    });
    expect(foreign.status).toBe(404);
    const read = await h.app.request(`/api/notifications/${newest!.id}/read`, {
      method: 'POST',
      headers: bearer(assistant),
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { readAt: string | null }).readAt).not.toBeNull();
    expect((await get('/api/notifications?unread=true', assistant)).body).toMatchObject({ unreadCount: 2 });
    const all = await h.app.request('/api/notifications/read-all', { method: 'POST', headers: bearer(assistant) });
    expect(await all.json()).toEqual({ marked: 2 });
    expect((await get('/api/notifications?unread=true', assistant)).body).toMatchObject({ items: [], unreadCount: 0 });
  });

  it('shows admins the whole outbox and everyone else their own messages', async () => {
    const subjects = async (user: TestUser, query = '') =>
      ((await get(`/api/outbox${query}`, user)).body.items as { subject: string }[]).map((item) => item.subject);
    expect(await subjects(admin)).toEqual(['Risk flagged', 'Step assigned']);
    expect(await subjects(assistant)).toEqual(['Step assigned']);
    expect(await subjects(manager, `?recipient=${assistant.id}`)).toEqual(['Step assigned']);
    expect((await get(`/api/outbox?recipient=${manager.id}`, assistant)).status).toBe(403);
    await h.pool.query("UPDATE process_outbox SET sent_at = now() WHERE idempotency_key = 'o1'");
    expect(await subjects(admin, '?unsent=true')).toEqual(['Risk flagged']);
  });
});
