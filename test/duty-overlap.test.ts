import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../worker/activities';
import {
  changeScheduleUpdate,
  dutyStateQuery,
  upcomingQuery,
  type DutyInput,
  type DutyView,
  type Occurrence,
  type OverlapRule,
} from '../workflows/duty/duty.messages';
import { flagRiskUpdate, submitUpdate } from '../workflows/process.messages';
import { parseTemplate } from '../workflows/template';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const position = { x: 0, y: 0 };
const MINUTE = 60_000;

// Each occurrence opens a step for the assignee and stays open until it is submitted.
const template = parseTemplate({
  schemaVersion: 1,
  id: 'crm-update',
  name: 'CRM update',
  calendarId: 'pl',
  parameters: [{ name: 'assignee', type: 'person', label: 'Assignee' }],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    {
      id: 'crm',
      type: 'task',
      position,
      data: { title: 'Update the CRM', assignee: { kind: 'parameter', name: 'assignee' } },
    },
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'crm' },
    { id: 'e2', source: 'crm', target: 'end' },
  ],
});

// The same step due an hour after the occurrence starts, even after hours (due dates keep to working time otherwise).
const dueTemplate = parseTemplate({
  ...template,
  nodes: template.nodes.map((node) =>
    node.id === 'crm' ? { ...node, data: { ...node.data, due: 'start + 1h any day' } } : node
  ),
});

