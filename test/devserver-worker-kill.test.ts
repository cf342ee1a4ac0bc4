import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import { PostgresStorage } from '../devserver/storage/postgres.storage';
import type { DevServerStorage } from '../devserver/storage/storage';
import { eventTypes, startHarness, testLogger, type Harness } from '../devserver/test-support/harness';
import { createTestDatabase } from './support/postgres';

const doomedWorker = fileURLToPath(new URL('../devserver/test-support/doomed-worker.ts', import.meta.url));

const storages: { name: string; open(): Promise<{ storage: DevServerStorage; cleanup(): Promise<void> }> }[] = [
  { name: 'memory', open: async () => ({ storage: new MemoryStorage(), cleanup: async () => undefined }) },
  {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase();
      return { storage: new PostgresStorage(database.url, testLogger), cleanup: () => database.drop() };
    },
  },
];

/** Starts a real worker in a child process and resolves once it is polling. */
async function spawnWorker(address: string, taskQueue: string, codePath: string, identity: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', doomedWorker, address, taskQueue, codePath, identity], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

async function sigkill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(storages)('a worker killed while holding a task, $name storage', (storageCase) => {
  let harness: Harness;
  let cleanup: () => Promise<void>;
  let directory: string;
  let codePath: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const opened = await storageCase.open();
    cleanup = opened.cleanup;
    harness = await startHarness(opened.storage);
    directory = await mkdtemp(path.join(tmpdir(), 'baton-doomed-'));
    codePath = path.join(directory, 'workflows.js');
    await writeFile(codePath, harness.workflowBundle.code);
  });

  afterAll(async () => {
    for (const child of children) await sigkill(child);
    await harness?.close();
    await cleanup?.();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('times out the held workflow task and activity; another worker finishes the workflow', async () => {
    const taskQueue = `doomed-${randomUUID()}`;
    const address = harness.server.address;
    const handle: WorkflowHandle = await harness.client.workflow.start('hangsInFirstTask', {
      taskQueue,
      workflowId: `doomed-${randomUUID()}`,
      args: ['Baton'],
      workflowTaskTimeout: '1s',
    });
    const described = () => handle.describe().then((description) => description.raw);

    // Worker A takes the first workflow task and hangs in it: SIGKILL it while it holds the task.
    const first = await spawnWorker(address, taskQueue, codePath, 'doomed-a');
    children.push(first);
    await waitFor(async () => (await described()).pendingWorkflowTask?.state === 2);
    await sigkill(first);

    // Worker B gets the retried workflow task, then holds the activity's first attempt: SIGKILL it too.
    const second = await spawnWorker(address, taskQueue, codePath, 'doomed-b');
    children.push(second);
    await waitFor(async () => {
      const pending = (await described()).pendingActivities?.[0];
      return pending?.state === 2 && pending.lastWorkerIdentity === 'doomed-b';
    });
    await sigkill(second);

    // A healthy worker finishes: the activity's start-to-close timeout retries it, the sticky task falls back.
    const result = await harness.withWorker(taskQueue, () => handle.result());
    expect(result).toBe('Baton on attempt 2');

    const history = await handle.fetchHistory();
    expect(eventTypes(history)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskTimedOut',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    const events = history.events ?? [];
    expect(events[2]?.workflowTaskStartedEventAttributes?.identity).toBe('doomed-a');
    expect(events[3]?.workflowTaskTimedOutEventAttributes?.timeoutType).toBe(1);
    expect(events[4]?.workflowTaskScheduledEventAttributes?.attempt).toBe(2);
    expect(events[5]?.workflowTaskStartedEventAttributes?.identity).toBe('doomed-b');
    expect(events[8]?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    expect(events[8]?.activityTaskStartedEventAttributes?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(1);
    expect(events[8]?.activityTaskStartedEventAttributes?.identity).not.toBe('doomed-b');
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, handle.workflowId);
  });
});
