import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../people/password-policy';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
});
afterAll(async () => h.close());

describe('password policy', () => {
  it('refuses white space only, control characters and the most common passwords, naming the field', async () => {
    const refused = [
      '        ',
      '\t\t\t\t\t\t\t\t',
      'pass\u0007word-long',
      'new\u0085line-long',
      'qwertyuiop',
      'Iloveyou1',
    ];
    for (const [index, password] of refused.entries()) {
      const response = await h.app.request(
        '/api/users',
        json('POST', { email: `weak-${index}@x.test`, name: 'Weak', role: 'assistant', password }, bearer(admin))
      );
      expect(response.status, JSON.stringify(password)).toBe(422);
      const body = (await response.json()) as { issues: { path: string; message: string }[] };
      expect(body.issues.map((issue) => issue.path)).toContain('password');
    }
    expect(passwordProblem('qwertyuiop')).toMatch(/most common/);
    expect(passwordProblem('PASSWORD123')).toMatch(/most common/);
    const fine = await h.app.request(
      '/api/users',
      json(
        'POST',
        { email: 'strong@x.test', name: 'Strong', role: 'assistant', password: 'violet stapler canoe' },
        bearer(admin)
      )
    );
    expect(fine.status).toBe(201);
  });

  it('revokes the API tokens and ends the sessions of a person whose password changes', async () => {
    const person = await addUser(h.pool, 'assistant', 'changer');
    expect((await h.app.request('/api/auth/me', { headers: bearer(person) })).status).toBe(200);
    const changed = await h.app.request(
      `/api/users/${person.id}`,
      json('PATCH', { password: 'violet stapler canoe 2' }, bearer(admin))
    );
    expect(changed.status).toBe(200);
    expect((await h.app.request('/api/auth/me', { headers: bearer(person) })).status).toBe(401);
    const { rows } = await h.pool.query<{ live: number }>(
      'SELECT count(*)::int AS live FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [person.id]
    );
    expect(rows[0]?.live).toBe(0);
    // Another person's tokens are untouched.
    expect((await h.app.request('/api/auth/me', { headers: bearer(admin) })).status).toBe(200);
  });
});
