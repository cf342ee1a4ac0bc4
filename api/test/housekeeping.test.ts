import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceFirstAdmin } from '../people/seed';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

let h: Harness;
let user: TestUser;

beforeAll(async () => {
  h = await createHarness();
  user = await addUser(h.pool, 'assistant');
});
afterAll(async () => h.close());

describe('housekeeping', () => {
  it('prints the first admin’s password on stdout once, as plain text or as one JSON line', () => {
    const admin = { role: 'admin' as const, email: 'admin@baton.local', password: 'correct-horse-battery' };
    const plain: string[] = [];
    announceFirstAdmin(admin, { passwordFromEnv: false, json: false }, (text) => plain.push(text));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toContain('admin@baton.local');
    expect(plain[0]).toContain('correct-horse-battery');
    const lines: string[] = [];
    announceFirstAdmin(admin, { passwordFromEnv: false, json: true }, (text) => lines.push(text));
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: expect.stringContaining('correct-horse-battery') as string });
    const fromEnv: string[] = [];
    announceFirstAdmin(admin, { passwordFromEnv: true, json: false }, (text) => fromEnv.push(text));
    expect(fromEnv[0]).not.toContain('correct-horse-battery');
    expect(fromEnv[0]).toContain('BATON_ADMIN_PASSWORD');
  });

  it('deletes expired sessions when someone signs in', async () => {
    await h.pool.query(
      `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ('old-1', $1, now() - interval '1 day'),
              ('old-2', $1, now() - interval '1 minute'), ('live', $1, now() + interval '1 hour')`,
      [user.id]
    );
    const login = await h.app.request(
      '/api/auth/login',
      json('POST', { email: user.email, password: user.password }, {})
    );
    expect(login.status).toBe(200);
    const { rows } = await h.pool.query<{ id_hash: string }>(
      "SELECT id_hash FROM sessions WHERE id_hash IN ('old-1', 'old-2', 'live') ORDER BY id_hash"
    );
    expect(rows.map((row) => row.id_hash)).toEqual(['live']);
  });

  it('records when an API token was last used, at most once a minute', async () => {
    await h.pool.query('UPDATE api_tokens SET last_used_at = NULL WHERE user_id = $1', [user.id]);
    expect((await h.app.request('/api/auth/me', { headers: bearer(user) })).status).toBe(200);
    const first = await h.pool.query<{ at: Date }>('SELECT last_used_at AS at FROM api_tokens WHERE user_id = $1', [
      user.id,
    ]);
    expect(first.rows[0]?.at).toBeInstanceOf(Date);
    await h.pool.query("UPDATE api_tokens SET last_used_at = now() - interval '30 seconds' WHERE user_id = $1", [
      user.id,
    ]);
    const recent = (
      await h.pool.query<{ at: Date }>('SELECT last_used_at AS at FROM api_tokens WHERE user_id = $1', [user.id])
    ).rows[0]!.at;
    await h.app.request('/api/auth/me', { headers: bearer(user) });
    const unchanged = await h.pool.query<{ at: Date }>('SELECT last_used_at AS at FROM api_tokens WHERE user_id = $1', [
      user.id,
    ]);
    expect(unchanged.rows[0]?.at.getTime()).toBe(recent.getTime());
    await h.pool.query("UPDATE api_tokens SET last_used_at = now() - interval '5 minutes' WHERE user_id = $1", [
      user.id,
    ]);
    await h.app.request('/api/auth/me', { headers: bearer(user) });
    const touched = await h.pool.query<{ fresh: boolean }>(
      "SELECT last_used_at > now() - interval '1 minute' AS fresh FROM api_tokens WHERE user_id = $1",
      [user.id]
    );
    expect(touched.rows[0]?.fresh).toBe(true);
  });
});
