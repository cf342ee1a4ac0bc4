import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// Eager activity dispatch, as the official dev server does it (`system.enableActivityEagerExecution`): an activity a
// workflow task schedules with `requestEagerExecution` on the run's own task queue is started for the completing
// worker and handed back in the completion's answer, instead of waiting for that worker's next activity poll. Driven
// here by raw RPCs (what is answered) and by the SDK's worker (which asks for it by default).

afterAll(dropPreparedDatabases);

const EventType = temporal.api.enums.v1.EventType;
type Command = temporal.api.command.v1.ICommand;

/** Starts a run by hand and polls its first workflow task; returns what the test answers it with. */
async function firstTask(h: Harness, taskQueue: string) {
  const service = h.client.workflowService;
  const workflowId = `eager-activity-${randomUUID()}`;
  await service.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'byHand' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
    identity: 'test',
  });
  const task = await service.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'hand-worker',
  });
  expect(task.taskToken?.length).toBeGreaterThan(0);
  return { workflowId, token: task.taskToken as Uint8Array };
}

function scheduleCommand(activityId: string, options: { eager: boolean; taskQueue?: string; startToCloseMs?: number }) {
  return {
    commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
    scheduleActivityTaskCommandAttributes: {
      activityId,
      activityType: { name: 'greet' },
      ...(options.taskQueue !== undefined && { taskQueue: { name: options.taskQueue } }),
      input: { payloads: [defaultPayloadConverter.toPayload('Zofia')] },
      startToCloseTimeout: msToTs(options.startToCloseMs ?? 30_000),
      retryPolicy: { initialInterval: msToTs(100), maximumAttempts: 3 },
      requestEagerExecution: options.eager,
    },
  } satisfies Command;
}

describe('devserver eager activity dispatch, raw RPCs', () => {
  it('hands an eagerly requested activity back in the completion’s answer, started, and not again to a poller', async () => {
    const h = await startHarness((await devserverStorages[0]!.prepare()).open());
    try {
      const service = h.client.workflowService;
      const taskQueue = `eager-${randomUUID()}`;
      const { workflowId, token } = await firstTask(h, taskQueue);
      const answer = await service.respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: token,
        identity: 'hand-worker',
        commands: [scheduleCommand('1', { eager: true }), scheduleCommand('2', { eager: false })],
      });
      // The eager one comes back started, with what the worker needs to run it; the other waits on the queue.
      expect(answer.activityTasks).toHaveLength(1);
      const eager = answer.activityTasks![0]!;
      expect(eager.activityId).toBe('1');
      expect(eager.activityType?.name).toBe('greet');
      expect(eager.attempt).toBe(1);
      expect(eager.workflowExecution?.workflowId).toBe(workflowId);
      expect(defaultPayloadConverter.fromPayload(eager.input!.payloads![0]!)).toBe('Zofia');
      expect(eager.retryPolicy?.maximumAttempts).toBe(3);
      const polled = await service.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: 'poller',
      });
      expect(polled.activityId).toBe('2');
      // The pending activity is described as started by the completing worker.
      const described = await service.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
      const pending = new Map((described.pendingActivities ?? []).map((activity) => [activity.activityId, activity]));
      expect(pending.get('1')?.state).toBe(temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
      expect(pending.get('1')?.lastWorkerIdentity).toBe('hand-worker');

      // Completing the eager task by its token reaches the workflow like any other result.
      await service.respondActivityTaskCompleted({
        namespace: 'default',
        taskToken: eager.taskToken,
        identity: 'hand-worker',
        result: { payloads: [defaultPayloadConverter.toPayload('done')] },
      });
      const next = await service.pollWorkflowTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: 'hand-worker',
      });
      const types = (next.history?.events ?? []).map((event) => event.eventType);
      expect(types).toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    } finally {
      await h.close();
    }
  });

  it('dispatches eagerly only on the run’s own task queue, and not when turned off', async () => {
    for (const eagerActivities of [true, false]) {
      const h = await startHarness((await devserverStorages[0]!.prepare()).open(), { eagerActivities });
      try {
        const taskQueue = `eager-queue-${randomUUID()}`;
        const other = `other-${randomUUID()}`;
        const { token } = await firstTask(h, taskQueue);
        const answer = await h.client.workflowService.respondWorkflowTaskCompleted({
          namespace: 'default',
          taskToken: token,
          identity: 'hand-worker',
          commands: [
            scheduleCommand('own', { eager: true, taskQueue }),
            scheduleCommand('elsewhere', { eager: true, taskQueue: other }),
          ],
        });
        expect((answer.activityTasks ?? []).map((task) => task.activityId)).toEqual(eagerActivities ? ['own'] : []);
        const elsewhere = await h.client.workflowService.pollActivityTaskQueue({
          namespace: 'default',
          taskQueue: { name: other },
          identity: 'poller',
        });
        expect(elsewhere.activityId).toBe('elsewhere');
        if (!eagerActivities) {
          const own = await h.client.workflowService.pollActivityTaskQueue({
            namespace: 'default',
            taskQueue: { name: taskQueue },
            identity: 'poller',
          });
          expect(own.activityId).toBe('own');
        }
      } finally {
        await h.close();
      }
    }
  });
});

describe.each(devserverStorages)('devserver eager activity dispatch, $name storage', ({ prepare }) => {
  it('an eager task whose answer was lost times out and its retry goes to a poller, after a restart too', async () => {
    const backing = await prepare();
    const h = await startHarness(backing.open());
    try {
      const service = h.client.workflowService;
      const taskQueue = `eager-lost-${randomUUID()}`;
      const { token } = await firstTask(h, taskQueue);
      // The worker that asked crashed with the answer: nobody runs attempt 1.
      const answer = await service.respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: token,
        identity: 'crashed-worker',
        commands: [scheduleCommand('1', { eager: true, startToCloseMs: 500 })],
      });
      expect(answer.activityTasks?.[0]?.attempt).toBe(1);
      // The started attempt was committed with the completion: it survives a restart of the server.
      await h.restart(backing.open());
      const retry = await service.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: 'poller',
      });
      expect(retry.activityId).toBe('1');
      expect(retry.attempt).toBe(2);
    } finally {
      await h.close();
    }
  });

  it('the SDK’s worker asks for eager dispatch and its runs complete and replay', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `eager-sdk-${randomUUID()}`;
      const worker = await Worker.create({
        connection: h.connection,
        taskQueue,
        workflowBundle: h.workflowBundle,
        activities: { greet: async (name: string) => `Hello, ${name}!` },
      });
      await worker.runUntil(async () => {
        const handle = await h.client.workflow.start('activityAndTimer', {
          taskQueue,
          workflowId: `eager-sdk-${randomUUID()}`,
          args: ['Ewa'],
        });
        expect(await handle.result()).toBe('Hello, Ewa!');
        const history = await handle.fetchHistory();
        const scheduled = history.events?.find(
          (event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        );
        expect(scheduled?.activityTaskScheduledEventAttributes?.activityType?.name).toBe('greet');
        await Worker.runReplayHistory({ workflowBundle: h.workflowBundle }, history);
      });
    } finally {
      await h.close();
    }
  });
});
