import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReportWorkflows } from '../worker/report-schedules';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { createLocalTestEnvironment } from './support/temporal';

describe('ensureReportWorkflows', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    env = await createLocalTestEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
    await pool?.end();
    await database?.drop();
  });

  it('starts one report workflow per active manager and observer, in their team zone, and keeps running ones', async () => {
    const team = await pool.query<{ id: string }>(
      `INSERT INTO teams (name, calendar) VALUES ('Prague', '{"id":"cz","name":"Prague","country":"CZ","timeZone":"Europe/Prague"}')
       RETURNING id`
    );
    const add = async (email: string, role: string, teamId: string | null, disabled = false) =>
      (
        await pool.query<{ id: string }>(
          `INSERT INTO users (email, name, role, password_hash, team_id, disabled) VALUES ($1, $1, $2, 'x', $3, $4)
           RETURNING id::text`,
          [email, role, teamId, disabled]
        )
      ).rows[0]!.id;
    const manager = await add('m@example.com', 'manager', team.rows[0]!.id);
    const observer = await add('o@example.com', 'observer', null);
    await add('a@example.com', 'assistant', null);
    await add('gone@example.com', 'manager', null, true);

    const deps = { client: env.client, pool, taskQueue: 'reports-test' };
    expect((await ensureReportWorkflows(deps)).sort()).toEqual([manager, observer].sort());
    const first = await env.client.workflow.getHandle(`report-${manager}`).describe();
    expect(first.status.name).toBe('RUNNING');
    const history = await env.client.workflow.getHandle(`report-${manager}`).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = await env.client.options.loadedDataConverter.payloadConverter.fromPayload(
      started!.input!.payloads![0]!
    );
    expect(input).toEqual({
      recipient: manager,
      role: 'manager',
      periods: ['daily', 'weekly', 'monthly'],
      timeZone: 'Europe/Prague',
    });

    await ensureReportWorkflows(deps);
    const again = await env.client.workflow.getHandle(`report-${manager}`).describe();
    expect(again.runId).toBe(first.runId);
    const observerRun = await env.client.workflow.getHandle(`report-${observer}`).describe();
    expect(observerRun.status.name).toBe('RUNNING');
  });
});
