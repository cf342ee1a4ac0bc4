import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../lib/crypto';
import { addUser, bearer, createHarness, json, ORIGIN, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
});
afterAll(async () => h.close());

function sessionCookie(response: Response): string {
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/baton_session=/);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  return cookie.split(';')[0]!;
}

describe('sessions', () => {
  it('signs in with a cookie, answers me, refuses a cross-site POST, signs out', async () => {
    const login = await h.app.request(
      '/api/auth/login',
      json('POST', { email: admin.email.toUpperCase(), password: admin.password }, {})
    );
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ id: admin.id, role: 'admin' });
    const cookie = sessionCookie(login);
    const stored = await h.pool.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(stored.rows[0]?.id_hash).not.toBe(cookie.split('=')[1]);

    const me = await h.app.request('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: admin.email });

    const noOrigin = await h.app.request('/api/auth/tokens', json('POST', { name: 'x' }, { cookie }));
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get('content-type')).toBe('application/problem+json');
    const foreign = await h.app.request(
      '/api/auth/tokens',
      json('POST', { name: 'x' }, { cookie, origin: 'https://evil.example' })
    );
    expect(foreign.status).toBe(403);
    const crossSite = await h.app.request(
      '/api/auth/tokens',
      json('POST', { name: 'x' }, { cookie, 'sec-fetch-site': 'cross-site' })
    );
    expect(crossSite.status).toBe(403);
    const sameOrigin = await h.app.request('/api/auth/tokens', json('POST', { name: 'x' }, { cookie, origin: ORIGIN }));
    expect(sameOrigin.status).toBe(201);

    const logout = await h.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, origin: ORIGIN } });
    expect(logout.status).toBe(204);
    expect((await h.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('throttles sign-in per account after repeated failures, even with the right password', async () => {
    const victim = await addUser(h.pool, 'assistant', 'victim');
    for (let i = 0; i < 5; i++) {
      const wrong = await h.app.request('/api/auth/login', json('POST', { email: victim.email, password: 'nope' }, {}));
      expect(wrong.status).toBe(401);
    }
    const blocked = await h.app.request(
      '/api/auth/login',
      json('POST', { email: victim.email, password: victim.password }, {})
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same (in-process) address is not yet blocked.
    const other = await h.app.request(
      '/api/auth/login',
      json('POST', { email: admin.email, password: admin.password }, {})
    );
    expect(other.status).toBe(200);
  });

  it('throttles per address across accounts', async () => {
    await h.pool.query(
      "INSERT INTO login_failures (email, address) SELECT 'x' || g, 'local' FROM generate_series(1, 30) g"
    );
    const blocked = await h.app.request(
      '/api/auth/login',
      json('POST', { email: admin.email, password: admin.password }, {})
    );
    expect(blocked.status).toBe(429);
    await h.pool.query("DELETE FROM login_failures WHERE address = 'local'");
  });
});

describe('login CSRF', () => {
  it('refuses a sign-in posted from another site', async () => {
    const response = await h.app.request(
      '/api/auth/login',
      json('POST', { email: admin.email, password: admin.password }, { origin: 'https://evil.example' })
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('Idempotency-Key', () => {
  it('answers 409 while the first request with the key is still running', async () => {
    await h.pool.query(
      "INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES ($1, 'busy', 'POST', '/api/auth/tokens', $2)",
      [admin.id, sha256('POST /api/auth/tokens\n{"name":"x"}')]
    );
    const response = await h.app.request(
      '/api/auth/tokens',
      json('POST', { name: 'x' }, { ...bearer(admin), 'idempotency-key': 'busy' })
    );
    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBe('1');
    const { rows } = await h.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1 AND name = 'x'",
      [admin.id]
    );
    expect(rows[0]?.n).toBe(1);
  });
});

describe('API tokens', () => {
  it('shows a token once, stores only its hash, and revokes it', async () => {
    const created = await h.app.request('/api/auth/tokens', json('POST', { name: 'crm' }, bearer(admin)));
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const stored = await h.pool.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
    const list = await h.app.request('/api/auth/tokens', { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain(token);
    const revoke = await h.app.request(`/api/auth/tokens/${id}`, { method: 'DELETE', headers: bearer(admin) });
    expect(revoke.status).toBe(204);
    expect((await h.app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('shape', () => {
  it('answers malformed JSON with 400 and a wrong field with a 422 naming it', async () => {
    const malformed = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const invalid = await h.app.request('/api/auth/login', json('POST', { email: 'a@b.c', password: 42 }, {}));
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path)).toContain('password');
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await h.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(3 * 1024 * 1024) },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it('serves the OpenAPI document and an offline reference page', async () => {
    const spec = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(spec.paths)).toContain('/api/auth/login');
    expect(Object.keys(spec.components.schemas)).toContain('Problem');
    const page = await (await h.app.request('/api/docs')).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/')).toBe(true);
      expect((await h.app.request(source)).status).toBe(200);
    }
  });
});
