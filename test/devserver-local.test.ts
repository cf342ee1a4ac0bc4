import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { createLocalTestEnvironment } from './support/temporal';

const workflowsPath = fileURLToPath(new URL('../devserver/test-support/conformance.workflows.ts', import.meta.url));

describe('devserver through TestWorkflowEnvironment.createLocal', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    [env, workflowBundle] = await Promise.all([createLocalTestEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow with an activity and a timer, and its history replays', async () => {
    const taskQueue = `local-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities,
    });
    const workflowId = `activity-and-timer-${randomUUID()}`;
    const result = await worker.runUntil(
      env.client.workflow.execute('activityAndTimer', { taskQueue, workflowId, args: ['Baton'] })
    );
    expect(result).toBe('Hello, Baton!');
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const types = history.events?.map((event) => event.eventType);
    expect(types).toEqual([
      1, // WorkflowExecutionStarted
      5, // WorkflowTaskScheduled
      6, // WorkflowTaskStarted
      7, // WorkflowTaskCompleted
      10, // ActivityTaskScheduled
      11, // ActivityTaskStarted
      12, // ActivityTaskCompleted
      5,
      6,
      7,
      17, // TimerStarted
      18, // TimerFired
      5,
      6,
      7,
      2, // WorkflowExecutionCompleted
    ]);
    await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
  });
});
