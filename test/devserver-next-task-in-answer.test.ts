import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../devserver/dev-server';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import { quietRuntime, startRawRun, testLogger } from '../devserver/test-support/harness';
import { createTimeSkippingTestEnvironment } from './support/temporal';

// A worker completing a workflow task with `returnNewWorkflowTask` gets the task its completion made necessary in the
// answer, as from the real server, instead of through a poll (another worker's poll, or one more round trip). On the
// time-skipping test server the jump to the next timer happens as soon as the completed task is applied, so one timer
// per workflow task costs one round trip: the task its firing schedules comes back in the completion's answer.

type Service = Connection['workflowService'];
const EventType = temporal.api.enums.v1.EventType;
const hour = 3600_000;
const identity = 'test worker';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms, 'still waiting'));

function eventTypes(task: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | null | undefined) {
  return (task?.history?.events ?? []).map((event) => event.eventType);
}

/** A run of the raw workflow type, with its first workflow task polled. */
const startRun = (service: Service, taskQueue: string) =>
  startRawRun(service, taskQueue, identity, `next-task-${randomUUID()}`);

function startTimer(timerId: string, ms: number): temporal.api.command.v1.ICommand {
  return {
    commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_TIMER,
    startTimerCommandAttributes: { timerId, startToFireTimeout: msToTs(ms) },
  };
}

describe('devserver time skipping: the next timer fires as soon as a workflow task completes', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    quietRuntime();
    env = await createTimeSkippingTestEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('answers the completion that started a timer with the task its firing scheduled; locked, it waits', async () => {
    const service = env.connection.workflowService;
    const testService = env.connection.testService;
    if (!testService) throw new Error('the time-skipping server serves the test service');
    const taskQueue = `next-task-${randomUUID()}`;
    const { workflowId, first } = await startRun(service, taskQueue);

    // Unlocked: the completion's own answer carries the task with the fired timer, an hour later in virtual time.
    await testService.unlockTimeSkipping({});
    const before = Number((await testService.getCurrentTime({})).time?.seconds) * 1000;
    const answer = await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      identity,
      commands: [startTimer('t1', hour)],
      returnNewWorkflowTask: true,
    });
    // No sticky queue: the task carries the whole history, ending with the completion, the timer and the new task.
    expect(eventTypes(answer.workflowTask).slice(-5)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_TIMER_STARTED,
      EventType.EVENT_TYPE_TIMER_FIRED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    const fired = answer.workflowTask?.history?.events?.find(
      (event) => event.eventType === EventType.EVENT_TYPE_TIMER_FIRED
    );
    expect(Number(fired?.eventTime?.seconds) * 1000).toBeGreaterThanOrEqual(before + hour - 1000);

    // Locked: the same completion gets no task; the timer has not fired, and fires once time may move again.
    await testService.lockTimeSkipping({});
    const lockedAnswer = await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: answer.workflowTask?.taskToken,
      identity,
      commands: [startTimer('t2', hour)],
      returnNewWorkflowTask: true,
    });
    expect(lockedAnswer.workflowTask ?? null).toBeNull();
    const history = await service.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
    expect(history.history?.events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_TIMER_STARTED);
    const poll = service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity });
    await testService.unlockTimeSkipping({});
    expect(eventTypes(await poll)).toContain(EventType.EVENT_TYPE_TIMER_FIRED);
  });
});

describe('devserver: a completion asking for its next task gets it, not a waiting poll', () => {
  let server: DevServer | undefined;
  let connection: Connection | undefined;
  afterEach(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('a signal that arrived during the task comes back in the answer while another poll keeps waiting', async () => {
    quietRuntime();
    server = await startDevServer({ storage: new MemoryStorage(), logger: testLogger });
    connection = await Connection.connect({ address: server.address });
    const service = connection.workflowService;
    const taskQueue = `next-task-${randomUUID()}`;
    const { workflowId, first } = await startRun(service, taskQueue);
    const otherPoll = service.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      identity: 'other worker',
    });
    const nudge = () =>
      service.signalWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId },
        signalName: 'nudge',
        identity,
        requestId: randomUUID(),
      });
    await nudge();
    const answer = await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      identity,
      returnNewWorkflowTask: true,
    });
    expect(eventTypes(answer.workflowTask)).toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    expect(await Promise.race([otherPoll, sleep(300)])).toBe('still waiting');

    // Without asking, the next task goes to the waiting poll as before.
    await nudge();
    const plain = await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: answer.workflowTask?.taskToken,
      identity,
    });
    expect(plain.workflowTask ?? null).toBeNull();
    expect(eventTypes(await otherPoll)).toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  });
});
