import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../devserver/dev-server';
import { MemoryStorage } from '../devserver/storage/memory.storage';
import type { CommitBatch } from '../devserver/storage/storage';
import { quietRuntime, startRawRun, testLogger } from '../devserver/test-support/harness';

// A poll for the workflow task that carries an update to an idle run answers without waiting for the commit of the
// task's own scheduled and started events (the real server does not write an update's speculative task either); a
// task whose history holds an event not yet written (a signal) still waits for it: the worker never sees history that
// a crash could undo.

/** Memory storage whose commits wait while `hold()` is in force. */
class HeldStorage extends MemoryStorage {
  private gate: Promise<void> | null = null;
  private open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = null;
    this.open();
  }

  override async commit(batch: CommitBatch): Promise<void> {
    if (this.gate) await this.gate;
    return super.commit(batch);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms, 'still waiting'));
const EventType = temporal.api.enums.v1.EventType;

let server: DevServer | undefined;
let connection: Connection | undefined;
let storage: HeldStorage | undefined;
afterEach(async () => {
  storage?.release();
  await connection?.close();
  await server?.stop();
});

describe('devserver: a workflow task poll and the commit of its start', () => {
  it('answers an update’s task before its start is written, and a signal’s only after the signal is', async () => {
    quietRuntime();
    storage = new HeldStorage();
    server = await startDevServer({ storage, logger: testLogger });
    connection = await Connection.connect({ address: server.address });
    const service = connection.workflowService;
    const taskQueue = `update-poll-${randomUUID()}`;
    const workflowId = `update-poll-${randomUUID()}`;
    const identity = 'test worker';
    const poll = () =>
      service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity });
    const { first } = await startRawRun(service, taskQueue, identity, workflowId);
    await service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: first.taskToken, identity });

    // An update to the idle run, while nothing can be written: the waiting poll still gets its task.
    const updatePoll = poll();
    await sleep(200);
    storage.hold();
    const update = service.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      request: { meta: { updateId: 'u1', identity }, input: { name: 'change' } },
      waitPolicy: {
        lifecycleStage:
          temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
      },
    });
    update.catch(() => undefined);
    const answered = await Promise.race([updatePoll, sleep(5_000)]);
    expect(answered).not.toBe('still waiting');
    const task = answered as temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
    expect(task.messages?.map((message) => message.protocolInstanceId)).toEqual(['u1']);
    expect(task.history?.events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    storage.release();
    // The worker refuses the update: the run is idle again, and the update's answer says it was refused.
    await service.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity,
      messages: [
        {
          id: 'u1/reject',
          protocolInstanceId: 'u1',
          body: {
            type_url: 'type.googleapis.com/temporal.api.update.v1.Rejection',
            value: temporal.api.update.v1.Rejection.encode({
              rejectedRequestMessageId: 'u1/request',
              failure: { message: 'no' },
            }).finish(),
          },
        },
      ],
    });
    expect((await update).outcome?.failure?.message).toBe('no');

    // A signal while nothing can be written: its task waits until the signal is in storage.
    const signalPoll = poll();
    let signalTask: unknown = 'still waiting';
    void signalPoll.then((response) => (signalTask = response));
    await sleep(200);
    storage.hold();
    const signal = service.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'nudge',
      identity,
      requestId: randomUUID(),
    });
    await sleep(1_000);
    expect(signalTask).toBe('still waiting');
    storage.release();
    await signal;
    const delivered = await signalPoll;
    expect(delivered.history?.events?.map((event) => event.eventType)).toContain(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
    );
  }, 60_000);
});
