import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createActivities } from './activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped; rejects if it crashed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Bundles Baton's workflows and starts polling the task queue. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ pool: options.pool, logger: options.logger }),
    bundlerOptions: { ignoreModules: [] },
  });
  const done = worker.run();
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
