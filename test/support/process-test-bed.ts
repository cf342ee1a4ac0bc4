import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { createActivities } from '../../worker/activities';
import { bundleWorkflows } from '../../worker/workflow-bundle';
import { createTestDatabase } from './postgres';
import { createTimeSkippingTestEnvironment } from './temporal';

export interface ProcessTestBed {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** A fresh migrated database the worker's activities write to. */
  pool: pg.Pool;
  /** The task queue a running worker with Baton's real activities polls. */
  taskQueue: string;
  close(): Promise<void>;
}

/** The time-skipping devserver, the workflow bundle built once, and a worker on a fresh PostgreSQL database. */
export async function startProcessTestBed(): Promise<ProcessTestBed> {
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url });
  const [env, workflowBundle] = await Promise.all([createTimeSkippingTestEnvironment(), bundleWorkflows()]);
  const taskQueue = `process-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle,
    activities: createActivities({ pool, logger: pino({ level: 'silent' }) }),
  });
  const running = worker.run();
  return {
    env,
    workflowBundle,
    pool,
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await env.teardown();
      await pool.end();
      await database.drop();
    },
  };
}
