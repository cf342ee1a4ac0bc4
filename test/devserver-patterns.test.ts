import { randomUUID } from 'node:crypto';
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import { PostgresStorage } from '../devserver/storage/postgres.storage';
import type { DevServerStorage } from '../devserver/storage/storage';
import { eventTypes, startHarness, testLogger, type Harness } from '../devserver/test-support/harness';
import { journal } from '../devserver/test-support/patterns.journal';
import type { CounterState } from '../devserver/test-support/patterns.workflows';
import { createTestDatabase } from './support/postgres';

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

describe.each(storages)('well-known workflow patterns on the devserver, $name storage', (storageCase) => {
  let harness: Harness;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const opened = await storageCase.open();
    cleanup = opened.cleanup;
    harness = await startHarness(opened.storage);
  });

  afterAll(async () => {
    await harness?.close();
    await cleanup?.();
  });

  const queue = () => `patterns-${randomUUID()}`;

  async function replayed(handle: WorkflowHandle, runId?: string): Promise<string[]> {
    const history = await harness.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, handle.workflowId);
    return eventTypes(history);
  }

  it('human in the loop: a decision by update before the deadline; a second decision is refused', async () => {
    const taskQueue = queue();
    const expenseId = `expense-${randomUUID()}`;
    const handle = await harness.client.workflow.start('expenseApproval', {
      taskQueue,
      workflowId: expenseId,
      args: [expenseId, 60_000],
    });
    const result = await harness.withWorker(taskQueue, async () => {
      expect(await handle.query('approvalState')).toBe('pending');
      await expect(handle.executeUpdate('decide', { args: ['maybe', 'ana'] })).rejects.toBeInstanceOf(
        WorkflowUpdateFailedError
      );
      expect(await handle.executeUpdate('decide', { args: ['approve', 'ana'] })).toBe('approved by ana');
      return await handle.result();
    });
    expect(result).toBe(`paid ${expenseId}`);
    expect(journal.get(expenseId)).toEqual(['paid after ana']);
    await expect(handle.executeUpdate('decide', { args: ['reject', 'bo'] })).rejects.toBeInstanceOf(
      WorkflowNotFoundError
    );
    const types = await replayed(handle);
    // The refused update left nothing; the accepted one left its two events before the payment.
    expect(types.filter((type) => type.startsWith('WorkflowExecutionUpdate'))).toEqual([
      'WorkflowExecutionUpdateAccepted',
      'WorkflowExecutionUpdateCompleted',
    ]);
    expect(types.indexOf('WorkflowExecutionUpdateCompleted')).toBeLessThan(types.indexOf('ActivityTaskScheduled'));
    expect(types).toContain('TimerCanceled');
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('human in the loop: nobody decides, the deadline expires the request', async () => {
    const taskQueue = queue();
    const expenseId = `expense-${randomUUID()}`;
    const handle = await harness.client.workflow.start('expenseApproval', {
      taskQueue,
      workflowId: expenseId,
      args: [expenseId, 500],
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('expired');
    expect(journal.get('notifications')).toContain(`expense ${expenseId} expired without a decision`);
    const types = await replayed(handle);
    expect(types.slice(0, 7)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'TimerStarted',
      'TimerFired',
      'WorkflowTaskScheduled',
    ]);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('saga: a failing step undoes the booked ones in reverse order and fails the trip', async () => {
    const taskQueue = queue();
    const tripId = `trip-${randomUUID()}`;
    const handle = await harness.client.workflow.start('bookTrip', {
      taskQueue,
      workflowId: tripId,
      args: [tripId, 'flight'],
    });
    const error = await harness.withWorker(taskQueue, () => handle.result().catch((caught: unknown) => caught));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.message).toBe(`trip ${tripId} rolled back`);
    expect(journal.get(tripId)).toEqual(['reserved car', 'reserved hotel', 'released hotel', 'released car']);
    const types = await replayed(handle);
    expect(types.filter((type) => type.startsWith('ActivityTask'))).toEqual([
      ...['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
      ...['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
      ...['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskFailed'],
      ...['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
      ...['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
    ]);
    expect(types.at(-1)).toBe('WorkflowExecutionFailed');

    const happy = `trip-${randomUUID()}`;
    const booked = await harness.client.workflow.start('bookTrip', { taskQueue, workflowId: happy, args: [happy, ''] });
    expect(await harness.withWorker(taskQueue, () => booked.result())).toEqual([
      'car booked',
      'hotel booked',
      'flight booked',
    ]);
    expect(journal.get(happy)).toEqual(['reserved car', 'reserved hotel', 'reserved flight']);
    await replayed(booked);
  });

  it('entity: continues as new every N signals without losing or repeating one', async () => {
    const taskQueue = queue();
    const initial: CounterState = { total: 0, signals: 0 };
    const handle = await harness.client.workflow.start('counterEntity', {
      taskQueue,
      workflowId: `counter-${randomUUID()}`,
      args: [initial, 3],
    });
    const final = await harness.withWorker(taskQueue, async () => {
      for (let amount = 1; amount <= 10; amount++) await handle.signal('add', amount);
      // The latest run answers for the entity: an empty run id follows the chain.
      const latest = harness.client.workflow.getHandle(handle.workflowId);
      expect(await latest.query('total')).toBe(55);
      await latest.signal('stop');
      return await handle.result();
    });
    expect(final).toEqual({ total: 55, signals: 10 });
    const closes: string[] = [];
    const perRun: number[] = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history = await harness.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, handle.workflowId);
      const types = eventTypes(history);
      closes.push(types.at(-1) ?? '');
      perRun.push(types.filter((type) => type === 'WorkflowExecutionSignaled').length);
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    // Eleven signals in all (ten adds and the stop), each in exactly one run; every continued run took at least N.
    expect(perRun.reduce((sum, count) => sum + count, 0)).toBe(11);
    expect(closes.length).toBeGreaterThanOrEqual(2);
    expect(perRun.slice(0, -1).every((count) => count >= 3)).toBe(true);
    expect(closes.slice(0, -1).every((type) => type === 'WorkflowExecutionContinuedAsNew')).toBe(true);
    expect(closes.at(-1)).toBe('WorkflowExecutionCompleted');
  });
});
