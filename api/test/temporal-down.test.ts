import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../../server/free-port';
import { API_CONNECTION_OPTIONS } from '../lib/temporal';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Temporal configured but down (nothing listens on its port): routes that need it answer 503 at once, not after the
// SDK's default retries (17-22 s in the field).

let h: Harness;
let connection: Connection;
let manager: TestUser;
let assistant: TestUser;
let stepId: string;
let teamId: string;
const PROCESS = 'process-00000000-0000-4000-8000-0000000000f1';

beforeAll(async () => {
  connection = await Connection.lazy({ address: `127.0.0.1:${await getFreePort()}`, ...API_CONNECTION_OPTIONS });
  h = await createHarness({ temporal: { client: new Client({ connection }), taskQueue: 'down' } });
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Down') RETURNING id");
  teamId = team.rows[0]!.id;
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
     VALUES ($1, 't', 1, 'Down', $2, NULL, '{}', 'running')`,
    [PROCESS, manager.id]
  );
  const step = await h.pool.query<{ id: string }>(
    `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, status)
     VALUES ($1, 'do-task', 1, 'Book the venue', $2, $3, 'inProgress') RETURNING id`,
    [PROCESS, assistant.id, manager.id]
  );
  stepId = step.rows[0]!.id;
});
afterAll(async () => {
  await h.close();
  await connection.close();
});

describe('Temporal down', () => {
  it('answers 503 with Retry-After within 2 s for a step action, a state query and a cancel', async () => {
    const calls: [string, () => Response | Promise<Response>][] = [
      [
        'step action',
        () => h.app.request(`/api/steps/${stepId}/actions`, json('POST', { type: 'submit' }, bearer(assistant))),
      ],
      ['state', () => h.app.request(`/api/processes/${PROCESS}/state`, { headers: bearer(manager) })],
      ['cancel', () => h.app.request(`/api/processes/${PROCESS}/cancel`, json('POST', {}, bearer(manager)))],
    ];
    for (const [name, call] of calls) {
      const startedAt = Date.now();
      const response = await call();
      const elapsed = Date.now() - startedAt;
      console.info(`Temporal down: ${name} answered ${response.status} in ${elapsed} ms`);
      expect(response.status, name).toBe(503);
      expect(response.headers.get('retry-after'), name).toBeTruthy();
      expect(elapsed, name).toBeLessThan(2000);
    }
    // The failed step action left its step free.
    expect((await h.pool.query('SELECT 1 FROM step_claims')).rowCount).toBe(0);
  });

  it('records an absence at once, reporting every process it could not tell, however many', async () => {
    // The deputy is in the person's team, as the org requires.
    const deputy = await addUser(h.pool, 'assistant', 'deputy', teamId);
    for (let index = 2; index <= 6; index++)
      await h.pool.query(
        `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params,
                                status)
         VALUES ($1, 't', 1, 'Down', $2, NULL, '{}', 'running')`,
        [`process-00000000-0000-4000-8000-0000000000f${index}`, assistant.id]
      );
    const startedAt = Date.now();
    const response = await h.app.request(
      `/api/users/${assistant.id}/absences`,
      json('POST', { startsOn: '2031-03-03', endsOn: '2031-03-07', deputyId: deputy.id }, bearer(manager))
    );
    const elapsed = Date.now() - startedAt;
    const body = (await response.json()) as { handOver?: { processes: number; failed: string[] } };
    console.info(`Temporal down: absence over 6 processes answered ${response.status} in ${elapsed} ms`);
    expect(response.status).toBe(201);
    expect(body.handOver?.processes).toBe(0);
    expect(body.handOver?.failed).toHaveLength(6);
    expect(elapsed).toBeLessThan(2000);
  });
});
