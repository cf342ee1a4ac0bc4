import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessActivities } from '../worker/process.activities';
import { createTestDatabase } from './support/postgres';
import type { TestDatabase } from './support/postgres';

let database: TestDatabase;
let pool: pg.Pool;
let activities: ReturnType<typeof createProcessActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 8 });
  activities = createProcessActivities({ pool, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const task = {
  workflowId: 'wf-a',
  nodeId: 'do-task',
  round: 1,
  title: 'Do it',
  assignee: 'anna',
  reviewer: 'boss',
  due: '2026-11-13T16:00:00.000Z',
  priority: { urgent: false, important: true },
};

describe('process activities on Postgres', () => {
  it('an activity retried after a crash creates one task row', async () => {
    const first = await activities.createTask(task);
    const retried = await activities.createTask(task);
    expect(first.created).toBe(true);
    expect(retried).toEqual({ taskId: first.taskId, created: false });
    const rows = await pool.query('SELECT round, due_at FROM process_tasks WHERE workflow_id = $1', ['wf-a']);
    expect(rows.rows).toEqual([{ round: 1, due_at: new Date('2026-11-13T16:00:00.000Z') }]);
  });

  it('concurrent attempts for one round still create one row', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => activities.createTask({ ...task, workflowId: 'wf-b' }))
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.taskId)).size).toBe(1);
    const second = await activities.createTask({ ...task, workflowId: 'wf-b', round: 2 });
    expect(second.created).toBe(true);
  });

  it('cancelling a process marks its open tasks cancelled', async () => {
    await activities.createTask({ ...task, workflowId: 'wf-c' });
    await activities.createTask({ ...task, workflowId: 'wf-c', nodeId: 'other' });
    await activities.updateTask({ workflowId: 'wf-c', nodeId: 'other', round: 1, status: 'done' });
    expect(await activities.cancelOpenTasks('wf-c')).toBe(1);
    const rows = await pool.query('SELECT node_id, status FROM process_tasks WHERE workflow_id = $1 ORDER BY node_id', [
      'wf-c',
    ]);
    expect(rows.rows).toEqual([
      { node_id: 'do-task', status: 'cancelled' },
      { node_id: 'other', status: 'done' },
    ]);
  });

  it('writes audit entries and outbox messages once per key', async () => {
    const entry = {
      key: 'wf-d:1',
      workflowId: 'wf-d',
      nodeId: 'x',
      action: 'escalated',
      actor: 'system',
      detail: { level: 1 },
    };
    await Promise.all([activities.writeAudit(entry), activities.writeAudit(entry)]);
    const message = { key: 'wf-d:2', workflowId: 'wf-d', recipient: 'boss', subject: 'Overdue', message: 'x' };
    await activities.enqueueNotification(message);
    await activities.enqueueNotification(message);
    const audit = await pool.query('SELECT action, detail FROM process_audit WHERE workflow_id = $1', ['wf-d']);
    expect(audit.rows).toEqual([{ action: 'escalated', detail: { level: 1 } }]);
    const outbox = await pool.query('SELECT recipient, sent_at FROM process_outbox WHERE workflow_id = $1', ['wf-d']);
    expect(outbox.rows).toEqual([{ recipient: 'boss', sent_at: null }]);
  });

  it('resolves a calendar to holiday data for the workflow', async () => {
    const ctx = await activities.resolveCalendar({
      calendar: { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' },
      fromYear: 2026,
      toYear: 2026,
    });
    expect(JSON.stringify(ctx)).toContain('2026-11-11');
  });
});
