import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import * as activities from '../devserver/test-support/conformance.activities';
import { startDevServer } from '../devserver/dev-server';
import {
  quietRuntime,
  startHarness,
  testLogger,
  workflowBundle,
  type Harness,
} from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';
import { createTimeSkippingTestEnvironment } from './support/temporal';

// Temporal Schedules on the devserver, driven through the real SDK's client.schedule on both storages: interval and
// cron specs with time zones, ids `<workflowId>-<time>`, pause / trigger / backfill / delete, the overlap policies,
// pause-on-failure, limited actions, and a schedule that survives a restart and catches up on what came due meanwhile.

afterAll(dropPreparedDatabases);

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** Polls `read` until `done` holds (or fails after `ms`): schedules act on real time. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not reached in ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const idTime = (workflowId: string, nominal: Date) =>
  `${workflowId}-${new Date(Math.floor(nominal.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')}`;

async function workflowIds(handle: ScheduleHandle): Promise<string[]> {
  const described = await handle.describe();
  return described.info.recentActions.map((action) => action.action.workflow.workflowId);
}

describe.each(devserverStorages)('devserver schedules, $name storage', ({ prepare }) => {
  it('an interval schedule starts `<id>-<time>` runs with memo and scheduled-by attributes; pause, trigger, list, delete', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const system = await h.client.workflowService.getSystemInfo({});
      expect(system.capabilities?.supportsSchedules).toBe(true);
      const taskQueue = `sched-${randomUUID()}`;
      const scheduleId = `every-2s-${randomUUID()}`;
      const workflowId = `tick-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const handle = await h.client.schedule.create({
          scheduleId,
          spec: { intervals: [{ every: '2s' }] },
          action: {
            type: 'startWorkflow',
            workflowType: 'sleeper',
            args: [10],
            taskQueue,
            workflowId,
            memo: { office: 'Kraków' },
          },
          memo: { owner: 'Ewa' },
        });
        const described = await eventually(
          () => handle.describe(),
          (value) => value.info.recentActions.length >= 2
        );
        expect(described.memo).toEqual({ owner: 'Ewa' });
        expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
        expect(described.spec.intervals?.[0]?.every).toBe(2000);
        for (const action of described.info.recentActions) {
          // Intervals count from the epoch: every 2 s falls on an even second; no jitter, so taken at that time.
          expect(action.scheduledAt.getTime() % 2000).toBe(0);
          expect(action.action.workflow.workflowId).toBe(idTime(workflowId, action.scheduledAt));
        }
        const next = described.info.nextActionTimes.map((time) => time.getTime());
        expect(next).toHaveLength(10);
        for (let i = 1; i < next.length; i++) expect((next[i] ?? 0) - (next[i - 1] ?? 0)).toBe(2000);

        const first = described.info.recentActions[0];
        if (!first) throw new Error('no action');
        const run = h.client.workflow.getHandle(first.action.workflow.workflowId);
        expect(await run.result()).toBe('woke');
        const info = await run.describe();
        expect(info.memo).toEqual({ office: 'Kraków' });
        expect(info.searchAttributes.TemporalScheduledById).toEqual([scheduleId]);
        expect(info.searchAttributes.TemporalScheduledStartTime).toEqual([first.scheduledAt]);

        const listed = [];
        for await (const entry of h.client.schedule.list()) listed.push(entry);
        const entry = listed.find((item) => item.scheduleId === scheduleId);
        expect(entry?.action?.workflowType).toBe('sleeper');
        expect(entry?.memo).toEqual({ owner: 'Ewa' });

        await handle.pause('Urlop');
        const paused = await handle.describe();
        expect(paused.state).toMatchObject({ paused: true, note: 'Urlop' });
        // Let a few interval times pass: none is taken while paused.
        await new Promise((resolve) => setTimeout(resolve, 4_500));
        const afterPause = await handle.describe();
        expect(afterPause.info.numActionsTaken).toBe(paused.info.numActionsTaken);

        // A trigger runs even while paused, at once.
        await handle.trigger();
        const triggered = await eventually(
          () => handle.describe(),
          (value) => value.info.numActionsTaken === paused.info.numActionsTaken + 1
        );
        expect(triggered.state.paused).toBe(true);
        await handle.unpause('Z powrotem');
        expect((await handle.describe()).state).toMatchObject({ paused: false, note: 'Z powrotem' });

        await handle.delete();
        await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
        const after = [];
        for await (const item of h.client.schedule.list()) after.push(item.scheduleId);
        expect(after).not.toContain(scheduleId);
      });
    } finally {
      await h.close();
    }
  });

  it('cron strings and calendars in a time zone, skip, start and end, jitter, update; a bad spec is refused', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const action = { type: 'startWorkflow' as const, workflowType: 'sleeper', args: [10], taskQueue: 'none' };
      const cron = await h.client.schedule.create({
        scheduleId: `cron-${randomUUID()}`,
        spec: { cronExpressions: ['0 12 * * MON-FRI'], timezone: 'Europe/Warsaw' },
        action: { ...action, workflowId: `cron-${randomUUID()}` },
      });
      const cronInfo = await cron.describe();
      // The server compiles cron strings into calendars.
      expect(cronInfo.spec.calendars).toEqual([
        expect.objectContaining({
          hour: [{ start: 12, end: 12, step: 1 }],
          minute: [{ start: 0, end: 0, step: 1 }],
          dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
        }),
      ]);
      expect(cronInfo.spec.timezone).toBe('Europe/Warsaw');
      expect(cronInfo.info.nextActionTimes).toHaveLength(10);
      for (const time of cronInfo.info.nextActionTimes) {
        const local = DateTime.fromJSDate(time, { zone: 'Europe/Warsaw' });
        expect([local.hour, local.minute, local.second]).toEqual([12, 0, 0]);
        expect(local.weekday).toBeLessThanOrEqual(5);
      }

      const calendar = await h.client.schedule.create({
        scheduleId: `calendar-${randomUUID()}`,
        spec: {
          calendars: [{ hour: 9, minute: 30, dayOfWeek: '*' }],
          skip: [{ hour: 9, minute: 30, dayOfWeek: ['SATURDAY', 'SUNDAY'] }],
          timezone: 'America/New_York',
        },
        action: { ...action, workflowId: `calendar-${randomUUID()}` },
      });
      const calendarTimes = (await calendar.describe()).info.nextActionTimes;
      expect(calendarTimes).toHaveLength(10);
      for (const time of calendarTimes) {
        const local = DateTime.fromJSDate(time, { zone: 'America/New_York' });
        expect([local.hour, local.minute]).toEqual([9, 30]);
        expect(local.weekday).toBeLessThanOrEqual(5);
      }

      const startAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 5 * 3_600_000);
      const endAt = new Date(startAt.getTime() + 3 * 3_600_000);
      const bounded = await h.client.schedule.create({
        scheduleId: `bounded-${randomUUID()}`,
        spec: { intervals: [{ every: '1h', offset: '15m' }], startAt, endAt },
        action: { ...action, workflowId: `bounded-${randomUUID()}` },
      });
      const boundedTimes = (await bounded.describe()).info.nextActionTimes.map((time) => time.getTime());
      expect(boundedTimes).toEqual([0, 1, 2].map((hours) => startAt.getTime() + 15 * 60_000 + hours * 3_600_000));

      const jittered = await h.client.schedule.create({
        scheduleId: `jitter-${randomUUID()}`,
        spec: { intervals: [{ every: '1m' }], jitter: '30s' },
        action: { ...action, workflowId: `jitter-${randomUUID()}` },
      });
      const jitterTimes = (await jittered.describe()).info.nextActionTimes.map((time) => time.getTime());
      expect(jitterTimes.some((time) => time % 60_000 !== 0)).toBe(true);
      for (const time of jitterTimes) expect(time % 60_000).toBeLessThan(30_000);
      // The same times again: jitter is a function of the schedule and the time, not random per call.
      expect((await jittered.describe()).info.nextActionTimes.map((time) => time.getTime())).toEqual(jitterTimes);

      await jittered.update((previous) => ({
        ...previous,
        spec: { cronExpressions: ['30 6 1 * *'] },
        state: { ...previous.state, paused: true, note: 'monthly now' },
      }));
      const updated = await jittered.describe();
      expect(updated.state).toMatchObject({ paused: true, note: 'monthly now' });
      for (const time of updated.info.nextActionTimes) {
        expect([time.getUTCDate(), time.getUTCHours(), time.getUTCMinutes()]).toEqual([1, 6, 30]);
      }

      await expect(
        h.client.schedule.create({
          scheduleId: `bad-${randomUUID()}`,
          spec: { cronExpressions: ['61 * * * *'] },
          action: { ...action, workflowId: 'bad' },
        })
      ).rejects.toThrow(TypeError);
      await expect(
        h.client.schedule.create({
          scheduleId: cronInfo.scheduleId,
          spec: { intervals: [{ every: '1h' }] },
          action: { ...action, workflowId: 'again' },
        })
      ).rejects.toThrow('already');
    } finally {
      await h.close();
    }
  });

  it('backfill over a past range starts one run per time; the overlap policies resolve runs that would overlap', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `overlap-${randomUUID()}`;
      const minute = Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000;
      const range = { start: new Date(minute), end: new Date(minute + 4 * 60_000) };
      const times = [0, 1, 2, 3, 4].map((step) => new Date(minute + step * 60_000));
      const create = async (name: string, ms: number) => {
        const workflowId = `${name}-${randomUUID()}`;
        const handle = await h.client.schedule.create({
          scheduleId: `${name}-${randomUUID()}`,
          spec: { intervals: [{ every: '1m' }] },
          action: { type: 'startWorkflow', workflowType: 'sleeper', args: [ms], taskQueue, workflowId },
          state: { paused: true },
        });
        return { handle, workflowId };
      };
      await h.withWorker(taskQueue, async () => {
        // ALLOW_ALL: every time of the range (start inclusive) starts, all at once; such runs are not tracked as
        // running (they hold nothing back), as on the server.
        const all = await create('allow-all', 30_000);
        await all.handle.backfill({ ...range, overlap: ScheduleOverlapPolicy.ALLOW_ALL });
        const allInfo = await all.handle.describe();
        expect(allInfo.info.numActionsTaken).toBe(5);
        expect(allInfo.info.runningActions).toEqual([]);
        const allIds = await workflowIds(all.handle);
        expect(allIds).toEqual(times.map((time) => idTime(all.workflowId, time)));
        const statuses = await Promise.all(
          allIds.map(async (id) => (await h.client.workflow.getHandle(id).describe()).status.name)
        );
        expect(statuses).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);

        // SKIP (the default): the first starts, the rest overlap it and are skipped.
        const skip = await create('skip', 30_000);
        await skip.handle.backfill(range);
        const skipInfo = await skip.handle.describe();
        expect(skipInfo.info.numActionsTaken).toBe(1);
        expect(skipInfo.info.numActionsSkippedOverlap).toBe(4);

        // BUFFER_ONE: one waits for the running one, the others are skipped.
        const one = await create('buffer-one', 30_000);
        await one.handle.backfill({ ...range, overlap: ScheduleOverlapPolicy.BUFFER_ONE });
        const oneInfo = await one.handle.describe();
        expect(oneInfo.info.numActionsTaken).toBe(1);
        expect(Number(oneInfo.raw.info?.bufferSize)).toBe(1);
        expect(oneInfo.info.numActionsSkippedOverlap).toBe(3);

        // BUFFER_ALL: all five run, one after the other.
        const buffered = await create('buffer-all', 50);
        await buffered.handle.backfill({ ...range, overlap: ScheduleOverlapPolicy.BUFFER_ALL });
        const done = await eventually(
          () => buffered.handle.describe(),
          (value) => value.info.numActionsTaken === 5 && value.info.runningActions.length === 0
        );
        const runs = await Promise.all(
          done.info.recentActions.map((action) =>
            h.client.workflow.getHandle(action.action.workflow.workflowId).describe()
          )
        );
        for (let i = 1; i < runs.length; i++) {
          expect(runs[i]?.startTime.getTime()).toBeGreaterThanOrEqual(runs[i - 1]?.closeTime?.getTime() ?? Infinity);
        }

        // CANCEL_OTHER and TERMINATE_OTHER: the running one is stopped and the new one starts once it has closed.
        for (const [overlap, closed] of [
          [ScheduleOverlapPolicy.CANCEL_OTHER, 'CANCELLED'],
          [ScheduleOverlapPolicy.TERMINATE_OTHER, 'TERMINATED'],
        ] as const) {
          const other = await create(overlap.toLowerCase().replace('_', '-'), 30_000);
          await other.handle.backfill({ start: times[0] ?? range.start, end: times[0] ?? range.start });
          await other.handle.backfill({ start: times[1] ?? range.start, end: times[1] ?? range.start, overlap });
          const [firstId, secondId] = [
            idTime(other.workflowId, times[0] ?? range.start),
            idTime(other.workflowId, times[1] ?? range.start),
          ];
          await eventually(
            () => h.client.workflow.getHandle(firstId).describe(),
            (value) => value.status.name === closed
          );
          const second = await eventually(
            () => other.handle.describe(),
            (value) => value.info.runningActions.some((run) => run.workflow.workflowId === secondId)
          );
          expect(second.info.numActionsTaken).toBe(2);
        }
      });
    } finally {
      await h.close();
    }
  });

  it('pause on failure pauses with the failure in the note; limited actions stop after the last one', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `failure-${randomUUID()}`;
      await h.withWorker(taskQueue, async () => {
        const failing = await h.client.schedule.create({
          scheduleId: `fails-${randomUUID()}`,
          spec: { intervals: [{ every: '1h' }] },
          action: {
            type: 'startWorkflow',
            workflowType: 'failing',
            args: ['boom'],
            taskQueue,
            workflowId: `fails-${randomUUID()}`,
          },
          policies: { pauseOnFailure: true },
        });
        // A trigger defaults to ALLOW_ALL, whose runs are not watched (as on the server): SKIP makes it one that is.
        await failing.trigger(ScheduleOverlapPolicy.SKIP);
        const paused = await eventually(
          () => failing.describe(),
          (value) => value.state.paused
        );
        expect(paused.state.note).toContain('boom');

        const limited = await h.client.schedule.create({
          scheduleId: `limited-${randomUUID()}`,
          spec: { intervals: [{ every: '1s' }] },
          action: {
            type: 'startWorkflow',
            workflowType: 'sleeper',
            args: [10],
            taskQueue,
            workflowId: `limited-${randomUUID()}`,
          },
          state: { remainingActions: 2 },
        });
        const spent = await eventually(
          () => limited.describe(),
          (value) => value.info.numActionsTaken === 2
        );
        expect(spent.state.remainingActions).toBe(0);
        expect(spent.info.nextActionTimes).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        expect((await limited.describe()).info.numActionsTaken).toBe(2);
      });
    } finally {
      await h.close();
    }
  });

  it('a calendar time repeated by a daylight-saving fall-back runs in both copies of the hour, as the server does', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `dst-${randomUUID()}`;
      const workflowId = `dst-${randomUUID()}`;
      // 01:33:33 and 01:44:33 in US/Pacific; 2021-11-07 has the hour 01:00-02:00 twice (PDT, then PST).
      const handle = await h.client.schedule.create({
        scheduleId: `dst-${randomUUID()}`,
        spec: {
          calendars: [{ second: 33, minute: [33, 44], hour: 1, dayOfMonth: { start: 1, end: 31 } }],
          timezone: 'US/Pacific',
        },
        action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue, workflowId },
        state: { paused: true },
      });
      await handle.backfill({
        start: new Date('2021-11-06T00:00:00Z'),
        end: new Date('2021-11-08T12:00:00Z'),
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      });
      const described = await handle.describe();
      expect(described.info.recentActions.map((action) => action.scheduledAt.toISOString())).toEqual([
        '2021-11-06T08:33:33.000Z', // 01:33:33 PDT
        '2021-11-06T08:44:33.000Z',
        '2021-11-07T08:33:33.000Z', // 01:33:33 PDT, the first copy of the hour
        '2021-11-07T08:44:33.000Z',
        '2021-11-07T09:33:33.000Z', // 01:33:33 PST, the second copy
        '2021-11-07T09:44:33.000Z',
        '2021-11-08T09:33:33.000Z', // 01:33:33 PST
        '2021-11-08T09:44:33.000Z',
      ]);
    } finally {
      await h.close();
    }
  });

  it('list takes a query over ScheduleId, TemporalSchedulePaused and custom attributes, also after a restart', async () => {
    const backing = await prepare();
    const h: Harness = await startHarness(backing.open());
    try {
      await h.client.connection.operatorService.addSearchAttributes({
        namespace: 'default',
        searchAttributes: { Office: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
      });
      const prefix = `q-${randomUUID()}`;
      const create = (name: string, office: string, paused: boolean) =>
        h.client.schedule.create({
          scheduleId: `${prefix}-${name}`,
          spec: { intervals: [{ every: '1h' }] },
          action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: prefix, workflowId: name },
          searchAttributes: { Office: [office] },
          state: { paused },
        });
      await create('a', 'Kraków', false);
      await create('b', 'Kraków', true);
      await create('c', 'Praha', true);
      const list = async (query: string) => {
        const ids: string[] = [];
        for await (const entry of h.client.schedule.list({ query, pageSize: 1 })) ids.push(entry.scheduleId);
        return ids.map((id) => id.slice(prefix.length + 1));
      };
      const ours = `ScheduleId STARTS_WITH '${prefix}'`;
      const check = async () => {
        expect(await list(ours)).toEqual(['a', 'b', 'c']);
        expect(await list(`${ours} AND TemporalSchedulePaused = true`)).toEqual(['b', 'c']);
        expect(await list(`Office = 'Kraków' AND TemporalSchedulePaused = false AND ${ours}`)).toEqual(['a']);
        expect(
          await list(`ScheduleId = '${prefix}-c' OR (Office = 'Kraków' AND ${ours} AND ScheduleId != '${prefix}-a')`)
        ).toEqual(['b', 'c']);
        expect(await list(`${ours} ORDER BY ScheduleId DESC`)).toEqual(['c', 'b', 'a']);
      };
      await check();
      // System and Temporal… attributes other than TemporalSchedulePaused are refused by name, as the server does.
      const refusal = (query: string) =>
        list(query).then(
          () => 'accepted',
          // The SDK wraps the server's INVALID_ARGUMENT in a ServiceError 'Failed to list schedules'.
          (error: Error) => String((error.cause as Error | undefined)?.message)
        );
      expect(await refusal(`WorkflowId = 'x'`)).toContain(
        'INVALID_ARGUMENT: invalid query filter for schedules: cannot filter on "WorkflowId"'
      );
      expect(await refusal(`TemporalScheduledById = 'x'`)).toContain('cannot filter on "TemporalScheduledById"');
      expect(await refusal(`Nowhere = 'x'`)).toContain("column name 'Nowhere' is not a valid search attribute");
      // Unpausing shows in the filter at once; all of it after a restart on the same storage.
      await h.client.schedule.getHandle(`${prefix}-c`).unpause();
      expect(await list(`${ours} AND TemporalSchedulePaused = true`)).toEqual(['b']);
      await h.client.schedule.getHandle(`${prefix}-c`).pause();
      await h.restart(backing.open());
      await check();
    } finally {
      await h.close();
    }
  });

  it('a schedule survives a restart and catches up on the times that came due while the server was down', async () => {
    const backing = await prepare();
    const h: Harness = await startHarness(backing.open());
    const taskQueue = `restart-${randomUUID()}`;
    const scheduleId = `restart-${randomUUID()}`;
    const workflowId = `restart-${randomUUID()}`;
    try {
      const handle = await h.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '1s' }] },
        action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue, workflowId },
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1m' },
      });
      const before = await eventually(
        () => handle.describe(),
        (value) => value.info.numActionsTaken >= 1
      );
      // Down for about three seconds: a new server on the same storage, started later.
      const port = h.server.port;
      await h.server.stop();
      const downFrom = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const downTo = Date.now();
      const second = await startDevServer({ storage: backing.open(), logger: testLogger, port });
      try {
        const after = await eventually(
          () => handle.describe(),
          (value) => value.info.numActionsTaken >= before.info.numActionsTaken + 3
        );
        expect(after.info.createdAt).toEqual(before.info.createdAt);
        const ids = after.info.recentActions.map((action) => action.action.workflow.workflowId);
        // Every whole second the server was down for came due on restart and got its own run.
        for (let second = Math.ceil(downFrom / 1000) + 1; second * 1000 < downTo - 1000; second++) {
          expect(ids).toContain(idTime(workflowId, new Date(second * 1000)));
        }
      } finally {
        await second.stop();
      }
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});

describe('devserver schedules under time skipping', () => {
  it('a daily schedule takes one action per virtual midnight while the test sleeps three days', async () => {
    quietRuntime();
    const env = await createTimeSkippingTestEnvironment();
    try {
      const taskQueue = `skip-sched-${randomUUID()}`;
      const workflowId = `daily-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities,
      });
      await worker.runUntil(async () => {
        const handle = await env.client.schedule.create({
          scheduleId: `daily-${randomUUID()}`,
          spec: { intervals: [{ every: '1d' }] },
          action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue, workflowId },
        });
        const from = await env.currentTimeMs();
        await env.sleep('3d');
        const to = await env.currentTimeMs();
        expect(to - from).toBeGreaterThanOrEqual(3 * 86_400_000);
        const described = await eventually(
          () => handle.describe(),
          (value) => value.info.numActionsTaken >= 3
        );
        const midnights = [1, 2, 3].map((days) => new Date((Math.floor(from / 86_400_000) + days) * 86_400_000));
        expect(described.info.recentActions.map((action) => action.action.workflow.workflowId).slice(0, 3)).toEqual(
          midnights.map((time) => idTime(workflowId, time))
        );
      });
    } finally {
      await env.teardown();
    }
  });
});
