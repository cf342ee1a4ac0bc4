// The interpreter's named scenarios run as real processes: the process workflow on the time-skipping devserver
// through the stock @temporalio/testing, activities on a real PostgreSQL; each history is replayed.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerDecisionUpdate,
  changeParameterUpdate,
  approveUpdate,
  logTimeUpdate,
  processStateQuery,
  requestDecisionUpdate,
  returnForReworkUpdate,
  startStepUpdate,
  submitUpdate,
} from '../workflows/process.messages';
import type { ProcessInput, ProcessResult } from '../workflows/process.workflow';
import { parseTemplate, type TemplateInput } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { eventOrganization } from '../workflows/template/library';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };
// Anna reports to Olga, the office head; Boss, the delegator, to the director, who reports to the CEO.
const org = { managers: { anna: 'olga', boss: 'director', director: 'ceo' } };
const at = (x: number) => ({ x, y: 0 });

/** A task due three business days after the start at 17:00 with a four-rung ladder. */
const ladderTemplate: TemplateInput = {
  schemaVersion: 1,
  id: 'ladder',
  name: 'Ladder',
  calendarId: 'pl',
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    {
      id: 'prepare',
      type: 'task',
      position: at(1),
      data: {
        title: 'Prepare the offer',
        assignee: { kind: 'person', personId: 'anna' },
        reviewer: { kind: 'person', personId: 'boss' },
        due: 'start + 3bd @17:00',
        escalation: [
          { at: { relation: 'before', amount: 4, unit: 'hours' }, action: { kind: 'remindAssignee' } },
          { at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } },
          { at: { relation: 'after', amount: 1, unit: 'businessDays' }, action: { kind: 'escalateToAssigneeManager' } },
          {
            at: { relation: 'after', amount: 2, unit: 'businessDays' },
            action: { kind: 'escalateToManagersManager' },
          },
        ],
      },
    },
    { id: 'end', type: 'end', position: at(2), data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'prepare' },
    { id: 'e2', source: 'prepare', target: 'end' },
  ],
};

/** Three branches joined 2 of 3, then a subprocess whose output decides the branch. */
const childTemplate: TemplateInput = {
  schemaVersion: 1,
  id: 'child',
  name: 'Child',
  calendarId: 'pl',
  parameters: [{ name: 'amount', type: 'number', label: 'Amount', required: true }],
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    { id: 'pause', type: 'wait', position: at(1), data: { until: 'start + 1h any day' } },
    { id: 'end', type: 'end', position: at(2), data: {} },
  ],
  edges: [
    { id: 'c1', source: 'start', target: 'pause' },
    { id: 'c2', source: 'pause', target: 'end' },
  ],
};
const parentTemplate: TemplateInput = {
  schemaVersion: 1,
  id: 'parent',
  name: 'Parent',
  calendarId: 'pl',
  parameters: [{ name: 'amount', type: 'number', label: 'Amount', required: true }],
  nodes: [
    { id: 'start', type: 'start', position: at(0), data: {} },
    { id: 'split', type: 'parallel', position: at(1), data: {} },
    { id: 'w1', type: 'wait', position: at(2), data: { until: 'start + 1h any day' } },
    { id: 'w2', type: 'wait', position: at(2), data: { until: 'start + 2h any day' } },
    { id: 'w30', type: 'wait', position: at(2), data: { until: 'start + 30d' } },
    { id: 'two', type: 'join', position: at(3), data: { mode: 'nOfM', n: 2 } },
    {
      id: 'sub',
      type: 'subprocess',
      position: at(4),
      data: {
        templateId: 'child',
        version: 1,
        input: [{ from: 'amount', to: 'amount' }],
        output: [{ from: 'amount', to: 'childAmount' }],
      },
    },
    {
      id: 'big',
      type: 'decision',
      position: at(5),
      data: {
        branches: [{ outcome: 'big', condition: { '>': [{ var: 'childAmount' }, 100] } }],
        defaultOutcome: 'small',
      },
    },
    { id: 'end-big', type: 'end', position: at(6), data: {} },
    { id: 'end-small', type: 'end', position: at(6), data: {} },
  ],
  edges: [
    { id: 'p1', source: 'start', target: 'split' },
    { id: 'p2', source: 'split', target: 'w1' },
    { id: 'p3', source: 'split', target: 'w2' },
    { id: 'p4', source: 'split', target: 'w30' },
    { id: 'p5', source: 'w1', target: 'two' },
    { id: 'p6', source: 'w2', target: 'two' },
    { id: 'p7', source: 'w30', target: 'two' },
    { id: 'p8', source: 'two', target: 'sub' },
    { id: 'p9', source: 'sub', target: 'big' },
    { id: 'p10', source: 'big', target: 'end-big', outcome: 'big' },
    { id: 'p11', source: 'big', target: 'end-small', outcome: 'small' },
  ],
};

