import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Client, Connection, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { approve, release } from '../devserver/test-support/conformance.workflows';
import { eventTypes, quietRuntime, workflowBundle } from '../devserver/test-support/harness';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { devServerExecutable, kill9 } from './support/temporal';

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`devserver did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startProcess(port: number, databaseUrl: string): ChildProcess {
  return spawn(
    devServerExecutable,
    [
      'server',
      'start-dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--db-filename',
      databaseUrl,
      '--headless',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('devserver durability with PostgreSQL', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    quietRuntime();
    database = await createTestDatabase();
  });

  afterAll(async () => {
    if (child) await kill9(child);
    await database?.drop();
  });

  it('finishes every workflow correctly after kill -9 and a restart', async () => {
    const port = await freePort();
    child = startProcess(port, database.url);
    await waitUntilListening(port);
    const address = `127.0.0.1:${port}`;
    const connection = await NativeConnection.connect({ address });
    const clientConnection = await Connection.connect({ address });
    const client = new Client({ connection: clientConnection });
    const taskQueue = `durability-${randomUUID()}`;
    const bundle = await workflowBundle();

    const sleeping = await client.workflow.start('sleeper', {
      taskQueue,
      workflowId: `timer-${randomUUID()}`,
      args: [4000],
    });
    const collecting = await client.workflow.start('collector', { taskQueue, workflowId: `signals-${randomUUID()}` });
    const retrying = await client.workflow.start('retriedSlowly', {
      taskQueue,
      workflowId: `retry-${randomUUID()}`,
      args: [3],
    });
    const looping = await client.workflow.start('manyActivities', {
      taskQueue,
      workflowId: `activities-${randomUUID()}`,
      args: [30],
    });

    const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
    const running = worker.run();
    try {
      await collecting.signal('addItem', 'before');
      // Let the worker get going: the timer is started and activities are in flight.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await kill9(child);
      child = startProcess(port, database.url);
      await waitUntilListening(port);
      await collecting.signal('addItem', 'after');
      await collecting.signal('finish');
      const [slept, collected, attempts, total] = await Promise.all([
        sleeping.result(),
        collecting.result(),
        retrying.result(),
        looping.result(),
      ]);
      expect(slept).toBe('woke');
      expect(collected).toEqual(['before', 'after']);
      expect(attempts).toBe(3);
      expect(total).toBeGreaterThan(0);
      for (const handle of [sleeping, collecting, retrying, looping]) {
        const history = await handle.fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: bundle }, history, handle.workflowId);
        const types = eventTypes(history);
        expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
        if (handle === collecting) expect(types.filter((type) => type === 'WorkflowExecutionSignaled')).toHaveLength(3);
        if (handle === sleeping) expect(types.filter((type) => type === 'TimerFired')).toHaveLength(1);
        if (handle === retrying) {
          // The attempt counter survived the restart: attempt 3 succeeded after two failures.
          const started = history.events?.find((event) => event.activityTaskStartedEventAttributes);
          expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(3);
        }
      }
    } finally {
      worker.shutdown();
      await running;
      await clientConnection.close();
      await connection.close();
    }
  });
  it('keeps a child in flight, a continue-as-new chain and an accepted update across kill -9', async () => {
    if (child) await kill9(child);
    const port = await freePort();
    child = startProcess(port, database.url);
    await waitUntilListening(port);
    const address = `127.0.0.1:${port}`;
    const connection = await NativeConnection.connect({ address });
    const clientConnection = await Connection.connect({ address });
    const client = new Client({ connection: clientConnection });
    const taskQueue = `durability-${randomUUID()}`;
    const bundle = await workflowBundle();

    const parenting = await client.workflow.start('parentOfSleeper', {
      taskQueue,
      workflowId: `parent-${randomUUID()}`,
      args: [3000],
    });
    const chain = await client.workflow.start('continuingSlowly', {
      taskQueue,
      workflowId: `chain-${randomUUID()}`,
      args: [4, 400],
    });
    const approval = await client.workflow.start('heldApproval', { taskQueue, workflowId: `approval-${randomUUID()}` });

    const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
    const running = worker.run();
    try {
      const update = await approval.startUpdate(approve, {
        args: ['ana'],
        updateId: 'approval-1',
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await waitFor(
        async () =>
          (await client.workflow.getHandle(`${parenting.workflowId}-child`).describe()).status.name === 'RUNNING'
      );
      await waitFor(
        async () => (await client.workflow.getHandle(chain.workflowId).describe()).runId !== chain.firstExecutionRunId
      );
      await kill9(child);
      child = startProcess(port, database.url);
      await waitUntilListening(port);

      await approval.signal(release);
      expect(await update.result()).toBe('approved by ana');
      expect(await approval.result()).toBe('ana');
      expect(await parenting.result()).toBe('child woke');
      expect(await chain.result()).toBe(4);

      const replay = async (handle: WorkflowHandle, runId?: string) => {
        const history = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: bundle }, history, handle.workflowId);
        return history;
      };
      const parentTypes = eventTypes(await replay(parenting));
      for (const type of [
        'StartChildWorkflowExecutionInitiated',
        'ChildWorkflowExecutionStarted',
        'ChildWorkflowExecutionCompleted',
      ]) {
        expect(parentTypes.filter((item) => item === type)).toHaveLength(1);
      }
      expect(parentTypes.at(-1)).toBe('WorkflowExecutionCompleted');

      // Walk the chain from its first run: three continued runs, then the completed one.
      const closes: string[] = [];
      let runId: string | undefined = chain.firstExecutionRunId;
      while (runId) {
        const history = await replay(chain, runId);
        closes.push(eventTypes(history).at(-1) ?? '');
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      expect(closes).toEqual([
        'WorkflowExecutionContinuedAsNew',
        'WorkflowExecutionContinuedAsNew',
        'WorkflowExecutionContinuedAsNew',
        'WorkflowExecutionCompleted',
      ]);

      const approvalTypes = eventTypes(await replay(approval));
      expect(approvalTypes.filter((type) => type === 'WorkflowExecutionUpdateAccepted')).toHaveLength(1);
      expect(approvalTypes.filter((type) => type === 'WorkflowExecutionUpdateCompleted')).toHaveLength(1);
      expect(approvalTypes.at(-1)).toBe('WorkflowExecutionCompleted');
    } finally {
      worker.shutdown();
      await running;
      await clientConnection.close();
      await connection.close();
    }
  });
});
