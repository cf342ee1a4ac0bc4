import { ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Starting a process against a scripted Temporal client: the processes row must exist by the time the workflow
// starts (so a crash right after the start never leaves an invisible workflow), and go only when nothing started.

type Outcome = 'ok' | 'unreachable' | 'lost';
let outcome: Outcome = 'ok';
let exists = false;
const rowsSeenAtStart: number[] = [];
let h: Harness;

const fakeClient = {
  withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
  workflow: {
    async start(_workflow: string, options: { workflowId: string }) {
      const { rowCount } = await h.pool.query('SELECT 1 FROM processes WHERE workflow_id = $1', [options.workflowId]);
      rowsSeenAtStart.push(rowCount ?? 0);
      if (outcome === 'unreachable') {
        const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
          code: 14,
          details: 'No connection established',
          metadata: {},
        });
        throw new ServiceError('Failed to start Workflow', { cause: grpc });
      }
      // The start reached Temporal (which may or may not have started it) but the answer was lost.
      if (outcome === 'lost')
        throw Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4, details: 'deadline', metadata: {} });
      exists = true;
      return { workflowId: options.workflowId };
    },
    getHandle: (workflowId: string) => ({
      describe: () =>
        exists
          ? Promise.resolve({ workflowId })
          : Promise.reject(new WorkflowNotFoundError('not found', workflowId, undefined)),
    }),
  },
};

let manager: TestUser;
let assistant: TestUser;
let templateId: string;

beforeAll(async () => {
  // The fake implements only what starting a process calls.
  h = await createHarness({ temporal: { client: fakeClient as unknown as Client, taskQueue: 'start' } });
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Start') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  const created = await h.app.request(
    '/api/templates',
    json('POST', { name: 'Delegation', draft: delegationCycleTemplate }, bearer(manager))
  );
  expect(created.status).toBe(201);
  templateId = ((await created.json()) as { id: string }).id;
  const published = await h.app.request(`/api/templates/${templateId}/publish`, {
    method: 'POST',
    headers: bearer(manager),
  });
  expect(published.status).toBe(201);
});
afterAll(async () => h.close());
beforeEach(() => {
  outcome = 'ok';
  exists = false;
  rowsSeenAtStart.length = 0;
});

const start = () =>
  h.app.request(
    '/api/processes',
    json('POST', { templateId, params: { assistant: assistant.id, taskTitle: 'Book the venue' } }, bearer(manager))
  );
const count = async () => (await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM processes')).rows[0]?.n;

describe('starting a process', () => {
  it('writes the processes row before the workflow starts', async () => {
    const before = await count();
    const response = await start();
    expect(response.status).toBe(201);
    expect(rowsSeenAtStart).toEqual([1]);
    expect(await count()).toBe(before! + 1);
  });

  it('removes the row when Temporal was never reached (503)', async () => {
    outcome = 'unreachable';
    const before = await count();
    const response = await start();
    expect(response.status).toBe(503);
    expect(rowsSeenAtStart).toEqual([1]);
    expect(await count()).toBe(before);
  });

  it('keeps the row when the start may have happened, and removes it when Temporal says it did not', async () => {
    outcome = 'lost';
    exists = true; // the start landed; only its answer was lost
    const before = await count();
    expect((await start()).status).toBeGreaterThanOrEqual(500);
    expect(await count()).toBe(before! + 1);
    exists = false; // this time it did not land
    expect((await start()).status).toBeGreaterThanOrEqual(500);
    expect(await count()).toBe(before! + 1);
  });
});
