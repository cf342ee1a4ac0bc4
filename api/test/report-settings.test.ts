import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, json, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('report settings', () => {
  it('start at the role’s period, change to the chosen one, and are for those who receive reports only', async () => {
    const manager = await addUser(h.pool, 'manager', 'Maria');
    const observer = await addUser(h.pool, 'observer', 'Olek');
    const assistant = await addUser(h.pool, 'assistant', 'Ala');
    const read = async (user: typeof manager) =>
      (await h.app.request('/api/report-settings', { headers: bearer(user) })).json();
    expect(await read(manager)).toEqual({ period: 'weekly', chosen: false, default: 'weekly', receives: true });
    expect(await read(observer)).toMatchObject({ period: 'monthly', default: 'monthly', receives: true });
    expect(await read(assistant)).toMatchObject({ period: 'none', receives: false });

    const put = (user: typeof manager, period: string) =>
      h.app.request('/api/report-settings', json('PUT', { period }, bearer(user)));
    const changed = await put(manager, 'none');
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ period: 'none', chosen: true, default: 'weekly', receives: true });
    expect(await read(manager)).toMatchObject({ period: 'none', chosen: true });
    expect((await put(manager, 'hourly')).status).toBe(422);
    expect((await put(assistant, 'daily')).status).toBe(403);
    const stored = await h.pool.query<{ report_period: string | null }>(
      'SELECT report_period FROM users WHERE id = $1',
      [manager.id]
    );
    expect(stored.rows[0]?.report_period).toBe('none');
  });
});
