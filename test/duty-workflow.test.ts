import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../worker/activities';
import {
  changeAssigneeUpdate,
  dutyStateQuery,
  pauseUpdate,
  resumeUpdate,
  skipNextUpdate,
  upcomingQuery,
  type DutyInput,
  type DutyView,
} from '../workflows/duty/duty.messages';
import type { dutyWorkflow } from '../workflows/duty/duty.workflow';
import { parseTemplate } from '../workflows/template';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const position = { x: 0, y: 0 };
const MINUTE = 60_000;

// Each occurrence tells its assignee to do the duty and ends: the process closes on its own, on time.
const template = parseTemplate({
  schemaVersion: 1,
  id: 'month-end',
  name: 'Month-end check',
  calendarId: 'pl',
  parameters: [{ name: 'assignee', type: 'person', label: 'Assignee' }],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    {
      id: 'tell',
      type: 'notify',
      position,
      data: { recipient: { kind: 'parameter', name: 'assignee' }, message: 'Verify access against payments' },
    },
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'tell' },
    { id: 'e2', source: 'tell', target: 'end' },
  ],
});

const calendar = { id: 'pl', name: 'Warsaw office', country: 'PL', timeZone: 'Europe/Warsaw' };

function dutyInput(dutyId: string, schedule: DutyInput['schedule']): DutyInput {
  return {
    dutyId,
    name: 'Verify course access',
    templateId: template.id,
    templateVersion: 1,
    template,
    schedule,
    calendar,
    assignee: 'olga',
    owner: 'client',
  };
}

