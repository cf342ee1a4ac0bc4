import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

let h: Harness;
let admin: TestUser;
let operations: { method: string; path: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  admin = await addUser(h.pool, 'admin');
  const spec = (await (await h.app.request('/api/openapi.json')).json()) as { paths: Record<string, object> };
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method, path }))
  );
});
afterAll(async () => h.close());

const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constant('1'));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.record({ name: fc.string(), draft: fc.object({ maxDepth: 3 }) }).map((value) => JSON.stringify(value)),
  fc.constant('{"a":')
);
const query = fc.dictionary(
  fc.constantFrom(
    'limit',
    'cursor',
    'role',
    'teamId',
    'archived',
    'q',
    'from',
    'to',
    'version',
    'x',
    'templateId',
    'status',
    'assignee',
    'overdue',
    'quadrant',
    'processId',
    'lastEventId',
    'count',
    'recipient',
    'period',
    'unread',
    'unsent'
  ),
  fc.string({ maxLength: 30 })
);

describe('fuzzing every route', () => {
  it('never answers 500 to arbitrary bodies, queries and path parameters', async () => {
    expect(operations.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        segment,
        segment,
        body,
        query,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (op, id, version, text, params, contentType) => {
          const path = op.path
            .replace('{id}', encodeURIComponent(id))
            .replace('{version}', encodeURIComponent(version));
          const search = new URLSearchParams(params).toString();
          const response = await h.app.request(`${path}${search ? `?${search}` : ''}`, {
            method: op.method.toUpperCase(),
            headers: { ...bearer(admin), 'content-type': contentType },
            body: op.method === 'get' ? undefined : text,
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
            // A live event stream never ends by itself: its opening is the answer.
            expect(response.status).toBe(200);
            await response.body?.cancel();
            return;
          }
          const payload = await response.text();
          // Readiness honestly answers 503 here: the harness has no Temporal service.
          const ceiling = op.path === '/api/ready' ? 504 : 500;
          expect(response.status, `${op.method} ${path}?${search} ${text} -> ${payload}`).toBeLessThan(ceiling);
          expect(payload).not.toMatch(/\n\s+at /);
        }
      ),
      { numRuns: 600 }
    );
    // The fuzzing reached validation (422) and not only authorization or routing.
    expect(statuses.get(422) ?? 0).toBeGreaterThan(0);
  });
});
