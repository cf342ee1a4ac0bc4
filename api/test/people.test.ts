import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { ensureFirstAdmin, seedDemo } from '../people/seed';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
});
afterAll(async () => h.close());

const calendar = { id: 'pl-warsaw', name: 'Warsaw office', timeZone: 'Europe/Warsaw', country: 'PL' };

describe('people', () => {
  it('creates teams with a business calendar and people with reporting lines and deputies', async () => {
    const team = await h.app.request('/api/teams', json('POST', { name: 'Office', calendar }, bearer(admin)));
    expect(team.status).toBe(201);
    const teamBody = (await team.json()) as { id: string; calendar: { weekendDays: number[] } };
    expect(teamBody.calendar.weekendDays).toEqual([6, 7]);
    const badZone = await h.app.request(
      '/api/teams',
      json('POST', { name: 'Nowhere', calendar: { ...calendar, timeZone: 'Mars/Base' } }, bearer(admin))
    );
    expect(badZone.status).toBe(422);
    expect(((await badZone.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(
      'calendar.timeZone'
    );

    const boss = await h.app.request(
      '/api/users',
      json(
        'POST',
        { email: 'boss@x.test', name: 'Boss', role: 'manager', password: 'long enough', teamId: teamBody.id },
        bearer(admin)
      )
    );
    expect(boss.status).toBe(201);
    const bossId = ((await boss.json()) as { id: string }).id;
    const duplicate = await h.app.request(
      '/api/users',
      json('POST', { email: 'BOSS@x.test', name: 'Again', role: 'manager', password: 'long enough' }, bearer(admin))
    );
    expect(duplicate.status).toBe(409);
    const helper = await addUser(h.pool, 'assistant', 'helper');
    const patched = await h.app.request(
      `/api/users/${helper.id}`,
      json('PATCH', { reportsTo: bossId, deputyId: bossId, teamId: teamBody.id }, bearer(admin))
    );
    expect(await patched.json()).toMatchObject({ reportsTo: bossId, deputyId: bossId, teamId: teamBody.id });
    const unknown = await h.app.request(
      `/api/users/${helper.id}`,
      json('PATCH', { reportsTo: '00000000-0000-4000-8000-000000000000' }, bearer(admin))
    );
    expect(unknown.status).toBe(422);

    const managers = (await (await h.app.request('/api/users?role=manager', { headers: bearer(admin) })).json()) as {
      items: { id: string }[];
    };
    expect(managers.items.map((u) => u.id)).toEqual([bossId]);
  });

  it('a new password ends the sessions and the old password', async () => {
    const person = await addUser(h.pool, 'observer');
    const login = await h.app.request(
      '/api/auth/login',
      json('POST', { email: person.email, password: person.password }, {})
    );
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await h.app.request(`/api/users/${person.id}`, json('PATCH', { password: 'a brand new one' }, bearer(admin)));
    expect((await h.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    const again = await h.app.request(
      '/api/auth/login',
      json('POST', { email: person.email, password: 'a brand new one' }, {})
    );
    expect(again.status).toBe(200);
  });
});

describe('seeding', () => {
  it('creates the first admin once and the demo organisation once', async () => {
    const fresh = await createHarness();
    try {
      const created = await ensureFirstAdmin(fresh.pool);
      expect(created?.password.length).toBeGreaterThanOrEqual(12);
      expect(await ensureFirstAdmin(fresh.pool)).toBeUndefined();
      const login = await fresh.app.request(
        '/api/auth/login',
        json('POST', { email: created!.email, password: created!.password }, {})
      );
      expect(login.status).toBe(200);
      const demo = await seedDemo(fresh.pool);
      expect(demo.map((a) => a.role).sort()).toEqual(['assistant', 'assistant', 'manager', 'observer']);
      expect(await seedDemo(fresh.pool)).toEqual([]);
      const observer = demo.find((a) => a.role === 'observer')!;
      const asObserver = await fresh.app.request(
        '/api/auth/login',
        json('POST', { email: observer.email, password: observer.password }, {})
      );
      expect(asObserver.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('uses BATON_ADMIN_PASSWORD when given', async () => {
    const fresh = await createHarness();
    try {
      expect((await ensureFirstAdmin(fresh.pool, 'chosen password'))?.password).toBe('chosen password');
    } finally {
      await fresh.close();
    }
  });
});

describe('unreachable database', () => {
  it('answers 503 with Retry-After', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
    const app = createApp({
      logger: pino({ level: 'silent' }),
      pool,
      checks: {
        postgres: () => Promise.resolve({ ok: false, detail: 'down' }),
        temporal: () => Promise.resolve({ ok: false, detail: 'down' }),
      },
    });
    const response = await app.request('/api/auth/me', { headers: { authorization: 'Bearer baton_x' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    await pool.end();
  });
});
