import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../worker/activities';
import { bundleWorkflows } from '../worker/workflow-bundle';
import type { ReportData } from '../worker/report.activities';
import { reportScheduleQuery, type ReportInput } from '../workflows/report/report.messages';
import { nextReport } from '../workflows/report/report-periods';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { createTimeSkippingTestEnvironment } from './support/temporal';

const HOUR = 3_600_000;

describe('reports', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let database: TestDatabase;
  let pool: pg.Pool;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    [env, workflowBundle] = await Promise.all([createTimeSkippingTestEnvironment(), bundleWorkflows()]);
  });

  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
    await database?.drop();
  });

  const activities = () => createActivities({ pool, logger: pino({ level: 'silent' }) });

  async function task(
    workflowId: string,
    nodeId: string,
    fields: { status: string; updatedAt: string; due?: string; reviewer?: string; title?: string }
  ) {
    await pool.query(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, status, due_at, updated_at)
       VALUES ($1, $2, 1, $3, 'anna', $4, $5, $6, $7)`,
      [
        workflowId,
        nodeId,
        fields.title ?? nodeId,
        fields.reviewer ?? null,
        fields.status,
        fields.due ?? null,
        fields.updatedAt,
      ]
    );
  }

  async function audit(
    workflowId: string,
    action: string,
    at: string,
    extra: { nodeId?: string; actor?: string; detail?: object } = {}
  ) {
    seq += 1;
    await pool.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, node_id, action, actor, detail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        `seed-${seq}`,
        workflowId,
        extra.nodeId ?? null,
        action,
        extra.actor ?? 'anna',
        JSON.stringify(extra.detail ?? {}),
        at,
      ]
    );
  }

  it('gives a client (observer) no risks: they are the office’s internal notes', async () => {
    const process = `process-${randomUUID()}`;
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, status)
       VALUES ($1, 't', 1, 'T', 'office-1', 'client-risk', 'running')`,
      [process]
    );
    await task(process, 'a', { status: 'open', updatedAt: '2026-11-16T09:00:00Z' });
    await audit(process, 'riskFlagged', '2026-11-17T08:00:00Z', { nodeId: 'a', detail: { text: 'pays late' } });
    const period = {
      period: 'weekly' as const,
      periodStart: '2026-11-15T23:00:00.000Z',
      periodEnd: '2026-11-22T23:00:00.000Z',
      label: '2026-W47',
    };
    const client = await activities().generateReport({
      ...period,
      workflowId: 'report-client-risk',
      recipient: 'client-risk',
      role: 'observer',
    });
    expect(client.counts).toMatchObject({ risksRaised: 0, openRisks: 0 });
    const office = await activities().generateReport({
      ...period,
      workflowId: 'report-office-1',
      recipient: 'office-1',
      role: 'manager',
    });
    expect(office.counts).toMatchObject({ risksRaised: 1, openRisks: 1 });
    const stored = await pool.query('SELECT data FROM reports WHERE recipient = $1', ['client-risk']);
    expect(JSON.stringify(stored.rows)).not.toContain('pays late');
  });

  it('counts completed steps, time, missed deadlines, escalations and risks of the manager own processes', async () => {
    const p1 = `process-${randomUUID()}`; // started by the manager
    const p2 = `process-${randomUUID()}`; // started by someone else, reviewed by the manager
    const p3 = `process-${randomUUID()}`; // another manager's: must not count
    await audit(p1, 'processStarted', '2026-11-01T08:00:00Z', { actor: 'mgr-1' });
    await audit(p2, 'processStarted', '2026-11-01T08:00:00Z', { actor: 'someone' });
    await audit(p3, 'processStarted', '2026-11-01T08:00:00Z', { actor: 'mgr-2' });
    // The ISO week 2026-W47 in Warsaw: 2026-11-15T23:00Z to 2026-11-22T23:00Z.
    await task(p1, 'a', { status: 'done', updatedAt: '2026-11-17T10:00:00Z', due: '2026-11-18T16:00:00Z' });
    await task(p1, 'b', { status: 'done', updatedAt: '2026-11-19T12:00:00Z', due: '2026-11-19T10:00:00Z' });
    await task(p1, 'c', { status: 'open', updatedAt: '2026-11-16T09:00:00Z', due: '2026-11-20T16:00:00Z' });
    await task(p1, 'd', { status: 'done', updatedAt: '2026-11-23T00:30:00Z' }); // after the week
    await task(p2, 'a', { status: 'done', updatedAt: '2026-11-10T10:00:00Z', reviewer: 'mgr-1' }); // before it
    await task(p2, 'b', { status: 'open', updatedAt: '2026-11-16T09:00:00Z', due: '2026-11-25T16:00:00Z' });
    await task(p2, 'c', { status: 'cancelled', updatedAt: '2026-11-17T09:00:00Z', due: '2026-11-18T16:00:00Z' });
    await task(p3, 'a', { status: 'done', updatedAt: '2026-11-17T10:00:00Z', due: '2026-11-16T10:00:00Z' });
    await audit(p1, 'timeLogged', '2026-11-17T09:00:00Z', { nodeId: 'a', detail: { minutes: 90 } });
    await audit(p2, 'timeLogged', '2026-11-18T09:00:00Z', { nodeId: 'b', actor: 'bob', detail: { minutes: 30 } });
    // p2 is for a client (its owner in the processes projection); p1 has no projection row: its starter is the client.
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, status)
       VALUES ($1, 't', 1, 'T', 'someone', 'client-9', 'running')`,
      [p2]
    );
    await audit(p1, 'timeLogged', '2026-11-14T09:00:00Z', { nodeId: 'b', detail: { minutes: 45 } }); // before
    await audit(p3, 'timeLogged', '2026-11-17T09:00:00Z', { nodeId: 'a', detail: { minutes: 60 } });
    await audit(p1, 'escalated', '2026-11-20T17:00:00Z', { nodeId: 'c', actor: 'system' });
    await audit(p3, 'escalated', '2026-11-20T17:00:00Z', { nodeId: 'a', actor: 'system' });
    await audit(p1, 'riskFlagged', '2026-11-18T08:00:00Z', { nodeId: 'c', detail: { text: 'supplier silent' } });
    await audit(p2, 'riskFlagged', '2026-11-21T08:00:00Z', { nodeId: 'b', detail: { text: 'no invoice' } });
    await audit(p1, 'riskFlagged', '2026-11-16T08:00:00Z', { nodeId: 'a', detail: { text: 'solved' } }); // step done

    const week = nextReport('weekly', new Date('2026-11-22T12:00:00Z'), 'Europe/Warsaw', '08:00');
    expect(week).toMatchObject({
      periodStart: '2026-11-15T23:00:00.000Z',
      periodEnd: '2026-11-22T23:00:00.000Z',
      label: '2026-W47',
      at: '2026-11-23T07:00:00.000Z',
    });
    const input = {
      workflowId: 'report-mgr-1',
      recipient: 'mgr-1',
      role: 'manager' as const,
      period: 'weekly' as const,
      periodStart: week.periodStart,
      periodEnd: week.periodEnd,
      label: week.label,
    };
    const first = await activities().generateReport(input);
    expect(first.counts).toEqual({
      completedSteps: 2,
      minutesSpent: 120,
      missedDeadlines: 2,
      escalations: 1,
      risksRaised: 3,
      openRisks: 2,
    });
    // A retried activity replaces the row and does not send twice.
    const again = await activities().generateReport(input);
    expect(again.reportId).toBe(first.reportId);
    const rows = await pool.query<{ data: ReportData; period: string }>(
      'SELECT period, data FROM reports WHERE recipient = $1',
      ['mgr-1']
    );
    expect(rows.rows).toHaveLength(1);
    const data = rows.rows[0]?.data;
    expect(data?.completed.map((line) => `${line.workflowId === p1 ? 'p1' : 'other'}/${line.nodeId}`)).toEqual([
      'p1/a',
      'p1/b',
    ]);
    expect(data?.missed.map((line) => line.nodeId)).toEqual(['b', 'c']);
    expect(data?.openRisks.map((risk) => risk.text).sort()).toEqual(['no invoice', 'supplier silent']);
    expect(data?.timeByAssistant).toEqual([
      { person: 'anna', minutes: 90 },
      { person: 'bob', minutes: 30 },
    ]);
    expect(data?.timeByClient).toEqual([
      { person: 'mgr-1', minutes: 90 },
      { person: 'client-9', minutes: 30 },
    ]);
    const outbox = await pool.query<{ subject: string }>('SELECT subject FROM process_outbox WHERE recipient = $1', [
      'mgr-1',
    ]);
    expect(outbox.rows).toEqual([
      {
        subject: 'Weekly report 2026-W47: 2 steps done, 2h 0m logged, 2 missed deadlines, 1 escalation, 2 open risks',
      },
    ]);
    // The other manager sees only their own process.
    const other = await activities().generateReport({ ...input, recipient: 'mgr-2', workflowId: 'report-mgr-2' });
    expect(other.counts).toEqual({
      completedSteps: 1,
      minutesSpent: 60,
      missedDeadlines: 1,
      escalations: 1,
      risksRaised: 0,
      openRisks: 0,
    });
  });

  it('generates the daily report on time from the workflow, continues as new, and replays', async () => {
    const recipient = `observer-${randomUUID()}`;
    const workflowId = `report-${recipient}`;
    const input: ReportInput = { recipient, role: 'observer', periods: ['daily', 'weekly'], timeZone: 'Europe/Warsaw' };
    const taskQueue = `report-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities: activities(),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('reportWorkflow', { taskQueue, workflowId, args: [input] });
      let schedule = await handle.query(reportScheduleQuery).catch(() => undefined);
      for (let attempt = 0; !schedule && attempt < 100; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        schedule = await handle.query(reportScheduleQuery).catch(() => undefined);
      }
      const daily = schedule?.find((entry) => entry.period === 'daily');
      if (!daily) throw new Error('no daily report scheduled');
      expect(schedule?.map((entry) => entry.period)).toContain('weekly');
      // One step of a process the observer started, done inside the day the first report covers.
      const process = `process-${randomUUID()}`;
      await audit(process, 'processStarted', daily.periodStart, { actor: recipient });
      const doneAt = new Date(new Date(daily.periodStart).getTime() + 10 * HOUR).toISOString();
      await task(process, 'call', { status: 'done', updatedAt: doneAt, title: 'Call the venue' });

      const now = await env.currentTimeMs();
      await env.sleep(new Date(daily.at).getTime() - now + 60_000);
      let report: { data: ReportData } | undefined;
      for (let attempt = 0; !report && attempt < 100; attempt++) {
        const rows = await pool.query<{ data: ReportData }>(
          `SELECT data FROM reports WHERE recipient = $1 AND period = 'daily'`,
          [recipient]
        );
        report = rows.rows[0];
        if (!report) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(report?.data.counts.completedSteps).toBe(1);
      expect(report?.data.completed[0]?.title).toBe('Call the venue');
      expect(report?.data.label).toBe(daily.label);
      const sent = await pool.query<{ subject: string }>('SELECT subject FROM process_outbox WHERE recipient = $1', [
        recipient,
      ]);
      expect(sent.rows.map((row) => row.subject)).toContain(
        `Daily report ${daily.label}: 1 step done, 0m logged, 0 missed deadlines, 0 escalations, 0 open risks`
      );
      const next = await handle.query(reportScheduleQuery);
      expect(next.find((entry) => entry.period === 'daily')?.periodStart).toBe(daily.periodEnd);
      await handle.terminate('test done');
    });
    // Follow the continued-as-new chain back to the first run; replay each.
    let runId: string | undefined;
    let runs = 0;
    for (;;) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
      runs += 1;
      runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
      if (!runId) break;
    }
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
