import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../client';
import { addUser, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let manager: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await addUser(h.pool, 'manager');
});
afterAll(async () => h.close());

describe('typed client', () => {
  it('creates and reads a template through the contract types', async () => {
    const client = createApiClient('http://localhost', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => h.app.request(input, init),
      headers: { authorization: `Bearer ${manager.token}` },
    });
    const created = await client.api.templates.$post({ json: { name: 'Typed', draft: { nodes: [] } }, header: {} });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const { id } = await created.json();
    const read = await client.api.templates[':id'].$get({ param: { id } });
    expect(read.status).toBe(200);
    if (read.status === 200) expect((await read.json()).name).toBe('Typed');
  });
});

describe('typed client over every router', () => {
  it('reaches auth and people routes with their types', async () => {
    const client = createApiClient('http://localhost', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => h.app.request(input, init),
      headers: { authorization: `Bearer ${manager.token}` },
    });
    const me = await client.api.auth.me.$get();
    expect(me.status).toBe(200);
    if (me.status === 200) expect((await me.json()).role).toBe('manager');
    const teams = await client.api.teams.$get();
    expect(teams.status).toBe(200);
  });
});

describe('typed client over the process routes', () => {
  it('reads the inbox, processes, duties and notifications with their types', async () => {
    const client = createApiClient('http://localhost', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => h.app.request(input, init),
      headers: { authorization: `Bearer ${manager.token}` },
    });
    const inbox = await client.api.inbox.$get({ query: { quadrant: 'doFirst' } });
    expect(inbox.status).toBe(200);
    if (inbox.status === 200) expect((await inbox.json()).items).toEqual([]);
    const processes = await client.api.processes.$get({ query: { status: 'running' } });
    expect(processes.status).toBe(200);
    if (processes.status === 200) expect((await processes.json()).nextCursor).toBeNull();
    const duties = await client.api.duties.$get({ query: {} });
    expect(duties.status).toBe(200);
    // Every duty action is a typed entry under `:id` (an unknown duty answers 404 before Temporal is needed).
    const noDuty = '00000000-0000-4000-8000-000000000000';
    for (const response of await Promise.all([
      client.api.duties[':id'].upcoming.$get({ param: { id: noDuty }, query: { count: '3' } }),
      client.api.duties[':id'].pause.$post({ param: { id: noDuty }, header: {}, json: {} }),
      client.api.duties[':id'].resume.$post({ param: { id: noDuty }, header: {}, json: {} }),
      client.api.duties[':id']['skip-next'].$post({ param: { id: noDuty }, header: {}, json: {} }),
    ])) {
      expect(response.status).toBe(404);
    }
    const feed = await client.api.notifications.$get({ query: { unread: 'true' } });
    expect(feed.status).toBe(200);
    if (feed.status === 200) expect((await feed.json()).unreadCount).toBe(0);
    const missing = await client.api.steps[':id'].$get({ param: { id: '999999' } });
    expect(missing.status).toBe(404);
  });
});
