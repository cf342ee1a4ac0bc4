import { randomUUID } from 'node:crypto';
import {
  ActivityExecutionAlreadyStartedError,
  ActivityExecutionFailedError,
  ActivityIdConflictPolicy,
  ActivityIdReusePolicy,
  ActivityNotFoundError,
} from '@temporalio/client';
import {
  ApplicationFailure,
  CancelledFailure,
  defineSearchAttributeKey,
  SearchAttributeType,
  type RetryPolicy,
  TerminatedFailure,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import { startHarness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// Standalone activities (`client.activity`, StartActivityExecution and its companions) on the devserver, driven by
// the real SDK client and an ordinary worker on both storages: result, retries then failure, start-to-close timeout,
// cancel, terminate, id conflict and reuse policies, list and count, and an execution that survives a restart.

afterAll(dropPreparedDatabases);

/** The error `result()` throws, with its cause. */
async function failureOf(promise: Promise<unknown>): Promise<ActivityExecutionFailedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  );
  expect(error).toBeInstanceOf(ActivityExecutionFailedError);
  return error as ActivityExecutionFailedError;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not reached in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(devserverStorages)('devserver standalone activities, $name storage', ({ prepare }) => {
  it('runs on a worker and answers with its result; describe, list and count see it', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      const id = `greet-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const handle = await h.client.activity.start('greet', {
          id,
          taskQueue,
          args: ['Ada'],
          startToCloseTimeout: '10s',
        });
        expect(handle.runId).toBeTruthy();
        expect(await handle.result()).toBe('Hello, Ada!');
        const described = await handle.describe({ includeInput: true });
        expect(described.status).toBe('COMPLETED');
        expect(described.activityType).toBe('greet');
        expect(described.attempt).toBe(1);
        expect(described.hasInput).toBe(true);
        expect(described.hasResult).toBe(false);
        expect((await h.client.activity.getHandle(id).describe({ includeOutcome: true })).hasResult).toBe(true);
      });
      const listed: string[] = [];
      for await (const info of h.client.activity.list(`ActivityId = '${id}'`)) listed.push(info.activityId);
      expect(listed).toEqual([id]);
      expect(
        (await h.client.activity.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`)).count
      ).toBe(1);
      expect((await h.client.activity.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count).toBe(
        0
      );
    } finally {
      await h.close();
    }
  });

  it('retries a failing attempt server-side, then fails with the last failure once the attempts are spent', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const retry: RetryPolicy = { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 3 };
        const flaky = await h.client.activity.execute('flaky', {
          id: `flaky-${randomUUID()}`,
          taskQueue,
          args: [3],
          startToCloseTimeout: '10s',
          retry,
        });
        expect(flaky).toBe(3);

        const handle = await h.client.activity.start('alwaysFails', {
          id: `fails-${randomUUID()}`,
          taskQueue,
          args: [false],
          startToCloseTimeout: '10s',
          retry,
        });
        const error = await failureOf(handle.result());
        expect(error.cause).toBeInstanceOf(ApplicationFailure);
        expect((error.cause as ApplicationFailure).type).toBe('Transient');
        const described = await handle.describe({ includeLastFailure: true });
        expect(described.status).toBe('FAILED');
        expect(described.attempt).toBe(3);
        expect(described.hasLastFailure).toBe(true);
      });
    } finally {
      await h.close();
    }
  });

  it('times an attempt out after its start-to-close timeout and, with no attempts left, reports TIMED_OUT', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const handle = await h.client.activity.start('silent', {
          id: `silent-${randomUUID()}`,
          taskQueue,
          args: [3_000],
          startToCloseTimeout: '300ms',
          retry: { maximumAttempts: 1 },
        });
        const error = await failureOf(handle.result());
        expect(error.cause).toBeInstanceOf(TimeoutFailure);
        expect((error.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.START_TO_CLOSE);
        expect((await handle.describe()).status).toBe('TIMED_OUT');
      });
    } finally {
      await h.close();
    }
  });

  it('cancel reaches the running attempt on its heartbeat; terminate closes at once', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const handle = await h.client.activity.start('heartbeatUntilCancelled', {
          id: `cancel-${randomUUID()}`,
          taskQueue,
          startToCloseTimeout: '30s',
          heartbeatTimeout: '5s',
        });
        await eventually(
          () => handle.describe(),
          (described) => described.runState === 'STARTED'
        );
        await handle.cancel('no longer needed');
        const error = await failureOf(handle.result());
        expect(error.cause).toBeInstanceOf(CancelledFailure);
        const described = await handle.describe();
        expect(described.status).toBe('CANCELED');
        expect(described.canceledReason).toBe('no longer needed');

        const terminated = await h.client.activity.start('heartbeatUntilCancelled', {
          id: `terminate-${randomUUID()}`,
          taskQueue,
          startToCloseTimeout: '30s',
          heartbeatTimeout: '5s',
        });
        await terminated.terminate('stop now');
        const terminatedError = await failureOf(terminated.result());
        expect(terminatedError.cause).toBeInstanceOf(TerminatedFailure);
        expect((await terminated.describe()).status).toBe('TERMINATED');
      });
    } finally {
      await h.close();
    }
  });

  it('DeleteActivityExecution terminates a running execution and removes it, durably; unknown ids are NOT_FOUND', async () => {
    const backing = await prepare();
    const h = await startHarness(backing.open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      const id = `delete-${randomUUID()}`;
      const service = h.client.workflowService;
      // No worker: the execution stays scheduled until deleted.
      const handle = await h.client.activity.start('greet', {
        id,
        taskQueue,
        args: ['one'],
        startToCloseTimeout: '10s',
      });
      const result = handle.result().then(
        () => 'completed',
        (error: Error) => `${error.message} ${String((error.cause as Error | undefined)?.message)}`
      );
      await service.deleteActivityExecution({ namespace: 'default', activityId: id });
      // A waiting result() ends: the execution was terminated before it went.
      expect(await result).toContain('Delete activity execution');
      const code = (promise: Promise<unknown>) =>
        promise.then(
          () => 'ok',
          (error: { code?: number }) => error.code
        );
      const NOT_FOUND = 5;
      const INVALID_ARGUMENT = 3;
      expect(await code(service.describeActivityExecution({ namespace: 'default', activityId: id }))).toBe(NOT_FOUND);
      expect(await code(service.deleteActivityExecution({ namespace: 'default', activityId: id }))).toBe(NOT_FOUND);
      expect(await code(service.deleteActivityExecution({ namespace: 'default', activityId: '' }))).toBe(
        INVALID_ARGUMENT
      );
      expect(
        await code(service.deleteActivityExecution({ namespace: 'default', activityId: id, runId: 'not-a-uuid' }))
      ).toBe(INVALID_ARGUMENT);
      const listed = async () => {
        const ids: string[] = [];
        for await (const info of h.client.activity.list(`ActivityId = '${id}'`)) ids.push(info.activityId);
        return ids;
      };
      expect(await listed()).toEqual([]);
      // A closed execution is deleted too; the deletion survives a restart on the same storage.
      const again = await h.client.activity.start('greet', {
        id,
        taskQueue,
        args: ['two'],
        startToCloseTimeout: '10s',
      });
      await again.terminate('done');
      await service.deleteActivityExecution({ namespace: 'default', activityId: id, runId: again.runId });
      await h.restart(backing.open());
      expect(await listed()).toEqual([]);
      expect(await code(service.describeActivityExecution({ namespace: 'default', activityId: id }))).toBe(NOT_FOUND);
    } finally {
      await h.close();
    }
  });

  it('refuses a second start of a running id unless USE_EXISTING; reuse policies apply once it closed', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      const id = `conflict-${randomUUID()}`;
      // No worker yet: the first execution stays scheduled.
      const first = await h.client.activity.start('greet', {
        id,
        taskQueue,
        args: ['one'],
        startToCloseTimeout: '10s',
      });
      const conflict = await h.client.activity
        .start('greet', { id, taskQueue, args: ['two'], startToCloseTimeout: '10s' })
        .then(
          () => undefined,
          (caught: unknown) => caught
        );
      expect(conflict).toBeInstanceOf(ActivityExecutionAlreadyStartedError);
      expect((conflict as ActivityExecutionAlreadyStartedError).runId).toBe(first.runId);
      const existing = await h.client.activity.start('greet', {
        id,
        taskQueue,
        args: ['three'],
        startToCloseTimeout: '10s',
        idConflictPolicy: ActivityIdConflictPolicy.USE_EXISTING,
      });
      expect(existing.runId).toBe(first.runId);
      await h.withWorker(taskQueue, async () => {
        expect(await first.result()).toBe('Hello, one!');
        const rejected = await h.client.activity
          .start('greet', {
            id,
            taskQueue,
            args: ['four'],
            startToCloseTimeout: '10s',
            idReusePolicy: ActivityIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          })
          .then(
            () => undefined,
            (caught: unknown) => caught
          );
        expect(rejected).toBeInstanceOf(ActivityExecutionAlreadyStartedError);
        const again = await h.client.activity.start('greet', {
          id,
          taskQueue,
          args: ['five'],
          startToCloseTimeout: '10s',
        });
        expect(again.runId).not.toBe(first.runId);
        expect(await again.result()).toBe('Hello, five!');
        // The id names its latest run; the first still answers by its run id.
        expect(await h.client.activity.getHandle(id).result()).toBe('Hello, five!');
        expect(await h.client.activity.getHandle(id, first.runId).result()).toBe('Hello, one!');
      });
    } finally {
      await h.close();
    }
  });

  it('a closed execution goes once its namespace retention has passed, for good', async () => {
    const backing = await prepare();
    const h = await startHarness(backing.open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      const id = `retention-${randomUUID()}`;
      // On a task queue nobody polls: it stays open through the sweep.
      const open = await h.client.activity.start('greet', {
        id: `${id}-open`,
        taskQueue: `${taskQueue}-idle`,
        startToCloseTimeout: '10s',
      });
      await h.withWorker(taskQueue, async () => {
        await h.client.activity.execute('greet', { id, taskQueue, args: ['old'], startToCloseTimeout: '10s' });
      });
      h.server.engine.setRetention('default', 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(h.server.standaloneActivities.sweepRetention()).toBe(1);
      await h.server.engine.flush();
      await expect(h.client.activity.getHandle(id).describe()).rejects.toThrow(ActivityNotFoundError);
      await h.restart(backing.open());
      await expect(h.client.activity.getHandle(id).describe()).rejects.toThrow(ActivityNotFoundError);
      expect((await h.client.activity.getHandle(`${id}-open`).describe()).activityRunId).toBe(open.runId);
    } finally {
      await h.close();
    }
  });

  it('a scheduled execution survives a restart and runs when a worker comes', async () => {
    const backing = await prepare();
    const h = await startHarness(backing.open());
    try {
      const taskQueue = `standalone-${randomUUID()}`;
      const id = `restart-${randomUUID()}`;
      const handle = await h.client.activity.start('greet', {
        id,
        taskQueue,
        args: ['after restart'],
        startToCloseTimeout: '10s',
      });
      await h.restart(backing.open());
      const described = await h.client.activity.getHandle(id).describe();
      expect(described.activityRunId).toBe(handle.runId);
      expect(described.status).toBe('RUNNING');
      expect(described.runState).toBe('SCHEDULED');
      await h.withWorker(taskQueue, async () => {
        expect(await h.client.activity.getHandle(id).result()).toBe('Hello, after restart!');
      });
    } finally {
      await h.close();
    }
  });

  it('list and count filter on the namespace’s registered search attributes given at start, also after a restart', async () => {
    const backing = await prepare();
    const h = await startHarness(backing.open());
    try {
      await h.client.connection.operatorService.addSearchAttributes({
        namespace: 'default',
        searchAttributes: {
          Office: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          Pages: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
        },
      });
      const office = defineSearchAttributeKey('Office', SearchAttributeType.KEYWORD);
      const pages = defineSearchAttributeKey('Pages', SearchAttributeType.INT);
      const taskQueue = `standalone-${randomUUID()}`;
      const start = (name: string, where: string, count: number) =>
        h.client.activity.start('greet', {
          id: `${taskQueue}-${name}`,
          taskQueue,
          args: [name],
          startToCloseTimeout: '10s',
          typedSearchAttributes: [
            { key: office, value: where },
            { key: pages, value: count },
          ],
        });
      await start('a', 'Kraków', 3);
      await start('b', 'Kraków', 12);
      await start('c', 'Praha', 20);
      const ids = async (query: string) => {
        const found: string[] = [];
        for await (const info of h.client.activity.list(query)) found.push(info.activityId.slice(taskQueue.length + 1));
        return found.sort();
      };
      const check = async () => {
        expect(await ids(`TaskQueue = '${taskQueue}' AND Office = 'Kraków'`)).toEqual(['a', 'b']);
        expect(await ids(`TaskQueue = '${taskQueue}' AND Pages >= 12`)).toEqual(['b', 'c']);
        expect(await ids(`TaskQueue = '${taskQueue}' AND Office = 'Kraków' AND Pages > 5`)).toEqual(['b']);
        expect((await h.client.activity.count(`TaskQueue = '${taskQueue}' AND Office = 'Praha'`)).count).toBe(1);
      };
      await check();
      // An attribute the namespace does not have is refused, as for workflow lists.
      const refused = await ids(`Floor = 3`).then(
        () => undefined,
        (error: unknown) => error as Error & { cause?: Error }
      );
      expect(refused?.cause?.message).toMatch(/Floor/);
      await h.restart(backing.open());
      await check();
    } finally {
      await h.close();
    }
  });
});

it('a schedule-to-close timeout without a worker times out as SCHEDULE_TO_START', async () => {
  const h = await startHarness(new MemoryStorage());
  try {
    const handle = await h.client.activity.start('greet', {
      id: `nobody-${randomUUID()}`,
      taskQueue: `nobody-${randomUUID()}`,
      args: ['nobody'],
      scheduleToCloseTimeout: '300ms',
    });
    const error = await failureOf(handle.result());
    expect(error.cause).toBeInstanceOf(TimeoutFailure);
    expect((error.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.SCHEDULE_TO_START);
  } finally {
    await h.close();
  }
});
