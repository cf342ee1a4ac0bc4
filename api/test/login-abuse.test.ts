import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createHarness, json, type Harness, type TestUser } from './harness';

// Password guessing: the per-account limit must hold under a burst of parallel attempts, not only one at a time.

let h: Harness;
let victim: TestUser;

beforeAll(async () => {
  h = await createHarness({ poolSize: 10 });
  victim = await addUser(h.pool, 'assistant', 'victim');
});
afterAll(async () => h.close());

describe('login rate limit', () => {
  it('checks at most 5 passwords of 40 parallel attempts on one account', async () => {
    const attempts = Array.from({ length: 40 }, (_, index) =>
      h.app.request('/api/auth/login', json('POST', { email: victim.email, password: `guess-${index}-wrong` }, {}))
    );
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    const checked = statuses.filter((status) => status === 401).length;
    console.info(`40 parallel sign-ins on one account: ${checked} passwords checked, the rest 429`);
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - checked);
    // The right password is refused too while the account is paused.
    const right = await h.app.request(
      '/api/auth/login',
      json('POST', { email: victim.email, password: victim.password }, {})
    );
    expect(right.status).toBe(429);
  });
});