describe('process scenarios on the time-skipping devserver', () => {
  let bed: ProcessTestBed;
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;
  let pool: pg.Pool;
  let taskQueue: string;

  beforeAll(async () => {
    bed = await startProcessTestBed();
    ({ env, workflowBundle, pool, taskQueue } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const start = async (template: TemplateInput, params: Record<string, unknown>, extra: Partial<ProcessInput> = {}) => {
    const workflowId = `process-${randomUUID()}`;
    const input: ProcessInput = { template: parseTemplate(template), params, starter: 'boss', calendar, org, ...extra };
    return env.client.workflow.start('processWorkflow', { taskQueue, workflowId, args: [input] });
  };

  /** Waits (in real time, the clock locked) until the state query shows what the test needs. */
  async function stateWhen(handle: WorkflowHandle, ready: (state: Awaited<ReturnType<typeof query>>) => boolean) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const state = await query(handle).catch(() => undefined);
      if (state && ready(state)) return state;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the process never reached the expected state');
  }
  const query = (handle: WorkflowHandle) => handle.query(processStateQuery);

  /** Moves the test server's clock to an instant (it only moves forward). */
  async function clockTo(iso: string) {
    const now = await env.currentTimeMs();
    const target = new Date(iso).getTime();
    if (target > now) await env.sleep(target - now);
  }

  const rows = async (sql: string, workflowId: string) => (await pool.query(sql, [workflowId])).rows;
  /** The API writes a process's row when it starts one; the workflow keeps it up to date. */
  const listed = async (workflowId: string, params: Record<string, unknown>) => {
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, params, status)
       VALUES ($1, 't', 1, 'T', 'boss', $2, 'running')`,
      [workflowId, JSON.stringify(params)]
    );
    return async () =>
      (
        await rows(
          'SELECT status, closed_at IS NOT NULL AS closed, params FROM processes WHERE workflow_id = $1',
          workflowId
        )
      )[0] as {
        status: string;
        closed: boolean;
        params: Record<string, unknown>;
      };
  };
  const replay = async (workflowId: string) => {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle }, history, workflowId);
  };

  it('a delegation returned twice and approved on round 3, with time logged per round and refusals explained', async () => {
    const handle = await start(delegationCycleTemplate, { assistant: 'anna', taskTitle: 'Quarterly report' });
    const row = await listed(handle.workflowId, { assistant: 'anna', taskTitle: 'Quarterly report' });
    await stateWhen(handle, (state) => state.steps['do-task']?.phase === 'open');
    const step = { nodeId: 'do-task' };
    await expect(
      handle.executeUpdate(submitUpdate, { args: [{ ...step, actor: 'boss', values: { result: 'x' } }] })
    ).rejects.toMatchObject({ cause: { message: 'boss is not the assignee of step "do-task"' } });

    for (let round = 1; round <= 3; round++) {
      await handle.executeUpdate(startStepUpdate, { args: [{ ...step, actor: 'anna' }] });
      await handle.executeUpdate(logTimeUpdate, { args: [{ ...step, actor: 'anna', minutes: 30 * round }] });
      if (round === 1) {
        await expect(
          handle.executeUpdate(submitUpdate, {
            args: [{ ...step, actor: 'anna', values: {}, checklist: ['brief-read', 'time-logged'] }],
          })
        ).rejects.toMatchObject({ cause: { message: 'required form field missing: result' } });
      }
      await handle.executeUpdate(submitUpdate, {
        args: [
          { ...step, actor: 'anna', values: { result: `draft ${round}` }, checklist: ['brief-read', 'time-logged'] },
        ],
      });
      if (round < 3) {
        await handle.executeUpdate(returnForReworkUpdate, {
          args: [{ ...step, actor: 'boss', comment: `fix ${round}` }],
        });
      }
    }
    await handle.executeUpdate(approveUpdate, { args: [{ ...step, actor: 'boss' }] });
    const result: ProcessResult = await handle.result();
    expect(result).toMatchObject({ status: 'completed', variables: { result: 'draft 3' } });
    expect(await row()).toMatchObject({ status: 'completed', closed: true });

    const state = await query(handle);
    expect(state.steps['do-task']?.timeLog.map((log) => [log.round, log.minutes])).toEqual([
      [1, 30],
      [2, 60],
      [3, 90],
    ]);
    const tasks = await rows(
      'SELECT round, status, assignee, reviewer FROM process_tasks WHERE workflow_id = $1 ORDER BY round',
      handle.workflowId
    );
    expect(tasks).toEqual([
      { round: 1, status: 'returned', assignee: 'anna', reviewer: 'boss' },
      { round: 2, status: 'returned', assignee: 'anna', reviewer: 'boss' },
      { round: 3, status: 'done', assignee: 'anna', reviewer: 'boss' },
    ]);
    const actions = (
      await rows('SELECT action FROM process_audit WHERE workflow_id = $1 ORDER BY id', handle.workflowId)
    ).map((row: { action: string }) => row.action);
    expect(actions.filter((action) => action === 'returnedForRework')).toHaveLength(2);
    // Refused updates leave no trace in the audit.
    expect(actions.filter((action) => action === 'rejected')).toHaveLength(0);
    await replay(handle.workflowId);
  });

  it('a subprocess after a 2-of-3 join maps its output into the parent, which branches on it', async () => {
    const handle = await start(
      parentTemplate,
      { amount: 250 },
      { subprocesses: { 'child@1': parseTemplate(childTemplate) } }
    );
    const startedAt = await env.currentTimeMs();
    const result: ProcessResult = await handle.result();
    expect(result).toMatchObject({ status: 'completed', variables: { amount: 250, childAmount: 250 } });
    const state = await query(handle);
    expect(state.nodes.two).toMatchObject({ status: 'done' });
    expect(state.nodes['end-big']).toMatchObject({ status: 'done' });
    expect(state.nodes['end-small']?.status).not.toBe('done');
    // The join went on after the 1 h and 2 h branches: the process ended long before the 30-day wait.
    expect(new Date(state.nodes.two!.completedAt!).getTime() - startedAt).toBeLessThan(3 * 3_600_000);
    const childId = state.nodes.sub?.childWorkflowId;
    expect(childId).toBeDefined();
    const child = await env.client.workflow.getHandle(childId!).describe();
    expect(child.status.name).toBe('COMPLETED');
    await replay(handle.workflowId);
    await replay(childId!);
  });

  it('the event date moved twice: open steps re-planned, done steps kept, both moves audited, a past deadline flagged', async () => {
    const handle = await start(eventOrganization, {
      eventName: 'Partner day',
      eventDate: '2027-03-19',
      organizer: 'ola',
    });
    const row = await listed(handle.workflowId, { eventDate: '2027-03-19' });
    // Months ahead, the planning step waits for its stage to start four weeks before the event.
    await stateWhen(handle, (state) => state.nodes.plan?.status === 'waiting');
    expect(await rows('SELECT 1 FROM process_tasks WHERE workflow_id = $1', handle.workflowId)).toEqual([]);
    await clockTo('2027-02-19T08:00:00.000Z');
    const opened = await stateWhen(handle, (state) => state.steps.plan?.phase === 'open');
    expect(opened.steps.plan?.due).toBe('2027-03-05T16:00:00.000Z');
    await expect(
      handle.executeUpdate(changeParameterUpdate, { args: [{ name: 'eventDate', value: '2027-04-02', actor: 'ola' }] })
    ).rejects.toMatchObject({ cause: { message: 'ola did not start this process and cannot change its parameters' } });
    const dueOf = async (nodeId: string) =>
      (
        await pool.query<{ due_at: Date }>('SELECT due_at FROM process_tasks WHERE workflow_id = $1 AND node_id = $2', [
          handle.workflowId,
          nodeId,
        ])
      ).rows.map((task) => task.due_at.toISOString());

    // First move, two weeks later: the open planning step follows, 10 business days before (over Easter Monday).
    await handle.executeUpdate(changeParameterUpdate, {
      args: [{ name: 'eventDate', value: '2027-04-02', actor: 'boss' }],
    });
    expect(await dueOf('plan')).toEqual(['2027-03-18T16:00:00.000Z']);

    // Planning is done; the documents and the cost estimate open side by side on the moved date.
    await handle.executeUpdate(submitUpdate, {
      args: [{ nodeId: 'plan', actor: 'ola', values: { participants: 40 } }],
    });
    const split = await stateWhen(
      handle,
      (state) => state.steps.estimate?.phase === 'open' && state.steps.documents?.phase === 'open'
    );
    expect(split.steps.estimate?.due).toBe('2027-03-19T16:00:00.000Z');
    expect(split.steps.documents?.due).toBe('2027-03-24T16:00:00.000Z');
    expect(split.steps.book).toBeUndefined();

    // Second move, into the past of the test server's clock: planning keeps its date, the open steps are re-planned
    // to deadlines already gone, so they are at risk and the starter is told at once.
    await handle.executeUpdate(changeParameterUpdate, {
      args: [{ name: 'eventDate', value: '2026-01-30', actor: 'boss' }],
    });
    expect(await dueOf('plan')).toEqual(['2027-03-18T16:00:00.000Z']);
    expect(await dueOf('estimate')).toEqual(['2026-01-19T16:00:00.000Z']);
    expect(await dueOf('documents')).toEqual(['2026-01-22T16:00:00.000Z']);
    const moved = await query(handle);
    expect(moved.steps.plan).toMatchObject({ phase: 'done', due: '2027-03-18T16:00:00.000Z' });
    expect(moved.steps.estimate?.risks).toEqual([
      expect.objectContaining({ by: 'system', text: expect.stringContaining('which has already passed') }),
    ]);
    const audit = await rows(
      `SELECT detail FROM process_audit WHERE workflow_id = $1 AND action = 'parameterChanged' ORDER BY id`,
      handle.workflowId
    );
    expect(audit).toEqual([
      {
        detail: expect.objectContaining({
          name: 'eventDate',
          from: '2027-03-19',
          to: '2027-04-02',
          moved: [{ nodeId: 'plan', from: '2027-03-05T16:00:00.000Z', to: '2027-03-18T16:00:00.000Z', atRisk: false }],
        }),
      },
      {
        detail: expect.objectContaining({
          name: 'eventDate',
          from: '2027-04-02',
          to: '2026-01-30',
          moved: expect.arrayContaining([
            { nodeId: 'estimate', from: '2027-03-19T16:00:00.000Z', to: '2026-01-19T16:00:00.000Z', atRisk: true },
            { nodeId: 'documents', from: '2027-03-24T16:00:00.000Z', to: '2026-01-22T16:00:00.000Z', atRisk: true },
          ]),
        }),
      },
    ]);
    expect(
      await rows(
        `SELECT recipient, subject FROM process_outbox WHERE workflow_id = $1 AND subject LIKE '%at risk%'`,
        handle.workflowId
      )
    ).toEqual([
      { recipient: 'boss', subject: 'A step is at risk after a date change' },
      { recipient: 'boss', subject: 'A step is at risk after a date change' },
    ]);
    expect(await row()).toMatchObject({ status: 'running', closed: false, params: { eventDate: '2026-01-30' } });
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(await row()).toMatchObject({ status: 'cancelled', closed: true });
    await replay(handle.workflowId);
  });

  // These move the test server's clock to November 2027 (it never goes back), so they run last.
  it('a task due Friday 17:00 across 11 November escalates on the right business instants, recorded everywhere', async () => {
    // Monday 8 November 2027, 09:00 in Warsaw; Thursday 11 November is Independence Day.
    await clockTo('2027-11-08T08:00:00.000Z');
    const handle = await start(ladderTemplate, {});
    const opened = await stateWhen(handle, (state) => state.steps.prepare?.phase === 'open');
    expect(opened.steps.prepare?.due).toBe('2027-11-12T16:00:00.000Z');
    expect(opened.steps.prepare?.dueMessages).toContainEqual(
      expect.objectContaining({ key: 'skippedHoliday', params: expect.objectContaining({ day: '2027-11-11' }) })
    );

    await clockTo('2027-11-17T08:00:00.000Z');
    const state = await stateWhen(handle, (s) => s.steps.prepare?.escalationLevel === 4);
    expect(state.steps.prepare?.pendingRungs).toEqual([]);
    const escalations = await rows(
      // A timer fires a few milliseconds after its instant: compare to the second.
      `SELECT left(detail->>'at', 19) AS at, detail->>'target' AS target, detail->>'kind' AS kind FROM process_audit
       WHERE workflow_id = $1 AND action = 'escalated' ORDER BY id`,
      handle.workflowId
    );
    expect(escalations).toEqual([
      { at: '2027-11-12T12:00:00', target: 'anna', kind: 'remindAssignee' },
      { at: '2027-11-12T16:00:00', target: 'boss', kind: 'escalateToDelegator' },
      { at: '2027-11-15T16:00:00', target: 'olga', kind: 'escalateToAssigneeManager' },
      { at: '2027-11-16T16:00:00', target: 'director', kind: 'escalateToManagersManager' },
    ]);
    const task = await rows(
      'SELECT escalation_level, due_at FROM process_tasks WHERE workflow_id = $1',
      handle.workflowId
    );
    expect(task).toEqual([{ escalation_level: 4, due_at: new Date('2027-11-12T16:00:00.000Z') }]);
    // Besides the notice of the new step to Anna, each rung told one person, up the line.
    const outbox = await rows(
      "SELECT recipient FROM process_outbox WHERE workflow_id = $1 AND subject <> 'New step for you' ORDER BY id",
      handle.workflowId
    );
    expect(outbox.map((row: { recipient: string }) => row.recipient)).toEqual(['anna', 'boss', 'olga', 'director']);

    await handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'prepare', actor: 'anna', values: {} }] });
    await handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'prepare', actor: 'boss' }] });
    expect((await handle.result()).status).toBe('completed');
    await replay(handle.workflowId);
  });

  it('a decision request pauses the SLA clock: 2 business days pending move the due date by 2 business days', async () => {
    // Monday 22 November 2027 09:00: due Thursday 25 November 17:00.
    await clockTo('2027-11-22T08:00:00.000Z');
    const handle = await start(ladderTemplate, {});
    const opened = await stateWhen(handle, (state) => state.steps.prepare?.phase === 'open');
    expect(opened.steps.prepare?.due).toBe('2027-11-25T16:00:00.000Z');

    await clockTo('2027-11-23T08:00:00.000Z');
    await handle.executeUpdate(requestDecisionUpdate, {
      args: [{ nodeId: 'prepare', actor: 'anna', question: 'Which supplier?' }],
    });
    // While the decision is pending no rung fires, although the original due date passes. Answered Thursday just
    // before opening time: Tuesday and Wednesday were paused (a hair under 2 business days).
    await clockTo('2027-11-25T07:59:59.000Z');
    await handle.executeUpdate(answerDecisionUpdate, { args: [{ nodeId: 'prepare', actor: 'boss', answer: 'B' }] });
    const answered = await query(handle);
    expect(answered.steps.prepare?.escalationLevel).toBe(0);
    const movedTo = Date.parse('2027-11-29T16:00:00.000Z'); // Monday 29 November 17:00
    expect(Math.abs(Date.parse(answered.steps.prepare!.due!) - movedTo)).toBeLessThan(5_000);
    const task = await rows('SELECT due_at FROM process_tasks WHERE workflow_id = $1', handle.workflowId);
    expect(task).toHaveLength(1);
    expect(Math.abs((task[0] as { due_at: Date }).due_at.getTime() - movedTo)).toBeLessThan(5_000);
    const audit = await rows(
      `SELECT action FROM process_audit WHERE workflow_id = $1 AND action LIKE 'decision%' ORDER BY id`,
      handle.workflowId
    );
    // Unanswered for a business day, the request was chased once (Wednesday 09:00) before Boss answered.
    expect(audit.map((row: { action: string }) => row.action)).toEqual([
      'decisionRequested',
      'decisionEscalated',
      'decisionAnswered',
    ]);

    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(await rows('SELECT status FROM process_tasks WHERE workflow_id = $1', handle.workflowId)).toEqual([
      { status: 'cancelled' },
    ]);
    await replay(handle.workflowId);
  });
});
