import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import {
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type WorkflowHandle,
} from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devserverStorages, type StorageBacking } from '../test/support/devserver-storages';
import { customerKey } from './test-support/conformance.workflows';
import { eventTypes, startHarness, type Harness } from './test-support/harness';

const pageSize = 20;

describe.each(devserverStorages)('devserver conformance, $name storage', (storageCase) => {
  let harness: Harness;
  let backing: StorageBacking;

  beforeAll(async () => {
    backing = await storageCase.prepare();
    harness = await startHarness(backing.open(), { historyPageSize: pageSize });
  });

  afterAll(async () => {
    await harness?.close();
    await backing?.cleanup();
  });

  const queue = () => `conformance-${randomUUID()}`;
  const id = (prefix: string) => `${prefix}-${randomUUID()}`;

  async function historyOf(handle: WorkflowHandle): Promise<string[]> {
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, handle.workflowId);
    return eventTypes(history);
  }

  const taskRound = ['WorkflowTaskScheduled', 'WorkflowTaskStarted', 'WorkflowTaskCompleted'];

  it('runs an activity and a timer; history replays', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('activityAndTimer', {
      taskQueue,
      workflowId: id('activity'),
      args: ['Baton'],
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('Hello, Baton!');
    expect(await historyOf(handle)).toEqual([
      'WorkflowExecutionStarted',
      ...taskRound,
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      ...taskRound,
      'TimerStarted',
      'TimerFired',
      ...taskRound,
      'WorkflowExecutionCompleted',
    ]);
  });

  it('delivers signals once, answers queries while running and after close', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('signals') });
    const result = await harness.withWorker(taskQueue, async () => {
      await handle.signal('addItem', 'a');
      await handle.signal('addItem', 'b');
      expect(await handle.query('items')).toEqual(['a', 'b']);
      await handle.signal('finish');
      return await handle.result();
    });
    expect(result).toEqual(['a', 'b']);
    const types = await historyOf(handle);
    expect(types.filter((type) => type === 'WorkflowExecutionSignaled')).toHaveLength(3);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
    expect(await harness.withWorker(taskQueue, () => handle.query('items'))).toEqual(['a', 'b']);
    await expect(harness.withWorker(taskQueue, () => handle.query('unknownQuery'))).rejects.toBeInstanceOf(
      QueryNotRegisteredError
    );
  });

  it('signal-with-start starts once and then signals the running workflow', async () => {
    const taskQueue = queue();
    const workflowId = id('signal-with-start');
    const first = await harness.client.workflow.signalWithStart('collector', {
      taskQueue,
      workflowId,
      signal: 'addItem',
      signalArgs: ['x'],
    });
    const second = await harness.client.workflow.signalWithStart('collector', {
      taskQueue,
      workflowId,
      signal: 'addItem',
      signalArgs: ['y'],
    });
    expect(second.signaledRunId).toBe(first.signaledRunId);
    await first.signal('finish');
    expect(await harness.withWorker(taskQueue, () => first.result())).toEqual(['x', 'y']);
    const types = await historyOf(first);
    expect(types.slice(0, 3)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
    ]);
  });

  it('signals racing with completion are neither lost nor fatal', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('firstSignalWins', { taskQueue, workflowId: id('race') });
    const result = await harness.withWorker(taskQueue, async () => {
      await Promise.all(['one', 'two', 'three', 'four'].map((item) => handle.signal('addItem', item)));
      return await handle.result();
    });
    expect(result).toBe('one');
    const types = await historyOf(handle);
    expect(types.filter((type) => type === 'WorkflowExecutionSignaled')).toHaveLength(4);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('returns the errors the SDK expects', async () => {
    const taskQueue = queue();
    const workflowId = id('errors');
    await harness.client.workflow.start('collector', { taskQueue, workflowId });
    await expect(harness.client.workflow.start('collector', { taskQueue, workflowId })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError
    );
    await expect(harness.client.workflow.getHandle(id('missing')).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError
    );
    await expect(
      harness.client.workflowService.startWorkflowExecution({
        namespace: 'default',
        workflowId: id('bad'),
        workflowType: { name: 'collector' },
        requestId: randomUUID(),
      })
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('taskQueue.name') });
    await harness.client.workflow.getHandle(workflowId).terminate('cleanup');
  });

  it('fails, cancels and terminates workflows with the matching close events', async () => {
    const taskQueue = queue();
    const failed = await harness.client.workflow.start('failing', {
      taskQueue,
      workflowId: id('fail'),
      args: ['nope'],
    });
    const cancelled = await harness.client.workflow.start('sleeper', {
      taskQueue,
      workflowId: id('cancel'),
      args: [60_000],
    });
    const terminated = await harness.client.workflow.start('sleeper', {
      taskQueue,
      workflowId: id('terminate'),
      args: [60_000],
    });
    await harness.withWorker(taskQueue, async () => {
      await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      await waitFor(async () => (await cancelled.fetchHistory()).events?.length === 5);
      await cancelled.cancel();
      await expect(cancelled.result()).rejects.toThrow(/cancel/i);
      await terminated.terminate('enough');
      await expect(terminated.result()).rejects.toThrow('enough');
    });
    expect((await historyOf(failed)).at(-1)).toBe('WorkflowExecutionFailed');
    expect(await historyOf(cancelled)).toEqual([
      'WorkflowExecutionStarted',
      ...taskRound,
      'TimerStarted',
      'WorkflowExecutionCancelRequested',
      ...taskRound,
      'TimerCanceled',
      'WorkflowExecutionCanceled',
    ]);
    expect((await historyOf(terminated)).at(-1)).toBe('WorkflowExecutionTerminated');
    expect((await terminated.describe()).status.name).toBe('TERMINATED');
  });

  it('retries activities on the server with backoff and reports attempts', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('retried', { taskQueue, workflowId: id('retry'), args: [3] });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe(3);
    const history = await handle.fetchHistory();
    const started = history.events?.find((event) => event.activityTaskStartedEventAttributes);
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(3);
    expect(started?.activityTaskStartedEventAttributes?.lastFailure?.message).toBe('attempt 2 failed');
    expect(await historyOf(handle)).toEqual([
      'WorkflowExecutionStarted',
      ...taskRound,
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      ...taskRound,
      'WorkflowExecutionCompleted',
    ]);
  });

  it('stops retrying at maximum attempts and on non-retryable failures', async () => {
    const taskQueue = queue();
    const exhausted = await harness.client.workflow.start('exhausted', {
      taskQueue,
      workflowId: id('exhausted'),
      args: [false],
    });
    const permanent = await harness.client.workflow.start('exhausted', {
      taskQueue,
      workflowId: id('permanent'),
      args: [true],
    });
    await harness.withWorker(taskQueue, async () => {
      expect(await exhausted.result()).toBe('Transient: transient');
      expect(await permanent.result()).toBe('Permanent: permanent');
    });
    for (const handle of [exhausted, permanent]) {
      const history = await handle.fetchHistory();
      const failedEvent = history.events?.find((event) => event.activityTaskFailedEventAttributes);
      expect(failedEvent?.activityTaskFailedEventAttributes?.retryState).toBe(handle === exhausted ? 4 : 2);
      const started = history.events?.find((event) => event.activityTaskStartedEventAttributes);
      expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(handle === exhausted ? 3 : 1);
      await historyOf(handle);
    }
  });

  it('times out an activity that stops heartbeating', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('heartbeatTimeout', { taskQueue, workflowId: id('heartbeat') });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('timeout HEARTBEAT');
    expect(await historyOf(handle)).toContain('ActivityTaskTimedOut');
  });

  it('cancels a heartbeating activity', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('cancelActivity', { taskQueue, workflowId: id('cancel-act') });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('activity cancelled');
    const types = await historyOf(handle);
    expect(types).toContain('ActivityTaskCancelRequested');
    expect(types).toContain('ActivityTaskCanceled');
  });

  it('records patch markers, memo and search attribute upserts; describe shows them', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('markers', {
      taskQueue,
      workflowId: id('markers'),
      memo: { origin: 'start' },
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('patched');
    const types = await historyOf(handle);
    expect(types).toContain('MarkerRecorded');
    expect(types).toContain('WorkflowPropertiesModified');
    expect(types).toContain('UpsertWorkflowSearchAttributes');
    const description = await handle.describe();
    expect(description.memo).toEqual({ origin: 'start', note: 'memo' });
    expect(description.typedSearchAttributes.get(customerKey)).toBe('ACME');
  });

  it('pages a long history, forwards and in reverse', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('manyActivities', {
      taskQueue,
      workflowId: id('long'),
      args: [12],
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBeGreaterThan(0);
    const types = await historyOf(handle);
    expect(types.length).toBeGreaterThan(pageSize * 3);
    const firstPage = await harness.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: handle.workflowId },
    });
    expect(firstPage.history?.events).toHaveLength(pageSize);
    expect(firstPage.nextPageToken?.length).toBeGreaterThan(0);
    const reverse = await harness.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: 'default',
      execution: { workflowId: handle.workflowId },
      maximumPageSize: 5,
    });
    expect(reverse.history?.events?.map((event) => Number(event.eventId))).toEqual(
      [0, 1, 2, 3, 4].map((offset) => types.length - offset)
    );
  });

  it('runs 100 workflows started concurrently', async () => {
    const taskQueue = queue();
    const handles = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        harness.client.workflow.start('activityAndTimer', {
          taskQueue,
          workflowId: id(`many-${index}`),
          args: [`${index}`],
        })
      )
    );
    const results = await harness.withWorker(taskQueue, () => Promise.all(handles.map((handle) => handle.result())));
    expect(results).toEqual(handles.map((_, index) => `Hello, ${index}!`));
    await historyOf(handles[0] as WorkflowHandle);
  });

  it('times out a workflow task held by a dead worker; another worker finishes it', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('activityAndTimer', {
      taskQueue,
      workflowId: id('dead-worker'),
      args: ['again'],
      workflowTaskTimeout: '1s',
    });
    const stolen = await harness.client.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      identity: 'doomed-worker',
    });
    expect(stolen.taskToken?.length).toBeGreaterThan(0);
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('Hello, again!');
    const types = await historyOf(handle);
    expect(types.slice(0, 6)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskTimedOut',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
    ]);
  });

  it('answers a query through the queries map of a pending workflow task', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('query-map') });
    await handle.signal('addItem', 'queued');
    // No worker yet: the query waits on the scheduled workflow task and rides along with it.
    const answer = handle.query('items');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const items = await harness.withWorker(taskQueue, async () => {
      const result = await answer;
      await handle.signal('finish');
      await handle.result();
      return result;
    });
    expect(items).toEqual(['queued']);
    await historyOf(handle);
  });

  it('keeps failed workflow task retries transient until one completes, as the real server does', async () => {
    const taskQueue = queue();
    const service = harness.client.workflowService;
    const handle = await harness.client.workflow.start('activityAndTimer', {
      taskQueue,
      workflowId: id('wft-failed'),
      args: ['retry'],
    });
    const poll = () =>
      service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'failing' });
    const fail = (taskToken: Uint8Array | null | undefined) =>
      service.respondWorkflowTaskFailed({
        namespace: 'default',
        taskToken,
        cause: 2,
        failure: { message: 'bad command' },
        identity: 'failing',
      });
    const ids = (events: { eventId?: unknown }[] | null | undefined) => (events ?? []).map((e) => Number(e.eventId));
    const first = await poll();
    expect(first.attempt).toBe(1);
    await fail(first.taskToken);
    for (const attempt of [2, 3]) {
      // Each retry carries the stored history plus its own scheduled and started events, which are not stored.
      const retry = await poll();
      expect(retry.attempt).toBe(attempt);
      expect(Number(retry.startedEventId)).toBe(6);
      expect(eventTypes(retry.history ?? {})).toEqual([
        'WorkflowExecutionStarted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskFailed',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
      ]);
      expect(ids(retry.history?.events)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(retry.history?.events?.[4]?.workflowTaskScheduledEventAttributes?.attempt).toBe(attempt);
      expect(eventTypes(await handle.fetchHistory())).toEqual([
        'WorkflowExecutionStarted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskFailed',
      ]);
      expect((await handle.describe()).raw.pendingWorkflowTask?.attempt).toBe(attempt);
      await fail(retry.taskToken);
    }
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('Hello, retry!');
    const history = await handle.fetchHistory();
    expect(eventTypes(history).slice(0, 8)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'ActivityTaskScheduled',
    ]);
    expect(history.events?.[4]?.workflowTaskScheduledEventAttributes?.attempt).toBe(4);
    expect(ids(history.events)).toEqual(history.events?.map((_, index) => index + 1));
    await historyOf(handle);
  });

  it('turns a transient workflow task retry into a normal first attempt when new events arrive', async () => {
    const taskQueue = queue();
    const service = harness.client.workflowService;
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('wft-transient') });
    const poll = () =>
      service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'failing' });
    const fail = (taskToken: Uint8Array | null | undefined) =>
      service.respondWorkflowTaskFailed({ namespace: 'default', taskToken, cause: 2, identity: 'failing' });
    await fail((await poll()).taskToken);
    // A signal while the transient attempt runs is buffered; its failure then flushes it and starts over at 1.
    const transient = await poll();
    expect(transient.attempt).toBe(2);
    await handle.signal('addItem', 'during');
    await fail(transient.taskToken);
    const afterBuffered = await poll();
    expect(afterBuffered.attempt).toBe(1);
    await fail(afterBuffered.taskToken);
    // A signal while the transient retry waits for a worker is stored at once: the retry is started as attempt 1.
    await handle.signal('addItem', 'waiting');
    const converted = await poll();
    expect(converted.attempt).toBe(1);
    await fail(converted.taskToken);
    const result = await harness.withWorker(taskQueue, async () => {
      await handle.signal('finish');
      return await handle.result();
    });
    expect(result).toEqual(['during', 'waiting']);
    const history = await handle.fetchHistory();
    // What follows depends on whether the worker polls the last transient retry before the finish signal arrives.
    expect(eventTypes(history).slice(0, 12)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
    ]);
    const attempts = (history.events ?? [])
      .map((event) => event.workflowTaskScheduledEventAttributes?.attempt)
      .filter((attempt) => attempt !== undefined && attempt !== null);
    expect(attempts.slice(0, 3)).toEqual([1, 1, 1]);
    expect(eventTypes(history).filter((type) => type === 'WorkflowTaskFailed')).toHaveLength(3);
    await historyOf(handle);
  });

  it('refuses a closing completion while new events wait, like the real server (INVALID_ARGUMENT, task failed)', async () => {
    const taskQueue = queue();
    const service = harness.client.workflowService;
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('unhandled') });
    const polled = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    await handle.signal('addItem', 'late');
    await expect(
      service.respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: polled.taskToken,
        commands: [{ commandType: 3, completeWorkflowExecutionCommandAttributes: {} }],
      })
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    const result = await harness.withWorker(taskQueue, async () => {
      await handle.signal('finish');
      return await handle.result();
    });
    expect(result).toEqual(['late']);
    const history = await handle.fetchHistory();
    expect(eventTypes(history).slice(0, 6)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
    ]);
    expect(history.events?.[3]?.workflowTaskFailedEventAttributes?.cause).toBe(1);
    expect(history.events?.[5]?.workflowTaskScheduledEventAttributes?.attempt).toBe(1);
    await historyOf(handle);
  });

  it('records a cancel request for an activity whose result arrived during the task, and refuses unknown ones', async () => {
    const taskQueue = queue();
    const service = harness.client.workflowService;
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('cancel-race') });
    const first = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      commands: [
        {
          commandType: 1,
          scheduleActivityTaskCommandAttributes: {
            activityId: '1',
            activityType: { name: 'echo' },
            taskQueue: { name: taskQueue },
            startToCloseTimeout: msToTs(60_000),
          },
        },
      ],
    });
    const scheduled = (await handle.fetchHistory()).events?.find((event) => event.activityTaskScheduledEventAttributes);
    const scheduledEventId = Number(scheduled?.eventId);
    // A signal opens a second workflow task; while it runs, the activity completes (its events are buffered).
    await handle.signal('addItem', 'x');
    const second = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    const activity = await service.pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    await service.respondActivityTaskCompleted({ namespace: 'default', taskToken: activity.taskToken });
    const cancel = (scheduled: number): temporal.api.command.v1.ICommand => ({
      commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
      // The generated type says Long; protobufjs encodes a plain number the same way.
      requestCancelActivityTaskCommandAttributes: { scheduledEventId: scheduled as unknown as Long },
    });
    await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: second.taskToken,
      commands: [cancel(scheduledEventId)],
    });
    expect(eventTypes(await handle.fetchHistory()).slice(-5)).toEqual([
      'WorkflowTaskCompleted',
      'ActivityTaskCancelRequested',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'WorkflowTaskScheduled',
    ]);

    // The activity is closed now, and nothing else was scheduled: a cancel request for either fails the task.
    for (const unknown of [scheduledEventId, 999]) {
      const next = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
      await expect(
        service.respondWorkflowTaskCompleted({
          namespace: 'default',
          taskToken: next.taskToken,
          commands: [cancel(unknown)],
        })
      ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
      const failed = (await handle.fetchHistory()).events?.find((event) => event.workflowTaskFailedEventAttributes);
      expect(failed?.workflowTaskFailedEventAttributes?.cause).toBe(
        temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES
      );
    }
    await handle.terminate('done');
  });

  it('times out a run after its run timeout', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('sleeper', {
      taskQueue,
      workflowId: id('run-timeout'),
      args: [60_000],
      workflowRunTimeout: '700ms',
    });
    await harness.withWorker(taskQueue, async () => {
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    });
    expect((await historyOf(handle)).at(-1)).toBe('WorkflowExecutionTimedOut');
    expect((await handle.describe()).status.name).toBe('TIMED_OUT');
  });

  it('honours request ids, id reuse and id conflict policies', async () => {
    const taskQueue = queue();
    const workflowId = id('policies');
    const request = {
      namespace: 'default',
      workflowId,
      workflowType: { name: 'collector' },
      taskQueue: { name: taskQueue },
      requestId: randomUUID(),
    };
    const first = await harness.client.workflowService.startWorkflowExecution(request);
    const again = await harness.client.workflowService.startWorkflowExecution(request);
    expect(again.runId).toBe(first.runId);
    const existing = await harness.client.workflowService.startWorkflowExecution({
      ...request,
      requestId: randomUUID(),
      workflowIdConflictPolicy: 2, // USE_EXISTING
    });
    expect(existing.runId).toBe(first.runId);
    expect(existing.started).toBe(false);
    await harness.client.workflow.getHandle(workflowId).terminate('closing');
    await expect(
      harness.client.workflow.start('collector', {
        taskQueue,
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      })
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const reused = await harness.client.workflow.start('collector', { taskQueue, workflowId });
    expect(reused.firstExecutionRunId).not.toBe(first.runId);
    await reused.terminate('done');
    // The duplicate start and the use-existing start wrote nothing into the first run.
    expect(await historyOf(harness.client.workflow.getHandle(workflowId, first.runId))).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowExecutionTerminated',
    ]);
  });

  it('keeps the start header and timeouts, stores sdkMetadata, and times out a run at its execution timeout', async () => {
    const taskQueue = queue();
    const workflowId = id('start-fields');
    const json = (value: unknown) => ({
      metadata: { encoding: Buffer.from('json/plain') },
      data: Buffer.from(JSON.stringify(value)),
    });
    await harness.client.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'activityAndTimer' },
      taskQueue: { name: taskQueue },
      input: { payloads: [json('header')] },
      header: { fields: { tenant: json('acme') } },
      workflowExecutionTimeout: msToTs('1h'),
      workflowRunTimeout: msToTs('10m'),
      workflowTaskTimeout: msToTs('7s'),
      requestId: randomUUID(),
    });
    const handle = harness.client.workflow.getHandle(workflowId);
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('Hello, header!');
    const history = await handle.fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(Buffer.from(started?.header?.fields?.tenant?.data ?? []).toString()).toBe('"acme"');
    expect(Number(started?.workflowExecutionTimeout?.seconds)).toBe(3600);
    expect(Number(started?.workflowRunTimeout?.seconds)).toBe(600);
    expect(Number(started?.workflowTaskTimeout?.seconds)).toBe(7);
    expect(Number(history.events?.[1]?.workflowTaskScheduledEventAttributes?.startToCloseTimeout?.seconds)).toBe(7);
    const completedTasks = (history.events ?? []).filter((event) => event.workflowTaskCompletedEventAttributes);
    expect(completedTasks.some((event) => event.workflowTaskCompletedEventAttributes?.sdkMetadata)).toBe(true);
    await historyOf(handle);

    const expiring = await harness.client.workflow.start('sleeper', {
      taskQueue,
      workflowId: id('execution-timeout'),
      args: [60_000],
      workflowExecutionTimeout: '700ms',
    });
    await harness.withWorker(taskQueue, async () => {
      await expect(expiring.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    });
    // Whether the worker got its first task in time depends on the machine; the run ends timed out either way.
    const expired = await historyOf(expiring);
    expect(expired[0]).toBe('WorkflowExecutionStarted');
    expect(expired.at(-1)).toBe('WorkflowExecutionTimedOut');
    expect(expired).not.toContain('TimerFired');
    expect((await expiring.describe()).status.name).toBe('TIMED_OUT');
  });

  it('describes pending activities with their attempt and last failure', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('stuckRetrying', { taskQueue, workflowId: id('describe') });
    await harness.withWorker(taskQueue, () =>
      waitFor(async () => (await handle.describe()).raw.pendingActivities?.[0]?.attempt === 2)
    );
    const description = await handle.describe();
    const pending = description.raw.pendingActivities?.[0];
    expect(pending?.activityType?.name).toBe('alwaysFails');
    expect(pending?.lastFailure?.message).toBe('transient');
    expect(description.status.name).toBe('RUNNING');
    await handle.terminate('done');
  });

  it('times out an activity nobody polls (schedule-to-start)', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('unpolledActivity', { taskQueue, workflowId: id('unpolled') });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('timeout SCHEDULE_TO_START');
    expect(await historyOf(handle)).toContain('ActivityTaskTimedOut');
  });

  it('times out an unpolled activity with only a schedule-to-close timeout as SCHEDULE_TO_START', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('unpolledScheduleToClose', {
      taskQueue,
      workflowId: id('unpolled-s2c'),
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('timeout SCHEDULE_TO_START');
  });

  it('completes an activity by workflow id and activity id', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('asyncCompleted', { taskQueue, workflowId: id('by-id') });
    const result = await harness.withWorker(taskQueue, async () => {
      await waitFor(async () => (await handle.describe()).raw.pendingActivities?.[0]?.state === 2);
      await harness.client.activity.heartbeat({ workflowId: handle.workflowId, activityId: 'later' }, 'beat');
      await harness.client.activity.complete({ workflowId: handle.workflowId, activityId: 'later' }, 'from outside');
      return await handle.result();
    });
    expect(result).toBe('from outside');
    expect(await historyOf(handle)).toContain('ActivityTaskCompleted');
  });

  it('continues as new and follows the chain to the last run', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('continuing', {
      taskQueue,
      workflowId: id('continue'),
      args: [2],
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('done in a continued run');
    const first = await harness.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    expect(eventTypes(first).at(-1)).toBe('WorkflowExecutionContinuedAsNew');
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, first, handle.workflowId);
    expect((await historyOf(handle)).at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('sends only new events on the sticky queue and falls back to the normal queue with full history', async () => {
    const taskQueue = queue();
    const stickyQueue = `${taskQueue}-sticky`;
    const service = harness.client.workflowService;
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('sticky') });
    const stickyAttributes = {
      workerTaskQueue: { name: stickyQueue, kind: 2 },
      scheduleToStartTimeout: { nanos: 300_000_000 },
    };
    const first = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    expect(first.history?.events?.map((event) => Number(event.eventId))).toEqual([1, 2, 3]);
    await service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: first.taskToken, stickyAttributes });
    await handle.signal('addItem', 'one');
    const sticky = await service.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: stickyQueue, kind: 2 },
    });
    expect(sticky.history?.events?.map((event) => Number(event.eventId))).toEqual([4, 5, 6, 7]);
    expect(Number(sticky.previousStartedEventId)).toBe(3);
    await service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: sticky.taskToken, stickyAttributes });
    await handle.signal('addItem', 'two');
    // Nobody polls the sticky queue: after its schedule-to-start timeout the task moves to the normal queue.
    const fallback = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    expect(Number(fallback.history?.events?.[0]?.eventId)).toBe(1);
    expect(fallback.history?.events).toHaveLength(11);
    await handle.terminate('done');
  });

  it('runs updates: accepted ones are recorded, rejected ones leave no events, ids are idempotent', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('updatable', { taskQueue, workflowId: id('update') });
    const result = await harness.withWorker(taskQueue, async () => {
      expect(await handle.executeUpdate('setLabel', { args: ['first'], updateId: 'u1' })).toBe('label=first');
      expect(await handle.executeUpdate('setLabel', { args: ['ignored'], updateId: 'u1' })).toBe('label=first');
      await expect(handle.executeUpdate('setLabel', { args: [''] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await handle.signal('finish');
      return await handle.result();
    });
    expect(result).toBe('first');
    const types = await historyOf(handle);
    expect(types.filter((type) => type === 'WorkflowExecutionUpdateAccepted')).toHaveLength(1);
    expect(types.filter((type) => type === 'WorkflowExecutionUpdateCompleted')).toHaveLength(1);
  });

  it('chains cron runs: each completed run names the next, which starts at the next scheduled time', async () => {
    const taskQueue = queue();
    const workflowId = id('cron');
    await expect(
      harness.client.workflow.start('cronTick', { taskQueue, workflowId: id('bad-cron'), cronSchedule: 'not cron' })
    ).rejects.toMatchObject({ cause: { code: status.INVALID_ARGUMENT } });
    const handle = await harness.client.workflow.start('cronTick', {
      taskQueue,
      workflowId,
      args: [2],
      cronSchedule: '* * * * * *',
    });
    const runHistory = (runId: string) => harness.client.workflow.getHandle(workflowId, runId).fetchHistory();
    // Follow the chain: run 1 and 2 complete (1, 2), run 3 fails, run 4 starts from the last completion result.
    const runs: string[] = [handle.firstExecutionRunId];
    await harness.withWorker(taskQueue, async () => {
      while (runs.length < 5) {
        const history = await harness.client.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId, runId: runs.at(-1) },
          waitNewEvent: true,
          historyEventFilterType: 2,
        });
        const close = history.history?.events?.[0];
        const next =
          close?.workflowExecutionCompletedEventAttributes?.newExecutionRunId ??
          close?.workflowExecutionFailedEventAttributes?.newExecutionRunId;
        if (next) runs.push(next);
      }
    });
    await harness.client.workflow.getHandle(workflowId).terminate('enough');
    const histories = await Promise.all(runs.slice(0, 4).map(runHistory));
    expect(histories.map((history) => eventTypes(history).at(-1))).toEqual([
      'WorkflowExecutionCompleted',
      'WorkflowExecutionCompleted',
      'WorkflowExecutionFailed',
      'WorkflowExecutionCompleted',
    ]);
    const started = histories.map((history) => history.events?.[0]?.workflowExecutionStartedEventAttributes);
    expect(started[0]?.cronSchedule).toBe('* * * * * *');
    expect(
      Number(started[0]?.firstWorkflowTaskBackoff?.nanos ?? 0) +
        Number(started[0]?.firstWorkflowTaskBackoff?.seconds ?? 0)
    ).toBeGreaterThan(0);
    for (const [index, attributes] of started.slice(1).entries()) {
      expect(attributes?.initiator).toBe(3);
      expect(attributes?.continuedExecutionRunId).toBe(runs[index]);
      expect(attributes?.firstExecutionRunId).toBe(handle.firstExecutionRunId);
      expect(attributes?.cronSchedule).toBe('* * * * * *');
    }
    const results = histories.map(
      (history) => history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]?.data
    );
    expect(results.map((data) => (data ? JSON.parse(Buffer.from(data).toString()) : null))).toEqual([1, 2, null, 3]);
    expect(started[3]?.continuedFailure?.message).toBe('cron run failed');
    expect((await harness.client.workflow.getHandle(workflowId).describe()).runId).toBe(runs[4]);
    for (const history of histories) {
      await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, workflowId);
    }
  });

  it('starts updates, polls them by id, and rejects new updates on a closed workflow', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('updatable', { taskQueue, workflowId: id('update-async') });
    await harness.withWorker(taskQueue, async () => {
      const started = await handle.startUpdate('setLabel', {
        args: ['async'],
        updateId: 'a1',
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      expect(started.updateId).toBe('a1');
      expect(await started.result()).toBe('label=async');
      // PollWorkflowExecutionUpdate from a fresh handle, and a repeated start with the same id, see one update.
      expect(await handle.getUpdateHandle<string>('a1').result()).toBe('label=async');
      const again = await handle.startUpdate('setLabel', {
        args: ['other'],
        updateId: 'a1',
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      expect(await again.result()).toBe('label=async');
      await handle.signal('finish');
      expect(await handle.result()).toBe('async');
    });
    await expect(handle.executeUpdate('setLabel', { args: ['late'], updateId: 'a2' })).rejects.toBeInstanceOf(
      WorkflowNotFoundError
    );
    // A completed update's outcome is still there after the close.
    expect(await handle.getUpdateHandle<string>('a1').result()).toBe('label=async');
    const types = await historyOf(handle);
    expect(types.filter((type) => type === 'WorkflowExecutionUpdateAccepted')).toHaveLength(1);
    expect(types.filter((type) => type === 'WorkflowExecutionUpdateCompleted')).toHaveLength(1);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('continues as new carrying memo and search attributes; an empty run id targets the latest run', async () => {
    const taskQueue = queue();
    const workflowId = id('continue-carry');
    const handle = await harness.client.workflow.start('continuing', {
      taskQueue,
      workflowId,
      args: [2],
      memo: { owner: 'baton' },
      typedSearchAttributes: [{ key: customerKey, value: 'ACME' }],
    });
    expect(await harness.withWorker(taskQueue, () => handle.result())).toBe('done in a continued run');
    const latest = await harness.client.workflow.getHandle(workflowId).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    expect(latest.memo).toEqual({ owner: 'baton' });
    expect(latest.typedSearchAttributes.get(customerKey)).toBe('ACME');
    const first = await harness.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory();
    const continued = first.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    expect(continued?.newExecutionRunId).toBeTruthy();
    const second = await harness.client.workflow
      .getHandle(workflowId, continued?.newExecutionRunId ?? '')
      .fetchHistory();
    const started = second.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId).toBe(handle.firstExecutionRunId);
    expect(started?.firstExecutionRunId).toBe(handle.firstExecutionRunId);
    expect(Object.keys(started?.memo?.fields ?? {})).toEqual(['owner']);
    for (const history of [first, second]) {
      await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, history, workflowId);
    }
    expect((await historyOf(harness.client.workflow.getHandle(workflowId))).at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('registers, describes and lists namespaces', async () => {
    const namespace = id('ns');
    await harness.client.workflowService.registerNamespace({
      namespace,
      description: 'for tests',
    });
    await expect(harness.client.workflowService.registerNamespace({ namespace })).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
    const described = await harness.client.workflowService.describeNamespace({ namespace });
    expect(described.namespaceInfo?.state).toBe(1);
    expect(described.namespaceInfo?.description).toBe('for tests');
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(24 * 3600);
    const listed = await harness.client.workflowService.listNamespaces({});
    expect(listed.namespaces?.map((item) => item.namespaceInfo?.name)).toEqual(
      expect.arrayContaining(['default', namespace])
    );
    await expect(harness.client.workflowService.describeNamespace({ namespace: id('nope') })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('times out an activity at its schedule-to-close deadline across retries', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('scheduleToClose', { taskQueue, workflowId: id('s2c') });
    // The deadline either fires (timed out) or leaves no room for the next retry (failed, retry state TIMEOUT).
    expect(await harness.withWorker(taskQueue, () => handle.result())).toMatch(/^(timeout SCHEDULE_TO_CLOSE|TIMEOUT)$/);
    const types = await historyOf(handle);
    expect(types.includes('ActivityTaskTimedOut') || types.includes('ActivityTaskFailed')).toBe(true);
  });

  it('runs child workflows, external signals and cancels, and applies the parent close policy', async () => {
    const taskQueue = queue();
    const workflowId = id('parent');
    const handle = await harness.client.workflow.start('parent', { taskQueue, workflowId });
    const result = await harness.withWorker(taskQueue, async () => {
      const value = await handle.result();
      await waitFor(
        async () =>
          (await harness.client.workflow.getHandle(`${workflowId}-orphan`).describe()).status.name === 'TERMINATED'
      );
      return value;
    });
    expect(result).toBe('Hello, child!|external,child|cancelled');
    const types = await historyOf(handle);
    for (const type of [
      'StartChildWorkflowExecutionInitiated',
      'ChildWorkflowExecutionStarted',
      'ChildWorkflowExecutionCompleted',
      'SignalExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionSignaled',
      'RequestCancelExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionCancelRequested',
      'ChildWorkflowExecutionCanceled',
    ]) {
      expect(types).toContain(type);
    }
    const child = await harness.client.workflow.getHandle(`${workflowId}-collector`).fetchHistory();
    const started = child.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.parentWorkflowExecution?.workflowId).toBe(workflowId);
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, child, `${workflowId}-collector`);
  });

  it('lists and counts workflows with a visibility query, paged', async () => {
    const taskQueue = queue();
    const handles = await Promise.all(
      [1, 2, 3].map((index) =>
        harness.client.workflow.start('collector', { taskQueue, workflowId: id(`list-${index}`) })
      )
    );
    await (handles[0] as WorkflowHandle).terminate('first one closes');
    const listed: string[] = [];
    for await (const info of harness.client.workflow.list({
      query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
      pageSize: 1,
    })) {
      listed.push(info.workflowId);
    }
    expect(listed.sort()).toEqual(
      handles
        .slice(1)
        .map((handle) => handle.workflowId)
        .sort()
    );
    const counted = await harness.client.workflow.count(`TaskQueue = '${taskQueue}'`);
    expect(counted.count).toBe(3);
    await expect(harness.client.workflow.count('StartTime >> 5')).rejects.toMatchObject({
      cause: { code: status.INVALID_ARGUMENT, details: expect.stringContaining("position 12 near '>'") },
    });
    await Promise.all(handles.slice(1).map((handle) => handle.terminate('done')));
  });

  it('moves a stopped worker’s sticky tasks to the normal queue on ShutdownWorker', async () => {
    const taskQueue = queue();
    const handle = await harness.client.workflow.start('collector', { taskQueue, workflowId: id('shutdown') });
    const first = await Worker.create({
      connection: harness.connection,
      taskQueue,
      workflowBundle: harness.workflowBundle,
      // Far longer than this test may take: only ShutdownWorker can free the sticky task in time.
      stickyQueueScheduleToStartTimeout: '10m',
    });
    await first.runUntil(() => waitFor(async () => (await handle.fetchHistory()).events?.length === 4));
    await handle.signal('addItem', 'after shutdown');
    await handle.signal('finish');
    expect(await harness.withWorker(taskQueue, () => handle.result())).toEqual(['after shutdown']);
    expect((await historyOf(handle)).at(-1)).toBe('WorkflowExecutionCompleted');
  });

  it('retries a failed workflow run under its retry policy', async () => {
    const taskQueue = queue();
    const retry = { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 3 } as const;
    const recovering = await harness.client.workflow.start('failsUntilAttempt', {
      taskQueue,
      workflowId: id('wf-retry'),
      args: [3],
      retry,
    });
    const hopeless = await harness.client.workflow.start('failsUntilAttempt', {
      taskQueue,
      workflowId: id('wf-retry-exhausted'),
      args: [10],
      retry,
    });
    await harness.withWorker(taskQueue, async () => {
      expect(await recovering.result()).toBe(3);
      await expect(hopeless.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    });
    const firstRun = await harness.client.workflow
      .getHandle(recovering.workflowId, recovering.firstExecutionRunId)
      .fetchHistory();
    const failed = firstRun.events?.at(-1)?.workflowExecutionFailedEventAttributes;
    expect(failed?.retryState).toBe(1); // IN_PROGRESS
    expect(failed?.newExecutionRunId).toBeTruthy();
    await Worker.runReplayHistory({ workflowBundle: harness.workflowBundle }, firstRun, recovering.workflowId);
    expect((await historyOf(recovering)).at(-1)).toBe('WorkflowExecutionCompleted');
    const lastOfHopeless = (await hopeless.fetchHistory()).events?.at(-1)?.workflowExecutionFailedEventAttributes;
    expect(lastOfHopeless?.retryState).toBe(4); // MAXIMUM_ATTEMPTS_REACHED
  });

  it('keeps timers, activities and signals across a restart on the same storage', async () => {
    const taskQueue = queue();
    const sleeping = await harness.client.workflow.start('sleeper', {
      taskQueue,
      workflowId: id('restart-timer'),
      args: [1500],
    });
    const collecting = await harness.client.workflow.start('collector', {
      taskQueue,
      workflowId: id('restart-signal'),
    });
    await collecting.signal('addItem', 'before');
    await harness.restart(backing.open());
    await collecting.signal('addItem', 'after');
    await collecting.signal('finish');
    const [slept, collected] = await harness.withWorker(taskQueue, () =>
      Promise.all([sleeping.result(), collecting.result()])
    );
    expect(slept).toBe('woke');
    expect(collected).toEqual(['before', 'after']);
    expect((await historyOf(sleeping)).at(-1)).toBe('WorkflowExecutionCompleted');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
