import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { EventHub } from '../lib/event-hub';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// What a stopping server does to the requests it still has: live-event streams end at once, new requests and step
// actions waiting on their workflow get 202 "outcome unknown" (sent, answer lost: retry with the same key or look at the
// step), never 500 and never a hang; new requests get 503.

let h: Harness;
let assistant: TestUser;
let manager: TestUser;
let stepId: string;
const PROCESS = 'process-00000000-0000-4000-8000-0000000000d1';

/** A Temporal client whose updates never answer until the call's abort signal fires. */
const waits: string[] = [];
const hangingClient = {
  workflowService: { getSystemInfo: () => Promise.resolve({}) },
  withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
  async withAbortSignal<R>(signal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return Promise.race([
      fn(),
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new WorkflowUpdateRPCTimeoutOrCancelledError('cancelled')))
      ),
    ]);
  },
  workflow: {
    getHandle: () => ({
      executeUpdate: (name: string) => {
        waits.push(name);
        return new Promise<never>(() => undefined);
      },
    }),
  },
};

beforeAll(async () => {
  h = await createHarness();
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Stop') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
     VALUES ($1, 't', 1, 'Stop', $2, NULL, '{}', 'running')`,
    [PROCESS, manager.id]
  );
  const step = await h.pool.query<{ id: string }>(
    `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, status)
     VALUES ($1, 'do-task', 1, 'Book the venue', $2, $3, 'inProgress') RETURNING id`,
    [PROCESS, assistant.id, manager.id]
  );
  stepId = step.rows[0]!.id;
});
afterAll(async () => h.close());

describe('shutdown', () => {
  it('ends open streams at once, answers 202 (outcome unknown) to step actions in flight, 503 to new requests', async () => {
    const shutdown = new AbortController();
    const events = new EventHub(h.pool.options, pino({ level: 'silent' }));
    const app = createApp({
      logger: pino({ level: 'silent' }),
      pool: h.pool,
      events,
      shutdown: shutdown.signal,
      // The fake implements only what a step action calls.
      temporal: { client: hangingClient as unknown as Client, taskQueue: 'stop' },
      checks: {
        postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
        temporal: () => Promise.resolve({ ok: true, detail: 'test' }),
      },
    });
    const stream = await app.request('/api/events', { headers: bearer(assistant) });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return Date.now();
    })();
    const inFlight = app.request(`/api/steps/${stepId}/actions`, json('POST', { type: 'submit' }, bearer(assistant)));
    for (let waited = 0; waits.length === 0 && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waits).toEqual(['submit']);

    const stoppedAt = Date.now();
    shutdown.abort();
    await events.close();
    const endedAt = await Promise.race([ended, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 3000))]);
    expect(endedAt).toBeGreaterThan(0);
    expect(endedAt - stoppedAt).toBeLessThan(1000);

    const action = await inFlight;
    // Sent and unanswered: it may have been applied, so not a 503 (which says "not applied").
    expect(action.status).toBe(202);
    expect(action.headers.get('location')).toBe(`/api/steps/${stepId}`);
    expect(await action.json()).toMatchObject({ stepId, action: 'submit', outcome: 'unknown' });
    // The step is free again for the retry.
    expect((await h.pool.query('SELECT 1 FROM step_claims WHERE task_id = $1', [stepId])).rowCount).toBe(0);

    for (const [path, init] of [
      ['/api/inbox', { headers: bearer(assistant) }],
      ['/api/events', { headers: bearer(assistant) }],
      [`/api/steps/${stepId}/actions`, json('POST', { type: 'submit' }, bearer(assistant))],
    ] as const) {
      const response = await app.request(path, init);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('retry-after'), path).toBe('5');
    }
    expect(waits).toHaveLength(1);
  });

  it('refuses a new stream once the hub is closed, with 503', async () => {
    const events = new EventHub(h.pool.options, pino({ level: 'silent' }));
    const app = createApp({
      logger: pino({ level: 'silent' }),
      pool: h.pool,
      events,
      checks: {
        postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
        temporal: () => Promise.resolve({ ok: false, detail: 'test' }),
      },
    });
    await events.close();
    const response = await app.request('/api/events', { headers: bearer(assistant) });
    expect(response.status).toBe(503);
  });
});
