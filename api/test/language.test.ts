import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, json, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

const storedLanguage = async (id: string) =>
  (await h.pool.query<{ language: string | null }>('SELECT language FROM users WHERE id = $1', [id])).rows[0]?.language;

describe("a person's language", () => {
  it("takes the browser's language at the first sign-in and keeps the person's own afterwards", async () => {
    const user = await addUser(h.pool, 'assistant', 'nowa');
    expect(await storedLanguage(user.id)).toBeNull();
    const first = await h.app.request(
      '/api/auth/login',
      json('POST', { email: user.email, password: user.password, browserLanguage: 'pl' }, {})
    );
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id: user.id, language: 'pl' });
    expect(await storedLanguage(user.id)).toBe('pl');

    // Another browser in Russian does not overwrite what the person already has.
    const second = await h.app.request(
      '/api/auth/login',
      json('POST', { email: user.email, password: user.password, browserLanguage: 'ru' }, {})
    );
    expect(await second.json()).toMatchObject({ language: 'pl' });
    expect(await storedLanguage(user.id)).toBe('pl');
  });

  it("a language picked on the login page becomes the person's", async () => {
    const user = await addUser(h.pool, 'manager', 'jana');
    await h.pool.query("UPDATE users SET language = 'en' WHERE id = $1", [user.id]);
    const login = await h.app.request(
      '/api/auth/login',
      json('POST', { email: user.email, password: user.password, language: 'cs', browserLanguage: 'en' }, {})
    );
    expect(await login.json()).toMatchObject({ language: 'cs' });
    expect(await storedLanguage(user.id)).toBe('cs');
  });

  it('is changed by the person through PATCH /api/auth/me and answered by GET /api/auth/me', async () => {
    const user = await addUser(h.pool, 'observer', 'ivan');
    const before = await h.app.request('/api/auth/me', { headers: bearer(user) });
    expect(await before.json()).toMatchObject({ language: null });
    const patch = await h.app.request('/api/auth/me', json('PATCH', { language: 'ru' }, bearer(user)));
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ id: user.id, language: 'ru' });
    const after = await h.app.request('/api/auth/me', { headers: bearer(user) });
    expect(await after.json()).toMatchObject({ language: 'ru' });
    expect(await storedLanguage(user.id)).toBe('ru');
  });

  it('refuses a language Baton does not speak', async () => {
    const user = await addUser(h.pool, 'assistant', 'hans');
    const patch = await h.app.request('/api/auth/me', json('PATCH', { language: 'de' }, bearer(user)));
    expect(patch.status).toBe(422);
    expect(await storedLanguage(user.id)).toBeNull();
    const login = await h.app.request(
      '/api/auth/login',
      json('POST', { email: user.email, password: user.password, language: 'xx' }, {})
    );
    expect(login.status).toBe(422);
  });
});
