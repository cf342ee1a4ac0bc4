import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { eventTypes, quietRuntime, workflowBundle } from '../devserver/test-support/harness';
import type { DailySleepResult, RaceActivities, RaceResult } from './devserver-time-skipping.workflows';
import { createTimeSkippingTestEnvironment } from './support/temporal';

const dailySleeperPath = fileURLToPath(new URL('./devserver-time-skipping.workflows.ts', import.meta.url));

const day = 24 * 3600_000;
const silentLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

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

  it('sleeps 90 days through daily timers: workflow time moves 90 days, one day per timer', async () => {
    const taskQueue = `ninety-${randomUUID()}`;
    const bundle = await bundleWorkflowCode({ workflowsPath: dailySleeperPath, logger: silentLogger });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
    const workflowId = `ninety-${randomUUID()}`;
    const clockBefore = await env.currentTimeMs();
    const result: DailySleepResult = await worker.runUntil(
      env.client.workflow.execute('dailySleeper', { taskQueue, workflowId, args: [90] })
    );
    // Workflow time is the virtual clock: each timer fires exactly a day after it was started, give or take the
    // real milliseconds the worker takes between a timer firing and starting the next one.
    expect(result.wakes).toHaveLength(90);
    expect(result.endedAt - result.startedAt).toBeGreaterThanOrEqual(90 * day);
    expect(result.endedAt - result.startedAt).toBeLessThan(90 * day + 60_000);
    let previous = result.startedAt;
    for (const wake of result.wakes) {
      expect(wake - previous).toBeGreaterThanOrEqual(day);
      expect(wake - previous).toBeLessThan(day + 5_000);
      previous = wake;
    }
    expect((await env.currentTimeMs()) - clockBefore).toBeGreaterThanOrEqual(90 * day);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const types = eventTypes(history);
    expect(types.filter((type) => type === 'TimerStarted')).toHaveLength(90);
    expect(types.filter((type) => type === 'TimerFired')).toHaveLength(90);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('moves time while an activity runs when the activity calls env.sleep: a racing timer fires first', async () => {
    const taskQueue = `race-${randomUUID()}`;
    const bundle = await bundleWorkflowCode({ workflowsPath: dailySleeperPath, logger: silentLogger });
    const raceActivities: RaceActivities = {
      async sleepsTwoDaysInTest() {
        await env.sleep(2 * day);
        return 'slept';
      },
      async takesAMoment() {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'done';
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: raceActivities,
    });
    const workflowId = `race-${randomUUID()}`;
    const clockBefore = await env.currentTimeMs();
    const realBefore = Date.now();
    const result: RaceResult = await worker.runUntil(
      env.client.workflow.execute('timerRacesActivity', {
        taskQueue,
        workflowId,
        args: ['1 day', 'sleepsTwoDaysInTest'],
      })
    );
    const realTaken = Date.now() - realBefore;
    // The one-day timer fired while the activity was still in its two-day sleep, at its own virtual time.
    expect(result.seen).toEqual(['timer', 'activity']);
    expect(result.timerAt - result.startedAt).toBeGreaterThanOrEqual(day);
    expect(result.timerAt - result.startedAt).toBeLessThan(day + 60_000);
    expect(result.endedAt - result.startedAt).toBeGreaterThanOrEqual(2 * day);
    const moved = (await env.currentTimeMs()) - clockBefore;
    expect(moved).toBeGreaterThanOrEqual(2 * day);
    expect(moved).toBeLessThan(2 * day + 5 * 60_000);
    // Not a speed figure: only that no real day (nor the one-day timer in real time) was waited.
    expect(realTaken).toBeLessThan(5 * 60_000);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const types = eventTypes(history);
    expect(types.indexOf('TimerFired')).toBeLessThan(types.indexOf('ActivityTaskCompleted'));
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('without env.sleep a running activity still holds the clock: a one-hour timer does not overtake it', async () => {
    const taskQueue = `hold-${randomUUID()}`;
    const bundle = await bundleWorkflowCode({ workflowsPath: dailySleeperPath, logger: silentLogger });
    const raceActivities: RaceActivities = {
      async sleepsTwoDaysInTest() {
        throw new Error('not called here');
      },
      async takesAMoment() {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'done';
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: raceActivities,
    });
    const workflowId = `hold-${randomUUID()}`;
    const result: RaceResult = await worker.runUntil(
      env.client.workflow.execute('timerRacesActivity', { taskQueue, workflowId, args: ['1 hour', 'takesAMoment'] })
    );
    // The activity finished first; only then was the hour skipped.
    expect(result.seen).toEqual(['activity', 'timer']);
    expect(result.timerAt - result.startedAt).toBeGreaterThanOrEqual(3600_000);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const types = eventTypes(history);
    expect(types.indexOf('ActivityTaskCompleted')).toBeLessThan(types.indexOf('TimerFired'));
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('moves the clock with env.sleep', async () => {
    const before = await env.currentTimeMs();
    await env.sleep(2 * day);
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * day);
  });
});
