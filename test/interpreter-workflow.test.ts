import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../worker/activities';
import { bundleWorkflows } from '../worker/workflow-bundle';
import { processStateQuery } from '../workflows/process.messages';
import type { ProcessInput } from '../workflows/process.workflow';
import { parseTemplate } from '../workflows/template';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { createTimeSkippingTestEnvironment } from './support/temporal';

const position = { x: 0, y: 0 };

const template = parseTemplate({
  schemaVersion: 1,
  id: 'notify-wait',
  name: 'Notify and wait',
  calendarId: 'pl',
  parameters: [{ name: 'amount', type: 'number', label: 'Amount' }],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    { id: 'split', type: 'parallel', position, data: {} },
    { id: 'tell', type: 'notify', position, data: { recipient: { kind: 'starter' }, message: 'Amount {{amount}}' } },
    { id: 'wait', type: 'wait', position, data: { until: 'start + 1h any day' } },
    { id: 'join', type: 'join', position, data: { mode: 'all' } },
    {
      id: 'd',
      type: 'decision',
      position,
      data: { branches: [{ outcome: 'big', condition: { '>': [{ var: 'amount' }, 100] } }], defaultOutcome: 'small' },
    },
    { id: 'task', type: 'task', position, data: { title: 'Check', assignee: { kind: 'person', personId: 'anna' } } },
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'split' },
    { id: 'e2', source: 'split', target: 'tell' },
    { id: 'e3', source: 'split', target: 'wait' },
    { id: 'e4', source: 'tell', target: 'join' },
    { id: 'e5', source: 'wait', target: 'join' },
    { id: 'e6', source: 'join', target: 'd' },
    { id: 'e7', source: 'd', target: 'task', outcome: 'big' },
    { id: 'e8', source: 'd', target: 'end', outcome: 'small' },
    { id: 'e9', source: 'task', target: 'end' },
  ],
});

describe('process workflow on the devserver', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    [env, workflowBundle] = await Promise.all([createTimeSkippingTestEnvironment(), bundleWorkflows()]);
  });

  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
    await database?.drop();
  });

  const input = (amount: number): ProcessInput => ({
    template,
    params: { amount },
    starter: 'boss',
    calendar: { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' },
  });

  async function withWorker<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `process-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities: createActivities({ pool, logger: pino({ level: 'silent' }) }),
    });
    return worker.runUntil(body(taskQueue));
  }

  it('runs notify, a parallel wait, a join and a decision to the end, and replays', async () => {
    const workflowId = `process-${randomUUID()}`;
    const result = await withWorker((taskQueue) =>
      env.client.workflow.execute('processWorkflow', { taskQueue, workflowId, args: [input(5)] })
    );
    expect(result).toMatchObject({ status: 'completed', variables: { amount: 5 } });
    const outbox = await pool.query('SELECT recipient, message FROM process_outbox WHERE workflow_id = $1', [
      workflowId,
    ]);
    expect(outbox.rows).toEqual([{ recipient: 'boss', message: 'Amount 5' }]);
    const audit = await pool.query('SELECT action FROM process_audit WHERE workflow_id = $1 ORDER BY id', [workflowId]);
    expect(audit.rows.map((row: { action: string }) => row.action)).toEqual(['processStarted', 'decided']);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
  });

  it('opens a task on the big branch, answers the state query, and cancelling marks the task cancelled', async () => {
    const workflowId = `process-${randomUUID()}`;
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('processWorkflow', { taskQueue, workflowId, args: [input(500)] });
      // Skips the virtual clock past the one-hour wait so the join and the decision run.
      await env.sleep('2 hours');
      for (let attempt = 0; attempt < 100; attempt++) {
        // The query handler exists once the calendar activity has returned; until then the query is refused.
        const state = await handle.query(processStateQuery).catch(() => undefined);
        if (state?.steps.task) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const state = await handle.query(processStateQuery);
      expect(state.steps.task).toMatchObject({ assignee: 'anna', round: 1, phase: 'open' });
      expect(state.nodes.d).toMatchObject({ status: 'done', outcome: 'big' });
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
    });
    const rows = await pool.query('SELECT node_id, status FROM process_tasks WHERE workflow_id = $1', [workflowId]);
    expect(rows.rows).toEqual([{ node_id: 'task', status: 'cancelled' }]);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
  });
});