describe('duty overlap rule and occurrence reports', () => {
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

  async function sleepUntil(instant: number) {
    const now = await env.currentTimeMs();
    if (instant > now) await env.sleep(instant - now);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 150; attempt++) {
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

  async function startDuty(taskQueue: string, overlap: OverlapRule, withDue = false, assignee = 'olga') {
    const dutyId = randomUUID();
    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const input: DutyInput = {
      dutyId,
      name: 'Daily CRM update',
      templateId: template.id,
      templateVersion: 1,
      template: withDue ? dueTemplate : template,
      schedule: {
        recurrence: { kind: 'daily' },
        timeOfDay: '17:00',
        timeZone: 'Europe/Warsaw',
        nonBusinessDay: 'skip',
        startDate: today,
      },
      calendar: { id: 'pl', name: 'Warsaw office', country: 'PL', timeZone: 'Europe/Warsaw' },
      assignee,
      owner: 'client',
      overlap,
    };
    const handle: WorkflowHandle = await env.client.workflow.start('dutyWorkflow', {
      taskQueue,
      workflowId: `duty-${dutyId}`,
      args: [input],
    });
    const upcoming: Occurrence[] = await waitFor(() => handle.query(upcomingQuery));
    // The query lists weekend days too (skipped, with the reason); the test follows the ones that run.
    return { handle, workflowId: `duty-${dutyId}`, upcoming: upcoming.filter((occurrence) => !occurrence.skipped) };
  }

  const ownerMessages = async (prefix: string) =>
    (
      await pool.query<{ subject: string }>(
        `SELECT subject FROM process_outbox WHERE workflow_id LIKE $1 AND recipient = 'client' ORDER BY id`,
        [`${prefix}%`]
      )
    ).rows.map((row) => row.subject);

  it('skips an occurrence while the previous one is open, then reports the problem the assignee raised', async () => {
    await withWorker(async (taskQueue) => {
      const { handle, workflowId, upcoming } = await startDuty(taskQueue, 'skip');
      const [first, second, third] = upcoming;
      if (!first || !second || !third) throw new Error('expected three occurrences');
      await sleepUntil(new Date(second.at).getTime() + 20 * MINUTE);
      const state: DutyView = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.recent.length === 2 ? current : undefined;
      });
      expect(state.started).toBe(1);
      expect(state.recent.map((r) => [r.date, r.outcome])).toEqual([
        [first.date, 'running'],
        [second.date, 'skipped'],
      ]);
      expect(await ownerMessages(workflowId)).toEqual([
        `Daily CRM update: the occurrence of ${first.date} is still open`,
      ]);

      // The assignee raises a risk on the open step and then finishes it: the owner hears of a problem.
      const occurrence = env.client.workflow.getHandle(`${workflowId}-${first.date}`);
      await occurrence.executeUpdate(flagRiskUpdate, { args: [{ nodeId: 'crm', actor: 'olga', text: 'CRM is down' }] });
      await occurrence.executeUpdate(submitUpdate, { args: [{ nodeId: 'crm', actor: 'olga' }] });
      await occurrence.result();
      // The schedule changes to weekly on Sundays only, so nothing else starts while the duty checks.
      await handle.executeUpdate(changeScheduleUpdate, {
        args: [
          {
            actor: 'client',
            schedule: { recurrence: { kind: 'weekly', days: [7] }, timeZone: 'Europe/Warsaw', startDate: third.date },
          },
        ],
      });
      await sleepUntil((await env.currentTimeMs()) + 2 * 24 * 60 * MINUTE);
      const after = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.recent[0]?.outcome === 'problem' ? current : undefined;
      });
      expect(after.recent[0]?.note).toBe('raised 1 risk(s)');
      expect(after.schedule.recurrence).toEqual({ kind: 'weekly', days: [7], interval: 1 });
      expect(await ownerMessages(`${workflowId}-${first.date}`)).toContain(`Daily CRM update (${first.date}): problem`);
      // The same notice as a key with parameters, said in the owner's language when shown or sent.
      const keyed = await pool.query<{ notice: { key: string; params: Record<string, unknown> } }>(
        `SELECT notice FROM process_outbox WHERE workflow_id = $1 AND recipient = 'client' AND notice IS NOT NULL`,
        [`${workflowId}-${first.date}`]
      );
      expect(keyed.rows.map((row) => row.notice)).toContainEqual({
        key: 'dutyProblem',
        params: expect.objectContaining({
          duty: 'Daily CRM update',
          date: first.date,
          text: 'raised 1 risk(s)',
          reason: 'raised',
          risks: 1,
          decisions: 0,
        }),
      });
      const row = await pool.query('SELECT last_outcome, schedule FROM duties WHERE workflow_id = $1', [workflowId]);
      expect(row.rows[0]?.schedule.recurrence.kind).toBe('weekly');
      await handle.terminate('test done');
    });
  });

  it('escalates the open occurrence to the owner and starts the next one anyway', async () => {
    await withWorker(async (taskQueue) => {
      const { handle, workflowId, upcoming } = await startDuty(taskQueue, 'escalate');
      const [first, second] = upcoming;
      if (!first || !second) throw new Error('expected two occurrences');
      await sleepUntil(new Date(second.at).getTime() + 20 * MINUTE);
      // The escalation writes, notifies and starts before the state shows it; a loaded machine may need a moment.
      const state = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.started === 2 ? current : undefined;
      });
      expect(state.recent.map((r) => [r.date, r.outcome])).toEqual([
        [first.date, 'escalated'],
        [second.date, 'running'],
      ]);
      const audit = await pool.query(
        'SELECT action, detail FROM process_audit WHERE workflow_id = $1 AND action = $2',
        [`${workflowId}-${first.date}`, 'escalated']
      );
      expect(audit.rows).toHaveLength(1);
      expect(await ownerMessages(workflowId)).toEqual([
        `Daily CRM update: the occurrence of ${first.date} is still open`,
      ]);
      await handle.terminate('test done');
      for (const run of [undefined]) {
        const history = await env.client.workflow.getHandle(workflowId, run).fetchHistory();
        await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
      }
    });
  });

  it('starts the next occurrence anyway while the previous one is open, both running, the owner not bothered', async () => {
    await withWorker(async (taskQueue) => {
      const { handle, workflowId, upcoming } = await startDuty(taskQueue, 'startAnyway');
      const [first, second] = upcoming;
      if (!first || !second) throw new Error('expected two occurrences');
      await sleepUntil(new Date(second.at).getTime() + 20 * MINUTE);
      const state = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.started === 2 ? current : undefined;
      });
      expect(state.recent.map((r) => [r.date, r.outcome])).toEqual([
        [first.date, 'running'],
        [second.date, 'running'],
      ]);
      for (const occurrence of [first, second]) {
        const child = await env.client.workflow.getHandle(`${workflowId}-${occurrence.date}`).describe();
        expect(child.status.name).toBe('RUNNING');
      }
      const tasks = await pool.query<{ workflow_id: string; status: string }>(
        `SELECT workflow_id, status FROM process_tasks WHERE workflow_id LIKE $1 ORDER BY workflow_id`,
        [`${workflowId}-%`]
      );
      expect(tasks.rows).toEqual([
        { workflow_id: `${workflowId}-${first.date}`, status: 'open' },
        { workflow_id: `${workflowId}-${second.date}`, status: 'open' },
      ]);
      const overlapAudit = await pool.query(
        `SELECT 1 FROM process_audit WHERE workflow_id LIKE $1 AND action IN ('escalated', 'dutyOccurrenceOverlapSkipped')`,
        [`${workflowId}-%`]
      );
      expect(overlapAudit.rows).toEqual([]);
      expect(await ownerMessages(workflowId)).toEqual([]);
      await handle.terminate('test done');
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
    });
  });

  it("gives an occurrence's step to the deputy while the assignee is away, marked acting for", async () => {
    const person = async (name: string, deputy: string | null = null) =>
      (
        await pool.query<{ id: string }>(
          `INSERT INTO users (email, name, role, password_hash, deputy_id)
           VALUES ($1, $1, 'assistant', 'x', $2) RETURNING id`,
          [`${name}-${randomUUID()}@test.local`, deputy]
        )
      ).rows[0]!.id;
    const deputy = await person('deputy');
    const away = await person('away', deputy);
    // Whole real days around the test server's clock, which earlier tests moved a few days ahead.
    await pool.query(
      `INSERT INTO absences (user_id, starts_on, ends_on) VALUES ($1, current_date - 1, current_date + 60)`,
      [away]
    );
    await withWorker(async (taskQueue) => {
      const { handle, workflowId, upcoming } = await startDuty(taskQueue, 'startAnyway', false, away);
      const [first] = upcoming;
      if (!first) throw new Error('expected an occurrence');
      await sleepUntil(new Date(first.at).getTime() + 5 * MINUTE);
      const task = await waitFor(async () => {
        const { rows } = await pool.query<{ assignee: string; acting_for: string | null }>(
          'SELECT assignee, acting_for FROM process_tasks WHERE workflow_id = $1',
          [`${workflowId}-${first.date}`]
        );
        return rows[0];
      });
      expect(task).toEqual({ assignee: deputy, acting_for: away });
      const audit = await pool.query(
        "SELECT detail FROM process_audit WHERE workflow_id = $1 AND action = 'actingFor'",
        [`${workflowId}-${first.date}`]
      );
      expect(audit.rows).toEqual([{ detail: expect.objectContaining({ deputy, actingFor: away }) }]);
      await handle.terminate('test done');
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
    });
  });

  it('reports an occurrence whose step was finished after its due time as late', async () => {
    await withWorker(async (taskQueue) => {
      const { handle, workflowId, upcoming } = await startDuty(taskQueue, 'startAnyway', true);
      const [first] = upcoming;
      if (!first) throw new Error('expected an occurrence');
      await sleepUntil(new Date(first.at).getTime() + 2 * 60 * MINUTE);
      const occurrence = env.client.workflow.getHandle(`${workflowId}-${first.date}`);
      await occurrence.executeUpdate(submitUpdate, { args: [{ nodeId: 'crm', actor: 'olga' }] });
      await occurrence.result();
      await sleepUntil((await env.currentTimeMs()) + 5 * 60 * MINUTE);
      const state = await waitFor(async () => {
        const current = await handle.query(dutyStateQuery);
        return current.recent[0]?.outcome === 'late' ? current : undefined;
      });
      expect(state.recent[0]?.note).toBe('finished after the due time of "Update the CRM"');
      expect(await ownerMessages(`${workflowId}-${first.date}`)).toEqual([`Daily CRM update (${first.date}): late`]);
      await handle.terminate('test done');
    });
  });
});
