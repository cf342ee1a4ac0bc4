import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../worker/worker';
import { processStateQuery } from '../workflows/process.messages';
import type { ProcessInput } from '../workflows/process.workflow';
import { parseTemplate } from '../workflows/template';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { createTimeSkippingTestEnvironment } from './support/temporal';

const position = { x: 0, y: 0 };
const template = parseTemplate({
  schemaVersion: 1,
  id: 'sleeper',
  name: 'Sleeper',
  calendarId: 'pl',
  parameters: [],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    { id: 'wait', type: 'wait', position, data: { until: 'start + 1h any day' } },
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'end' },
  ],
});
const input: ProcessInput = {
  template,
  params: {},
  starter: 'boss',
  calendar: { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' },
};

const CACHE = 2;
const SLEEPERS = 7;

describe('a worker whose cache holds fewer processes than are sleeping', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let pool: pg.Pool;
  let running: RunningWorker;
  const taskQueue = `eviction-${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    env = await createTimeSkippingTestEnvironment();
    running = await startWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      pool,
      logger: pino({ level: 'silent' }),
      workflowCache: CACHE,
    });
  });

  afterAll(async () => {
    await running?.shutdown();
    await env?.teardown();
    await pool?.end();
    await database?.drop();
  });

  it('keeps at most its cache size in memory and wakes every evicted process to the end', async () => {
    let mostCached = 0;
    const sample = setInterval(() => {
      mostCached = Math.max(mostCached, running.worker.getStatus().numCachedWorkflows);
    }, 5);
    try {
      const handles = await Promise.all(
        Array.from({ length: SLEEPERS }, () =>
          env.client.workflow.start('processWorkflow', {
            taskQueue,
            workflowId: `sleeper-${randomUUID()}`,
            args: [input],
          })
        )
      );
      // Every process has reached its wait before any wakes: the clock only moves while a result is awaited.
      for (const handle of handles) {
        for (let attempt = 0; ; attempt++) {
          const state = await handle.query(processStateQuery).catch(() => undefined);
          if (['active', 'waiting'].includes(state?.nodes.wait?.status ?? '')) break;
          if (attempt > 200) throw new Error(`${handle.workflowId} never reached its wait`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(running.worker.getStatus().numCachedWorkflows).toBeLessThanOrEqual(CACHE);
      const results = await Promise.all(handles.map((handle) => handle.result()));
      expect(results.map((result) => result.status)).toEqual(Array(SLEEPERS).fill('completed'));
      for (const handle of handles) {
        const state = await handle.query(processStateQuery);
        expect(state.nodes.wait).toMatchObject({ status: 'done' });
      }
    } finally {
      clearInterval(sample);
    }
    // The cache was used, and never held more than it may: the others were evicted and replayed when they woke.
    expect(mostCached).toBeGreaterThan(0);
    expect(mostCached).toBeLessThanOrEqual(CACHE);
  });
});
