import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcileStepClaims, STEP_UPDATE_DEADLINE_MS } from '../lib/step-claims';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Step actions against a scripted Temporal client: the API claims nothing before it sends an action (the workflow's
// update validation picks the one winner of concurrent completions), cuts the wait off, and clears claims an earlier
// version left. test/api-processes.test.ts races two real submits against a real workflow.

type Outcome = 'ok' | 'rejected' | 'timeout';
let outcome: Outcome = 'ok';
const sent: { name: string; deadline: number | undefined }[] = [];
let deadline: number | undefined;

const fakeClient = {
  workflowService: { getSystemInfo: () => Promise.resolve({}) },
  async withDeadline<R>(at: number | Date, fn: () => Promise<R>): Promise<R> {
    deadline = Number(at);
    try {
      return await fn();
    } finally {
      deadline = undefined;
    }
  },
  workflow: {
    getHandle: () => ({
      executeUpdate: (name: string) => {
        sent.push({ name, deadline });
        if (outcome === 'rejected')
          return Promise.reject(new WorkflowUpdateFailedError('rejected', new Error('step do-task is not open')));
        if (outcome === 'timeout') return Promise.reject(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'));
        return Promise.resolve();
      },
    }),
  },
};

let h: Harness;
let assistant: TestUser;
let manager: TestUser;
let stepId: string;
const PROCESS = 'process-00000000-0000-4000-8000-0000000000c1';

beforeAll(async () => {
  // The fake implements only what a step action calls.
  h = await createHarness({ temporal: { client: fakeClient as unknown as Client, taskQueue: 'claims' } });
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Claims') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  await h.pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status)
     VALUES ($1, 't', 1, 'Claims', $2, NULL, '{}', 'running')`,
    [PROCESS, manager.id]
  );
  const step = await h.pool.query<{ id: string }>(
    `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, status)
     VALUES ($1, 'do-task', 1, 'Book the venue', $2, $3, 'inProgress') RETURNING id`,
    [PROCESS, assistant.id, manager.id]
  );
  stepId = step.rows[0]!.id;
});
afterAll(async () => h.close());
beforeEach(async () => {
  outcome = 'ok';
  sent.length = 0;
  await h.pool.query('DELETE FROM step_claims');
});

const submit = () => h.app.request(`/api/steps/${stepId}/actions`, json('POST', { type: 'submit' }, bearer(assistant)));
const claims = async () =>
  (await h.pool.query<{ user_id: string }>('SELECT user_id FROM step_claims WHERE task_id = $1', [stepId])).rows;
/** A claim as a request leaves it when its process is killed before the workflow answers. */
const crashedClaim = (ageSeconds: number) =>
  h.pool.query(
    `INSERT INTO step_claims (task_id, stage, user_id, created_at)
     VALUES ($1, 'submit', $2, now() - make_interval(secs => $3))`,
    [stepId, assistant.id, ageSeconds]
  );

describe('step actions without claims', () => {
  it('sends concurrent completions on to the workflow, whose refusal of the second is a 409, and claims nothing', async () => {
    expect((await submit()).status).toBe(200);
    // The workflow has applied the first submit: it refuses the second.
    outcome = 'rejected';
    const second = await submit();
    expect(second.status).toBe(409);
    expect(sent.map((call) => call.name)).toEqual(['submit', 'submit']);
    expect(await claims()).toEqual([]);
  });

  it('cuts the workflow update off after STEP_UPDATE_DEADLINE_MS, answering 202 when it times out', async () => {
    const before = Date.now();
    expect((await submit()).status).toBe(200);
    const cutoff = sent[0]?.deadline ?? Infinity;
    expect(cutoff - before).toBeLessThanOrEqual(STEP_UPDATE_DEADLINE_MS + 1000);
    outcome = 'timeout';
    expect((await submit()).status).toBe(202);
    expect(await claims()).toEqual([]);
  });

  it('is not blocked by a claim an earlier version left behind', async () => {
    await crashedClaim(5);
    expect((await submit()).status).toBe(200);
    expect(sent.map((call) => call.name)).toEqual(['submit']);
  });

  it('releases at start-up the claims of actions that never reached the workflow, and keeps applied ones', async () => {
    const other = await h.pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, reviewer, status, updated_at)
       VALUES ($1, 'other', 1, 'Other', $2, $3, 'inReview', now() + interval '1 minute'),
              ($1, 'closed', 1, 'Closed', $2, $3, 'done', now() + interval '1 minute') RETURNING id`,
      [PROCESS, assistant.id, manager.id]
    );
    const [applied, closed] = other.rows.map((row) => row.id);
    // The crashed submit: made after the step row last moved.
    await h.pool.query("UPDATE process_tasks SET updated_at = now() - interval '1 hour' WHERE id = $1", [stepId]);
    await crashedClaim(1);
    // An applied submit: its step row moved after the claim. A claim on a finished step guards nothing.
    await h.pool.query(
      `INSERT INTO step_claims (task_id, stage, user_id) VALUES ($1, 'submit', $3), ($2, 'review', $4)`,
      [applied, closed, assistant.id, manager.id]
    );
    expect(await reconcileStepClaims(h.pool)).toBe(2);
    const left = await h.pool.query<{ task_id: string }>('SELECT task_id FROM step_claims');
    expect(left.rows.map((row) => row.task_id)).toEqual([applied]);
    expect((await submit()).status).toBe(200);
  });
});
