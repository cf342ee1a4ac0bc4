import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { startHarness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// Eager workflow start through the real SDK: a client sharing its NativeConnection with a worker asks for the first
// workflow task in the start's answer (`requestEagerStart`). The devserver grants it for a plain start, records the
// task as started by the caller, and the run completes and replays; a start that asks for nothing goes through a poll.

afterAll(dropPreparedDatabases);

const EventType = temporal.api.enums.v1.EventType;

describe.each(devserverStorages)('devserver eager workflow start, $name storage', ({ prepare }) => {
  it('hands the first workflow task to the starting client’s worker, and the run completes and replays', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const system = await h.client.workflowService.getSystemInfo({});
      expect(system.capabilities?.eagerWorkflowStart).toBe(true);
      const namespace = await h.client.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespace.namespaceInfo?.capabilities?.eagerWorkflowStart).toBe(true);

      const taskQueue = `eager-${randomUUID()}`;
      const identity = `eager-client-${randomUUID()}`;
      // Eager start needs the client on the worker's own native connection.
      const client = new Client({ connection: h.connection, identity });
      const worker = await Worker.create({
        connection: h.connection,
        taskQueue,
        workflowBundle: h.workflowBundle,
        activities,
      });
      await worker.runUntil(async () => {
        const eager = await client.workflow.start('activityAndTimer', {
          taskQueue,
          workflowId: `eager-${randomUUID()}`,
          args: ['Ewa'],
          requestEagerStart: true,
        });
        expect(eager.eagerlyStarted).toBe(true);
        expect(await eager.result()).toBe('Hello, Ewa!');
        const history = await eager.fetchHistory();
        const types = (history.events ?? []).map((event) => event.eventType);
        expect(types.slice(0, 4)).toEqual([
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        ]);
        // The first task was started by the starting client, not by a poller.
        expect(history.events?.[2]?.workflowTaskStartedEventAttributes?.identity).toBe(identity);
        await Worker.runReplayHistory({ workflowBundle: h.workflowBundle }, history);

        // Without the request, the same start goes through the task queue's poll.
        const plain = await client.workflow.start('activityAndTimer', {
          taskQueue,
          workflowId: `plain-${randomUUID()}`,
          args: ['Jan'],
        });
        expect(plain.eagerlyStarted).toBe(false);
        expect(await plain.result()).toBe('Hello, Jan!');
        const plainHistory = await plain.fetchHistory();
        expect(plainHistory.events?.[2]?.workflowTaskStartedEventAttributes?.identity).not.toBe(identity);
      });
    } finally {
      await h.close();
    }
  });

  it('an eager task the worker never completes times out and is handed to a poller', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `eager-lost-${randomUUID()}`;
      const workflowId = `eager-lost-${randomUUID()}`;
      // A raw start asking for the task, whose answer nobody works on (a client that crashed right after it).
      const started: temporal.api.workflowservice.v1.IStartWorkflowExecutionResponse =
        await h.client.workflowService.startWorkflowExecution({
          namespace: 'default',
          workflowId,
          workflowType: { name: 'activityAndTimer' },
          taskQueue: { name: taskQueue },
          input: { payloads: [defaultPayloadConverter.toPayload('Olga')] },
          workflowTaskTimeout: msToTs(1000),
          requestId: randomUUID(),
          identity: 'crashed-client',
          requestEagerExecution: true,
        });
      expect(started.eagerWorkflowTask?.taskToken?.length).toBeGreaterThan(0);
      expect(started.eagerWorkflowTask?.history?.events?.length).toBe(3);
      // A worker polling the queue gets the task once the eager attempt timed out, and the run completes.
      const result = await h.withWorker(taskQueue, () =>
        h.client.workflow.getHandle(workflowId, started.runId ?? undefined).result()
      );
      expect(result).toBe('Hello, Olga!');
      const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
      expect((history.events ?? []).map((event) => event.eventType)).toContain(
        EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
      );
    } finally {
      await h.close();
    }
  });
});
