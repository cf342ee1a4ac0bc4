import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../lib/app-env';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
const users = {} as Record<Role, TestUser>;
let other: TestUser;

const EVERYONE = ROLES;
const STAFF: readonly Role[] = ['admin', 'manager'];
const ADMIN: readonly Role[] = ['admin'];
const PUBLIC = 'public';

/**
 * Who may call each operation. Routes on a person (`/users/{id}…`) are also open to that person, which this
 * matrix does not exercise: it always targets someone else.
 */
const MATRIX: Record<string, readonly Role[] | typeof PUBLIC> = {
  'get /api/health': PUBLIC,
  'get /api/ready': PUBLIC,
  'post /api/auth/login': PUBLIC,
  'post /api/auth/logout': EVERYONE,
  'get /api/auth/me': EVERYONE,
  'post /api/auth/tokens': EVERYONE,
  'get /api/auth/tokens': EVERYONE,
  'delete /api/auth/tokens/{id}': EVERYONE,
  'get /api/users': STAFF,
  'post /api/users': ADMIN,
  'get /api/users/{id}': STAFF,
  'patch /api/users/{id}': ADMIN,
  'get /api/users/{id}/absences': STAFF,
  'post /api/users/{id}/absences': STAFF,
  'get /api/teams': EVERYONE,
  'post /api/teams': ADMIN,
  'patch /api/teams/{id}': ADMIN,
  'get /api/templates': STAFF,
  'post /api/templates': STAFF,
  'post /api/templates/import': STAFF,
  'get /api/templates/{id}': STAFF,
  'put /api/templates/{id}': STAFF,
  'post /api/templates/{id}/validate': STAFF,
  'post /api/templates/{id}/timeline': STAFF,
  'post /api/templates/{id}/publish': STAFF,
  'get /api/templates/{id}/versions': STAFF,
  'get /api/templates/{id}/versions/{version}': STAFF,
  'get /api/templates/{id}/diff': STAFF,
  'post /api/templates/{id}/archive': STAFF,
  'get /api/templates/{id}/export': STAFF,
  // Process routes open to every role check the object itself (see process-access.test.ts).
  'get /api/processes': EVERYONE,
  'post /api/processes': STAFF,
  'get /api/processes/{id}': EVERYONE,
  'get /api/processes/{id}/diagram': EVERYONE,
  'get /api/processes/{id}/state': EVERYONE,
  'get /api/processes/{id}/audit': EVERYONE,
  'post /api/processes/{id}/cancel': EVERYONE,
  'post /api/processes/{id}/parameters': EVERYONE,
  'get /api/inbox': EVERYONE,
  'get /api/steps/{id}': EVERYONE,
  'post /api/steps/{id}/actions': EVERYONE,
  'get /api/events': EVERYONE,
  'get /api/duties': EVERYONE,
  'post /api/duties': STAFF,
  'get /api/duties/{id}': EVERYONE,
  'get /api/duties/{id}/upcoming': EVERYONE,
  'post /api/duties/{id}/pause': EVERYONE,
  'post /api/duties/{id}/resume': EVERYONE,
  'post /api/duties/{id}/skip-next': EVERYONE,
  'post /api/duties/{id}/schedule': EVERYONE,
  'get /api/reports': EVERYONE,
  'get /api/reports/{id}': EVERYONE,
  'get /api/notifications': EVERYONE,
  'post /api/notifications/{id}/read': EVERYONE,
  'post /api/notifications/read-all': EVERYONE,
  'get /api/outbox': EVERYONE,
};

let operations: { method: string; path: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) users[role] = await addUser(h.pool, role);
  other = await addUser(h.pool, 'assistant', 'other');
  const spec = (await (await h.app.request('/api/openapi.json')).json()) as { paths: Record<string, object> };
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method, path }))
  );
});
afterAll(async () => h.close());

function concrete(path: string) {
  return path.replace('{id}', other.id).replace('{version}', '1');
}

describe('authorization matrix', () => {
  it('lists every documented operation', () => {
    expect(operations.map((op) => `${op.method} ${op.path}`).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers 401 without credentials and 403 for every role not allowed, never acting', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations) {
      const allowed = MATRIX[`${method} ${path}`];
      if (allowed === PUBLIC || allowed === undefined) continue;
      const init = {
        method: method.toUpperCase(),
        headers: { 'content-type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      };
      const anonymous = await h.app.request(concrete(path), init);
      await anonymous.body?.cancel();
      if (anonymous.status !== 401) failures.push(`${method} ${path} anonymous -> ${anonymous.status}`);
      for (const role of ROLES) {
        const response = await h.app.request(concrete(path), {
          ...init,
          headers: { ...init.headers, ...bearer(users[role]) },
        });
        // Ends the live event stream (and any other body) so nothing stays subscribed.
        await response.body?.cancel();
        const forbidden = response.status === 403;
        if (allowed.includes(role) === forbidden || response.status === 401 || response.status >= 500)
          failures.push(`${method} ${path} as ${role} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    const { rows } = await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(rows[0]?.n).toBe(ROLES.length + 1);
  });

  it('lets a person see and record their own absences', async () => {
    const self = users.assistant;
    const own = await h.app.request(`/api/users/${self.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(self), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2026-12-01', endsOn: '2026-12-05', deputyId: other.id }),
    });
    expect(own.status).toBe(201);
    const list = await h.app.request(`/api/users/${self.id}/absences`, { headers: bearer(self) });
    expect(((await list.json()) as unknown[]).length).toBe(1);
    const backwards = await h.app.request(`/api/users/${self.id}/absences`, {
      method: 'POST',
      headers: { ...bearer(self), 'content-type': 'application/json' },
      body: JSON.stringify({ startsOn: '2026-12-05', endsOn: '2026-12-01' }),
    });
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(await backwards.json())).toContain('endsOn');
  });
});
