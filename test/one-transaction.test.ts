// One transaction per step: the process workflow writes the rows of a transition (task rows, history, notices, the
// process row) with one activity in one PostgreSQL transaction; histories recorded before replay unchanged.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitUpdate } from '../workflows/process.messages';
import type { ProcessInput } from '../workflows/process.workflow';
import { parseTemplate } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';
import { firstRound, secondRound, stepOpen } from './support/step-transitions';

let bed: ProcessTestBed;
beforeAll(async () => {
  bed = await startProcessTestBed();
});
afterAll(async () => bed.close());

const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };
const params = { assistant: 'anna', taskTitle: 'Quarterly report' };
const ROW_ACTIVITIES = ['createTask', 'updateTask', 'writeAudit', 'enqueueNotification', 'recordProcess'];

async function start(): Promise<WorkflowHandle> {
  const workflowId = `process-${randomUUID()}`;
  // The API writes a process's row when it starts one; the workflow keeps it up to date.
  await bed.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, params, status)
     VALUES ($1, 't', 1, 'T', 'boss', $2, 'running')`,
    [workflowId, JSON.stringify(params)]
  );
  const input: ProcessInput = {
    template: parseTemplate(delegationCycleTemplate),
    params,
    starter: 'boss',
    calendar,
    org: { managers: { anna: 'olga', boss: 'director' } },
  };
  return bed.env.client.workflow.start('processWorkflow', { taskQueue: bed.taskQueue, workflowId, args: [input] });
}

const rows = async <Row>(sql: string, workflowId: string) => (await bed.pool.query(sql, [workflowId])).rows as Row[];

describe('one transaction per step', () => {
  it('replays, unchanged, histories recorded before it (each row written by its own activity)', async () => {
    for (const name of ['completed', 'running']) {
      const text = await readFile(
        new URL(`./fixtures/process-before-one-transaction.${name}.json`, import.meta.url),
        'utf8'
      );
      const history = JSON.parse(text) as { events: { activityTaskScheduledEventAttributes?: unknown }[] };
      // The recorded history really is the old shape: row activities scheduled one by one.
      expect(history.events.filter((event) => event.activityTaskScheduledEventAttributes).length).toBeGreaterThan(5);
      // Stored as protobuf's JSON object form (int64 as strings, bytes as base64), which fromObject reads back.
      const recorded = temporal.api.history.v1.History.fromObject(history);
      await Worker.runReplayHistory({ workflowBundle: bed.workflowBundle }, recorded, `before-${name}`);
    }
  });

  it('writes each transition with one activity, and a submit answers once its rows are written', async () => {
    const handle = await start();
    await stepOpen(handle);
    await firstRound(handle);
    // Round 2's submit: when the update answers, the task row and the history entry are already there.
    await handle.executeUpdate('start', { args: [{ nodeId: 'do-task', actor: 'anna' }] });
    await handle.executeUpdate(submitUpdate, {
      args: [
        { nodeId: 'do-task', actor: 'anna', values: { result: 'draft 2' }, checklist: ['brief-read', 'time-logged'] },
      ],
    });
    expect(
      await rows<{ round: number; status: string }>(
        'SELECT round, status FROM process_tasks WHERE workflow_id = $1 ORDER BY round',
        handle.workflowId
      )
    ).toEqual([
      { round: 1, status: 'returned' },
      { round: 2, status: 'inReview' },
    ]);
    const actions = await rows<{ action: string }>(
      'SELECT action FROM process_audit WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    expect(actions.filter((row) => row.action === 'submitted')).toHaveLength(2);
    expect(
      (await rows<{ params: unknown }>('SELECT params FROM processes WHERE workflow_id = $1', handle.workflowId))[0]
    ).toEqual({ params: { ...params, dueInDays: 3, brief: 'shorter' } });

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    // Every row went through the transition's one activity: one per transition (the first step, start, comment,
    // submit, return, parameter change, start, submit), none of the per-row activities of before.
    expect(scheduled).toEqual(['resolveCalendar', ...Array<string>(8).fill('writeTransition')]);
    expect(scheduled.filter((name) => ROW_ACTIVITIES.includes(name))).toEqual([]);

    // The end goes on as before (a reviewer approves, the process completes and its row says so) and replays.
    await handle.executeUpdate('approve', { args: [{ nodeId: 'do-task', actor: 'boss' }] });
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    expect(
      await rows<{ status: string }>('SELECT status FROM processes WHERE workflow_id = $1', handle.workflowId)
    ).toEqual([{ status: 'completed' }]);
    const closed = await handle.fetchHistory();
    // The process row that says it completed went in the approval's transaction too.
    const all = closed.events?.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(all).toEqual(['resolveCalendar', ...Array<string>(9).fill('writeTransition')]);
    await Worker.runReplayHistory({ workflowBundle: bed.workflowBundle }, closed, handle.workflowId);
  });

  it('runs a whole delegation the same way as before: the same rows, keys and notices', async () => {
    const handle = await start();
    await firstRound(handle);
    await secondRound(handle);
    expect(await handle.result()).toMatchObject({ status: 'completed' });
    const keys = await rows<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM process_audit WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    // Keys number the effects in order, as when each was its own activity: no gaps, no repeats.
    const numbers = keys.map((row) => Number(row.idempotency_key.split(':').at(-1)));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const told = await rows<{ recipient: string }>(
      'SELECT recipient FROM process_outbox WHERE workflow_id = $1 ORDER BY id',
      handle.workflowId
    );
    expect(told.map((row) => row.recipient)).toContain('boss');
  });
});
