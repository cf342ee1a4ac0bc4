import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { eventTypes, quietRuntime, workflowBundle } from '../devserver/test-support/harness';
import { createTimeSkippingTestEnvironment } from './support/temporal';

const day = 24 * 3600_000;

describe('devserver as the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    quietRuntime();
    env = await createTimeSkippingTestEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('skips a three-day timer while awaiting the result, with virtual event times', async () => {
    const taskQueue = `skip-${randomUUID()}`;
    const bundle = await workflowBundle();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    const workflowId = `skip-${randomUUID()}`;
    const result = await worker.runUntil(
      env.client.workflow.execute('sleeper', { taskQueue, workflowId, args: [3 * day] })
    );
    expect(result).toBe('woke');
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    expect(eventTypes(history)).toContain('TimerFired');
    const times = (history.events ?? []).map((event) => Number(event.eventTime?.seconds) * 1000);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3 * day);
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('moves the clock with env.sleep', async () => {
    const before = await env.currentTimeMs();
    await env.sleep(2 * day);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * day);
  });
});