describe('duty workflow on the time-skipping devserver', () => {
  // The shared bed gives the devserver, bundle and database; each test still runs its own worker on its own
  // queue, so the endless duties of one test stop being worked when that test ends.
  let bed: ProcessTestBed;
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let pool: pg.Pool;

  beforeAll(async () => {
    bed = await startProcessTestBed();
    ({ env, workflowBundle, pool } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function withWorker<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `duty-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities: createActivities({ pool, logger: pino({ level: 'silent' }) }),
    });
    return worker.runUntil(body(taskQueue));
  }

  /** Every run of a workflow, oldest first, found by following each run's "continued from" link. */
  async function runsOf(workflowId: string) {
    const runs = [];
    let runId: string | undefined;
    for (;;) {
      const handle = env.client.workflow.getHandle(workflowId, runId);
      const history = await handle.fetchHistory();
      runs.unshift({ runId, history });
      const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) return runs;
      runId = previous;
    }
  }

  async function childStart(workflowId: string): Promise<Date | undefined> {
    try {
      return (await env.client.workflow.getHandle(workflowId).describe()).startTime;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  it('runs a duty on the 31st for 14 months: February, weekends and Corpus Christi move it back, each once', async () => {
    const dutyId = randomUUID();
    const workflowId = `duty-${dutyId}`;
    const input = dutyInput(dutyId, {
      recurrence: { kind: 'monthly', day: 31 },
      timeOfDay: '09:00',
      timeZone: 'Europe/Warsaw',
      nonBusinessDay: 'previousBusinessDay',
      startDate: '2028-04-01',
      endDate: '2029-06-15',
    });
    const result = await withWorker((taskQueue) =>
      env.client.workflow.execute<typeof dutyWorkflow>('dutyWorkflow', { taskQueue, workflowId, args: [input] })
    );
    // The last business day on or before each month's 31st (or its last day), from April 2028 to May 2029.
    const expected = [
      '2028-04-28', // Sunday the 30th
      '2028-05-31',
      '2028-06-30',
      '2028-07-31',
      '2028-08-31',
      '2028-09-29', // Saturday the 30th
      '2028-10-31',
      '2028-11-30',
      '2028-12-29', // Sunday the 31st
      '2029-01-31',
      '2029-02-28', // no 31st in February
      '2029-03-30', // Saturday the 31st
      '2029-04-30',
      '2029-05-30', // Thursday the 31st is Corpus Christi
    ];
    expect(result.status).toBe('ended');
    expect(result.started).toBe(14);
    expect(result.recent.map((entry) => entry.date)).toEqual(expected);
    expect(result.recent.every((entry) => entry.outcome === 'onTime')).toBe(true);

    for (const date of expected) {
      const started = await childStart(`${workflowId}-${date}`);
      expect(started, date).toBeDefined();
      // 09:00 in Warsaw: 07:00 UTC in summer time (to 2028-10-29, from 2029-03-25), else 08:00.
      const summer = date < '2028-10-29' || date >= '2029-03-25';
      expect(started?.getUTCHours(), date).toBe(summer ? 7 : 8);
      expect(started?.toISOString().slice(0, 10)).toBe(date);
      expect(started?.getUTCMinutes(), date).toBeLessThan(5);
    }
    const children = await pool.query<{ workflow_id: string }>(
      `SELECT DISTINCT workflow_id FROM process_audit WHERE workflow_id LIKE $1 AND action = 'processStarted'`,
      [`${workflowId}-%`]
    );
    expect(children.rows.map((row) => row.workflow_id).sort()).toEqual(expected.map((date) => `${workflowId}-${date}`));
    const notified = await pool.query<{ recipient: string; count: string }>(
      `SELECT recipient, count(*) AS count FROM process_outbox WHERE workflow_id LIKE $1 GROUP BY recipient ORDER BY 1`,
      [`${workflowId}-%`]
    );
    // The assignee is told 14 times by the processes, the owner gets 14 short reports from the duty.
    expect(notified.rows).toEqual([
      { recipient: 'client', count: '14' },
      { recipient: 'olga', count: '14' },
    ]);
    const reports = await pool.query<{ subject: string }>(
      `SELECT subject FROM process_outbox WHERE workflow_id LIKE $1 AND recipient = 'client' ORDER BY id`,
      [`${workflowId}-%`]
    );
    expect(reports.rows[10]?.subject).toBe('Verify course access (2029-02-28): done on time');
    const row = await pool.query('SELECT status, occurrences_started, next_occurrence_at FROM duties WHERE id = $1', [
      dutyId,
    ]);
    expect(row.rows).toEqual([{ status: 'ended', occurrences_started: 14, next_occurrence_at: null }]);

    const runs = await runsOf(workflowId);
    expect(runs.length).toBeGreaterThanOrEqual(15);
    expect(result.continuedRuns).toBe(runs.length - 1);
    for (const run of runs) {
      expect(run.history.events?.length ?? 0).toBeLessThan(1000);
      await Worker.runReplayHistory({ workflowBundle }, run.history, workflowId);
    }
  });

  it('skips the next occurrence, pauses, resumes from now and hands the work to a new assignee', async () => {
    const dutyId = randomUUID();
    const workflowId = `duty-${dutyId}`;
    const now = await env.currentTimeMs();
    const today = new Date(now).toISOString().slice(0, 10);
    await withWorker(async (taskQueue) => {
      const handle: WorkflowHandle = await env.client.workflow.start('dutyWorkflow', {
        taskQueue,
        workflowId,
        args: [
          dutyInput(dutyId, {
            recurrence: { kind: 'daily', interval: 1 },
            timeOfDay: '09:00',
            timeZone: 'Europe/Warsaw',
            nonBusinessDay: 'skip',
            startDate: today,
          }),
        ],
      });
      const upcoming = await waitFor(() => handle.query(upcomingQuery, 12));
      expect(upcoming).toHaveLength(12);
      const runnable = upcoming.filter((occurrence) => !occurrence.skipped);
      const weekend = upcoming.filter((occurrence) => occurrence.skipped);
      expect(weekend.length).toBeGreaterThan(0);
      expect(weekend[0]?.reason).toMatch(/is a (Saturday|Sunday)|public holiday/);
      const [first, second, third, fourth] = runnable;
      if (!first || !second || !third || !fourth) throw new Error('expected four business days in 12 days');

      const afterSkip = await handle.executeUpdate(skipNextUpdate, {
        args: [{ actor: 'client', reason: 'office closed' }],
      });
      expect(afterSkip.skipDates).toEqual([first.nominalDate]);
      expect(afterSkip.next?.date).toBe(second.date);

      await sleepUntil(new Date(second.at).getTime() + 20 * MINUTE);
      expect(await childStart(`${workflowId}-${first.date}`)).toBeUndefined();
      await waitFor(() => childStart(`${workflowId}-${second.date}`));

      const paused = await handle.executeUpdate(pauseUpdate, { args: [{ actor: 'client' }] });
      expect(paused.status).toBe('paused');
      await sleepUntil(new Date(fourth.at).getTime() + 20 * MINUTE);
      expect(await childStart(`${workflowId}-${third.date}`)).toBeUndefined();
      expect(await childStart(`${workflowId}-${fourth.date}`)).toBeUndefined();
      expect((await handle.query(dutyStateQuery)).started).toBe(1);

      const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'client' }] });
      expect(resumed.status).toBe('active');
      const fifth = resumed.next;
      if (!fifth) throw new Error('a resumed daily duty has a next occurrence');
      expect(fifth.at > fourth.at).toBe(true);
      await handle.executeUpdate(changeAssigneeUpdate, { args: [{ actor: 'client', assignee: 'bob' }] });
      await sleepUntil(new Date(fifth.at).getTime() + 20 * MINUTE);
      await waitFor(() => childStart(`${workflowId}-${fifth.date}`));
      const state: DutyView = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.recent.length === 2 && current.recent.every((r) => r.outcome === 'onTime') ? current : undefined;
      });
      expect(state.started).toBe(2);
      expect(state.assignee).toBe('bob');
      const told = await pool.query<{ recipient: string }>(
        `SELECT recipient FROM process_outbox WHERE workflow_id = $1 AND recipient <> 'client'`,
        [`${workflowId}-${fifth.date}`]
      );
      expect(told.rows).toEqual([{ recipient: 'bob' }]);
      const audit = await pool.query<{ action: string }>(
        'SELECT action FROM process_audit WHERE workflow_id = $1 ORDER BY id',
        [workflowId]
      );
      expect(audit.rows.map((r) => r.action)).toEqual([
        'dutyOccurrenceSkipped',
        'dutyPaused',
        'dutyResumed',
        'dutyAssigneeChanged',
      ]);
      await handle.terminate('test done');
    });
    for (const run of await runsOf(workflowId)) {
      await Worker.runReplayHistory({ workflowBundle }, run.history, workflowId);
    }
  });

  /** Moves the virtual clock to an instant (the time-skipping server fires every timer on the way). */
  async function sleepUntil(instant: number) {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
    // Lets the worker finish the activities and the start that the timers released.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`gave up waiting: ${String(lastError)}`);
  }
});
