import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createActivities } from './activities';
import { cachedWorkflowBundle, WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from './workflow-bundle';
import { defaultWorkflowCacheSize } from './workflow-cache';

export { WORKFLOWS_PATH };

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
  /** Where the workflow bundle is kept between starts; without it the workflows are bundled at every start. */
  bundleCacheDir?: string;
  /** The bundle, already read or made by `cachedWorkflowBundle` (start-up loads it while other parts start). */
  workflowBundle?: Promise<{ code: string; cached: boolean }>;
  /** How many processes stay in memory between their workflow tasks; by default derived from the memory limit. */
  workflowCache?: number;
  /** Called just before the SDK makes the worker (and spawns its workflow thread), once the bundle is at hand. */
  onCreating?: () => void;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped; rejects if it crashed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** A worker made but not polling yet: start-up makes it while the migrations run and lets it poll after them. */
export interface CreatedWorker {
  worker: Worker;
  /** Starts polling the task queue (once; later calls return the same running worker). */
  run(): RunningWorker;
  /** Stops it, whether it polls or was never started (then it is started and stopped at once, freeing its thread). */
  shutdown(): Promise<void>;
}

/** Bundles Baton's workflows and starts polling the task queue. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  return (await createWorker(options)).run();
}

/** Bundles Baton's workflows and makes the worker (its workflow thread loads the bundle), without polling yet. */
export async function createWorker(options: WorkerOptions): Promise<CreatedWorker> {
  const code = options.workflowBundle
    ? await options.workflowBundle
    : options.bundleCacheDir
      ? await cachedWorkflowBundle({
          workflowsPath: WORKFLOWS_PATH,
          cacheDir: options.bundleCacheDir,
          logger: options.logger,
        })
      : undefined;
  if (code) options.logger.debug(`worker: workflow bundle ${code.cached ? 'read from the cache' : 'made and cached'}`);
  const maxCachedWorkflows = options.workflowCache ?? defaultWorkflowCacheSize();
  options.logger.debug(`worker: keeps up to ${maxCachedWorkflows} processes in memory`);
  options.onCreating?.();
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(code
      ? { workflowBundle: { code: code.code } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: WORKFLOW_BUNDLER_OPTIONS }),
    activities: createActivities({ pool: options.pool, logger: options.logger }),
    // The SDK's default grows with the heap (about 2,300 on a 4 GiB heap) and a cached process costs memory for as
    // long as it sleeps; an evicted one is replayed from its history when it wakes.
    maxCachedWorkflows,
  });
  let running: RunningWorker | undefined;
  const run = (): RunningWorker => {
    if (running) return running;
    const done = worker.run();
    running = {
      worker,
      done,
      async shutdown() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await done;
      },
    };
    return running;
  };
  return { worker, run, shutdown: () => run().shutdown() };
}
