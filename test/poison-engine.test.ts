// Poison that gets past the API (a process started before its checks, a client of Temporal) must not wedge the engine:
// activities store text PostgreSQL refuses in a storable form, a data error is not retried for ever but recorded,
// told to the starter, and the process goes on; dates and offsets validation accepts are computable; a duty that
// cannot run is shown as failed. Real process and duty workflows on the time-skipping devserver, real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness } from '../api/test/harness';
import { createActivities } from '../worker/activities';
import { storing } from '../worker/storable';
import type { DutyInput } from '../workflows/duty/duty.messages';
import {
  approveUpdate,
  changeParameterUpdate,
  commentUpdate,
  flagRiskUpdate,
  processStateQuery,
  startStepUpdate,
  stepSignal,
  submitUpdate,
} from '../workflows/process.messages';
import type { ProcessInput } from '../workflows/process.workflow';
import { parseTemplate, type TemplateInput } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };
const org = { managers: { boss: 'director' } };
const POISON = 'a\u0000b x\ud800y \udc00';
const STORED = 'ab x\ufffdy \ufffd';
const step = { nodeId: 'do-task' };
const params = { assistant: 'anna', taskTitle: `Report ${POISON}` };

describe('poison data in the engine', () => {
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

  const start = (template: TemplateInput, values: Record<string, unknown>, taskQueue = bed.taskQueue) => {
    const input: ProcessInput = { template: parseTemplate(template), params: values, starter: 'boss', calendar, org };
    return env.client.workflow.start('processWorkflow', {
      taskQueue,
      workflowId: `process-${randomUUID()}`,
      args: [input],
    });
  };

  async function stateWhen(handle: WorkflowHandle, ready: (state: Awaited<ReturnType<typeof query>>) => boolean) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const state = await query(handle).catch(() => undefined);
      if (state && ready(state)) return state;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the process never reached the expected state');
  }
  const query = (handle: WorkflowHandle) => handle.query(processStateQuery);
  const rows = async <Row>(sql: string, workflowId: string) => (await pool.query(sql, [workflowId])).rows as Row[];

  /** Drives the delegation step to the end: comment, risk, submit, approve. */
  async function complete(handle: WorkflowHandle, text: string) {
    await stateWhen(handle, (state) => state.steps['do-task']?.phase === 'open');
    await handle.executeUpdate(commentUpdate, { args: [{ ...step, actor: 'anna', text }] });
    await handle.executeUpdate(flagRiskUpdate, { args: [{ ...step, actor: 'anna', text }] });
    await handle.executeUpdate(startStepUpdate, { args: [{ ...step, actor: 'anna' }] });
    await handle.executeUpdate(submitUpdate, {
      args: [{ ...step, actor: 'anna', values: { result: text }, checklist: ['brief-read', 'time-logged'] }],
    });
    await handle.executeUpdate(approveUpdate, { args: [{ ...step, actor: 'boss', comment: text }] });
    return handle.result();
  }

  it('stores NUL and lone surrogates in a storable form and completes the process', async () => {
    // A template published before the API checked its text: the step title carries the poison too.
    const template = {
      ...delegationCycleTemplate,
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.id === 'do-task' ? { ...node, data: { ...node.data, title: `Do ${POISON}` } } : node
      ),
    } as TemplateInput;
    const handle = await start(template, params);
    expect(await complete(handle, POISON)).toMatchObject({ status: 'completed' });
    const audit = await rows<{ action: string; detail: Record<string, unknown> }>(
      'SELECT action, detail FROM process_audit WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    expect(audit.find((entry) => entry.action === 'commented')?.detail).toMatchObject({ text: STORED });
    const tasks = await rows<{ title: string; status: string }>(
      'SELECT title, status FROM process_tasks WHERE workflow_id = $1',
      handle.workflowId
    );
    expect(tasks).toEqual([{ title: `Do ${STORED}`, status: 'done' }]);
  });

  it('records a data error the database still refuses, tells the starter, and goes on to the next step', async () => {
    // A worker whose history writes fail with a real PostgreSQL data error (22P02) for comments.
    const taskQueue = `poison-${randomUUID()}`;
    const activities = createActivities({ pool, logger: pino({ level: 'silent' }) });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle,
      activities: {
        ...activities,
        async writeAudit(input: Parameters<typeof activities.writeAudit>[0]) {
          if (input.action !== 'commented') return activities.writeAudit(input);
          await storing('history entry', () => pool.query("SELECT 'not a number'::int"));
        },
        // A transition's rows go in one transaction: the comment's fails there too, after the rows before it were
        // written (a task row with a due date PostgreSQL cannot read), so the whole transaction is rolled back.
        async writeTransition(writes: Parameters<typeof activities.writeTransition>[0]) {
          if (!writes.some((write) => write.kind === 'audit' && write.entry.action === 'commented'))
            return activities.writeTransition(writes);
          const bad = { workflowId: 'poison', nodeId: 'poison', round: 1, title: 'Poison', assignee: 'anna' };
          const priority = { urgent: false, important: false };
          return activities.writeTransition([
            ...writes,
            { kind: 'createTask', task: { ...bad, priority, due: 'not a date' } },
          ]);
        },
      },
    });
    const handle = await start(delegationCycleTemplate, { assistant: 'anna', taskTitle: 'Report' }, taskQueue);
    const result = await worker.runUntil(complete(handle, 'a fine comment'));
    expect(result).toMatchObject({ status: 'completed' });
    const audit = await rows<{ action: string; detail: { effect?: string; message?: string } }>(
      'SELECT action, detail FROM process_audit WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    const failure = audit.find((entry) => entry.action === 'dataError');
    expect(failure?.detail).toEqual({
      effect: 'audit',
      message: expect.stringMatching(/^The history entry could not be stored: .*\(SQLSTATE 22P02\)\.$/),
    });
    // The steps after the failed write still happened: submitted, approved, done.
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['submitted', 'approved']));
    const told = await rows<{ recipient: string; subject: string }>(
      'SELECT recipient, subject FROM process_outbox WHERE workflow_id = $1',
      handle.workflowId
    );
    expect(told).toContainEqual({ recipient: 'boss', subject: 'A change to your process could not be recorded' });
    // Nothing of the refused transaction stayed; its good rows were written again one by one, the bad one was not.
    expect(await rows('SELECT 1 FROM process_tasks WHERE workflow_id = $1', 'poison')).toEqual([]);
    expect(audit.filter((entry) => entry.action === 'commented')).toEqual([]);
  });

  it('computes the first step of a process whose date parameter is far from its start (holidays resolved for it)', async () => {
    const template: TemplateInput = {
      ...delegationCycleTemplate,
      parameters: [
        ...delegationCycleTemplate.parameters,
        { name: 'eventDate', type: 'date', label: 'Event date', required: true },
      ],
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.id === 'do-task' ? { ...node, data: { ...node.data, due: 'eventDate - 1000bd' } } : node
      ),
    } as TemplateInput;
    for (const eventDate of ['2100-06-01', '1970-01-01', '2200-12-31']) {
      const handle = await start(template, { assistant: 'anna', taskTitle: 'Far', eventDate });
      const state = await stateWhen(handle, (current) => current.steps['do-task']?.phase === 'open');
      const due = state.steps['do-task']?.due;
      expect(due, eventDate).toBeDefined();
      const years = Number(eventDate.slice(0, 4)) - new Date(due ?? '').getUTCFullYear();
      expect(years, eventDate).toBeGreaterThanOrEqual(3);
      await handle.terminate('done with this check');
    }
  });

  it('fails a process the engine cannot start, saying why, instead of retrying its first workflow task for ever', async () => {
    // No assistant: the first step has nobody to go to (the API would have refused this start).
    const handle = await start(delegationCycleTemplate, { taskTitle: 'Nobody' });
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, params, status)
       VALUES ($1, 't', 1, 'T', 'boss', '{}', 'running')`,
      [handle.workflowId]
    );
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/^The process cannot start: .*has no person/);
    const [row] = await rows<{ status: string }>(
      'SELECT status FROM processes WHERE workflow_id = $1',
      handle.workflowId
    );
    expect(row).toEqual({ status: 'failed' });
  });

  it('records an event the engine cannot apply (a signalled date it cannot plan) as rejected and goes on', async () => {
    const template = {
      ...delegationCycleTemplate,
      parameters: [
        ...delegationCycleTemplate.parameters,
        { name: 'eventDate', type: 'date', label: 'Event date', required: true },
      ],
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.id === 'do-task' ? { ...node, data: { ...node.data, due: 'eventDate - 10bd' } } : node
      ),
    } as TemplateInput;
    const handle = await start(template, { assistant: 'anna', taskTitle: 'Plan', eventDate: '2027-03-01' });
    await stateWhen(handle, (state) => state.steps['do-task']?.phase === 'open');
    const change = { actor: 'boss', name: 'eventDate', value: '2199-06-01' };
    // As an update (the API's way) the engine refuses it before it is recorded, saying why ...
    await expect(handle.executeUpdate(changeParameterUpdate, { args: [change] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/public holidays resolved for/) },
    });
    // ... and as a signal, which has no validator, it is recorded as rejected instead of failing the workflow task.
    await handle.signal(stepSignal, { ...change, type: 'changeParameter' });
    expect(await complete(handle, 'done')).toMatchObject({ status: 'completed' });
    const audit = await rows<{ action: string; detail: { message?: string } }>(
      'SELECT action, detail FROM process_audit WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    expect(audit.find((entry) => entry.action === 'rejected')?.detail.message).toMatch(/public holidays resolved for/);
  });

  it('fails a process whose calendar has no known holidays at once, instead of retrying its first activity', async () => {
    const input: ProcessInput = {
      template: parseTemplate(delegationCycleTemplate),
      params,
      starter: 'boss',
      calendar: { ...calendar, country: 'XX' },
      org,
    };
    const handle = await env.client.workflow.start('processWorkflow', {
      taskQueue: bed.taskQueue,
      workflowId: `process-${randomUUID()}`,
      args: [input],
    });
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, params, status)
       VALUES ($1, 't', 1, 'T', 'boss', '{}', 'running')`,
      [handle.workflowId]
    );
    const failure = (await handle.result().catch((error: unknown) => error)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure.cause?.cause as Error | undefined)?.message).toMatch(
      /^The business calendar cannot be used: .*country "XX"/
    );
    const [row] = await rows<{ status: string }>(
      'SELECT status FROM processes WHERE workflow_id = $1',
      handle.workflowId
    );
    expect(row).toEqual({ status: 'failed' });
  });

  it('shows a duty whose schedule cannot run as failed with the reason', async () => {
    const dutyId = randomUUID();
    const workflowId = `duty-${dutyId}`;
    await pool.query(
      `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                           assignee, owner)
       VALUES ($1, $2, 't', 1, 'Every second', '{}', '{}', 'Europe/Warsaw', 'anna', 'boss')`,
      [dutyId, workflowId]
    );
    const input: DutyInput = {
      dutyId,
      name: 'Every second',
      templateId: 't',
      templateVersion: 1,
      template: parseTemplate(delegationCycleTemplate),
      schedule: {
        recurrence: { kind: 'rrule', rule: 'FREQ=SECONDLY' },
        timeZone: 'Europe/Warsaw',
        startDate: '2027-01-04',
      },
      calendar,
      assignee: 'anna',
      owner: 'boss',
    };
    const failed = env.client.workflow.execute('dutyWorkflow', { taskQueue: bed.taskQueue, workflowId, args: [input] });
    await expect(failed).rejects.toBeInstanceOf(WorkflowFailedError);
    const [row] = await rows<{ status: string; failure: string }>(
      'SELECT status, failure FROM duties WHERE workflow_id = $1',
      workflowId
    );
    expect(row).toEqual({
      status: 'failed',
      failure: 'a duty repeats at most daily: FREQ must be DAILY or less often',
    });
  });

  it('shows a duty whose calendar has no known holidays as failed with the reason', async () => {
    const dutyId = randomUUID();
    const workflowId = `duty-${dutyId}`;
    await pool.query(
      `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                           assignee, owner)
       VALUES ($1, $2, 't', 1, 'Nowhere', '{}', '{}', 'Europe/Warsaw', 'anna', 'boss')`,
      [dutyId, workflowId]
    );
    const input: DutyInput = {
      dutyId,
      name: 'Nowhere',
      templateId: 't',
      templateVersion: 1,
      template: parseTemplate(delegationCycleTemplate),
      schedule: { recurrence: { kind: 'weekly', days: [1] }, timeZone: 'Europe/Warsaw', startDate: '2027-01-04' },
      calendar: { ...calendar, country: 'XX' },
      assignee: 'anna',
      owner: 'boss',
    };
    const failed = env.client.workflow.execute('dutyWorkflow', { taskQueue: bed.taskQueue, workflowId, args: [input] });
    await expect(failed).rejects.toBeInstanceOf(WorkflowFailedError);
    const [row] = await rows<{ status: string; failure: string }>(
      'SELECT status, failure FROM duties WHERE workflow_id = $1',
      workflowId
    );
    expect(row).toEqual({
      status: 'failed',
      failure: expect.stringMatching(/^The business calendar cannot be used: .*country "XX"/),
    });
  });

  it('answers /upcoming of a duty whose workflow failed with 409 and the reason, and lists the duty as failed', async () => {
    const h = await createHarness({ temporal: { client: env.client, taskQueue: bed.taskQueue } });
    try {
      const admin = await addUser(h.pool, 'admin');
      const duty = async (rule: string) => {
        const dutyId = randomUUID();
        const input: DutyInput = {
          dutyId,
          name: rule,
          templateId: 't',
          templateVersion: 1,
          template: parseTemplate(delegationCycleTemplate),
          schedule: { recurrence: { kind: 'rrule', rule }, timeZone: 'Europe/Warsaw', startDate: '2027-01-04' },
          calendar,
          assignee: 'anna',
          owner: 'boss',
        };
        // The API's row, as it was written before the API refused such rules: it says active.
        await h.pool.query(
          `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                               assignee, owner)
           VALUES ($1, 'duty-' || $1, 't', 1, $2, '{}', '{}', 'Europe/Warsaw', 'anna', 'boss')`,
          [dutyId, rule]
        );
        const handle = await env.client.workflow.start('dutyWorkflow', {
          taskQueue: bed.taskQueue,
          workflowId: `duty-${dutyId}`,
          args: [input],
        });
        return { dutyId, handle };
      };
      const broken = await duty('FREQ=MINUTELY');
      await expect(broken.handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      const upcoming = await h.app.request(`/api/duties/${broken.dutyId}/upcoming`, { headers: bearer(admin) });
      expect(upcoming.status).toBe(409);
      expect(((await upcoming.json()) as { detail: string }).detail).toBe(
        'It starts no more occurrences: a duty repeats at most daily: FREQ must be DAILY or less often. ' +
          'Create it again with a valid schedule.'
      );
      const listed = (await (await h.app.request('/api/duties', { headers: bearer(admin) })).json()) as {
        items: { id: string; status: string; failure: string | null }[];
      };
      expect(listed.items.find((item) => item.id === broken.dutyId)).toMatchObject({
        status: 'failed',
        failure: 'a duty repeats at most daily: FREQ must be DAILY or less often',
      });
      // A healthy duty still answers its occurrences.
      const weekly = await duty('FREQ=WEEKLY;BYDAY=MO');
      // Asked before its workflow registered the query (just created): 503 with Retry-After, then the answer.
      let fine: Response | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        fine = await h.app.request(`/api/duties/${weekly.dutyId}/upcoming?count=3`, { headers: bearer(admin) });
        expect([200, 503]).toContain(fine.status);
        if (fine.status === 200) break;
        expect(fine.headers.get('retry-after')).toBe('1');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(fine?.status).toBe(200);
      expect(((await fine?.json()) as unknown[]).length).toBe(3);
      await weekly.handle.terminate('done with this check');
    } finally {
      await h.close();
    }
  });
});
