import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { startDevServer, type DevServer } from '../dev-server';
import { EventType } from '../engine/history';
import type { DevServerStorage } from '../storage/storage';
import * as activities from './conformance.activities';

export const workflowsPath = fileURLToPath(new URL('./conformance.workflows.ts', import.meta.url));
export const testLogger = pino({ level: 'warn' });

let runtimeInstalled = false;

/** Keeps the SDK's own logs to warnings, so test output stays readable. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new (class {
      log() {}
      trace() {}
      debug() {}
      info() {}
      warn() {}
      error() {}
    })(),
  });
}

const eventNames = new Map<number, string>(
  Object.entries(EventType as unknown as Record<string, number>)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [
      value,
      name
        .replace(/^EVENT_TYPE_/, '')
        .toLowerCase()
        .replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase()),
    ])
);

/** Event types as short names, e.g. WorkflowTaskScheduled, to compare whole histories readably. */
export function eventTypes(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).map((event) => eventNames.get(Number(event.eventType)) ?? String(event.eventType));
}

/**
 * Starts a run of a workflow type no worker implements (`raw`: the test answers its tasks by hand) and polls its first
 * workflow task.
 */
export async function startRawRun(
  service: Connection['workflowService'],
  taskQueue: string,
  identity: string,
  workflowId = `raw-${randomUUID()}`
): Promise<{ workflowId: string; first: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse }> {
  await service.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'raw' },
    taskQueue: { name: taskQueue },
    identity,
    requestId: randomUUID(),
  });
  const first = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity });
  return { workflowId, first };
}

export interface Harness {
  server: DevServer;
  client: Client;
  connection: NativeConnection;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** Runs a worker on `taskQueue` until `work` settles. */
  withWorker<T>(taskQueue: string, work: () => Promise<T>): Promise<T>;
  /** Stops the server and starts a new one on the same port and storage: a restart. */
  restart(storage: DevServerStorage): Promise<void>;
  close(): Promise<void>;
}

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundleWorkflowCode({ workflowsPath, logger: silentBundlerLogger });
  return bundlePromise;
}

const silentBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

export async function startHarness(
  storage: DevServerStorage,
  options: { historyPageSize?: number; closedHistoryCache?: number; eagerActivities?: boolean } = {}
): Promise<Harness> {
  quietRuntime();
  let server = await startDevServer({ storage, logger: testLogger, ...options });
  const bundle = await workflowBundle();
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  return {
    get server() {
      return server;
    },
    client,
    connection,
    workflowBundle: bundle,
    async withWorker(taskQueue, work) {
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: bundle,
        activities,
        stickyQueueScheduleToStartTimeout: '2s',
      });
      return await worker.runUntil(work);
    },
    async restart(nextStorage) {
      const port = server.port;
      await server.stop();
      server = await startDevServer({
        storage: nextStorage,
        logger: testLogger,
        port,
        ...options,
      });
    },
    async close() {
      await clientConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}
