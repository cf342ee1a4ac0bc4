import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';
import { addUser, createHarness, json, type Harness, type TestUser } from './harness';

// Behind a reverse proxy every request comes from the proxy's address: with TRUST_PROXY the lockout counts the
// forwarded client address instead, and the cookie is Secure when the browser used HTTPS.

let h: Harness;
let person: TestUser;
let behindProxy: App;

beforeAll(async () => {
  h = await createHarness();
  person = await addUser(h.pool, 'assistant', 'person');
  behindProxy = createApp({
    logger: pino({ level: 'silent' }),
    pool: h.pool,
    trustProxy: true,
    checks: {
      postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
      temporal: () => Promise.resolve({ ok: false, detail: 'test' }),
    },
  });
});
afterAll(async () => h.close());

const signIn = (app: App, email: string, password: string, headers: Record<string, string>) =>
  app.request('/api/auth/login', json('POST', { email, password }, headers));

describe('TRUST_PROXY', () => {
  it('counts failures per forwarded client address (its last entry), so one client does not lock out the rest', async () => {
    // 30 failures from one client behind the proxy, on different accounts; the first entry is forged each time.
    for (let index = 0; index < 30; index++) {
      const response = await signIn(behindProxy, `nobody-${index}@x.test`, 'wrong password', {
        'x-forwarded-for': `10.9.9.${index}, 203.0.113.7`,
      });
      expect(response.status).toBe(401);
    }
    const locked = await signIn(behindProxy, person.email, person.password, { 'x-forwarded-for': '203.0.113.7' });
    expect(locked.status).toBe(429);
    const other = await signIn(behindProxy, person.email, person.password, { 'x-forwarded-for': '198.51.100.4' });
    expect(other.status).toBe(200);
    const { rows } = await h.pool.query<{ address: string }>('SELECT DISTINCT address FROM login_failures');
    expect(rows.map((row) => row.address)).toEqual(['203.0.113.7']);
  });

  it('sets Secure on the session cookie when the proxy says the browser used HTTPS', async () => {
    const https = await signIn(behindProxy, person.email, person.password, {
      'x-forwarded-for': '198.51.100.5',
      'x-forwarded-proto': 'https',
    });
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    const plain = await signIn(behindProxy, person.email, person.password, { 'x-forwarded-for': '198.51.100.5' });
    expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });

  it('ignores the forwarded headers without TRUST_PROXY', async () => {
    await h.pool.query('DELETE FROM login_failures');
    const response = await signIn(h.app, 'nobody@x.test', 'wrong password', {
      'x-forwarded-for': '203.0.113.99',
      'x-forwarded-proto': 'https',
    });
    expect(response.status).toBe(401);
    const { rows } = await h.pool.query<{ address: string }>('SELECT address FROM login_failures');
    expect(rows.map((row) => row.address)).toEqual(['local']);
    const signedIn = await signIn(h.app, person.email, person.password, { 'x-forwarded-proto': 'https' });
    expect(signedIn.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });
});
