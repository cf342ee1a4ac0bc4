import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_SECONDS, reconcileStepClaims, STEP_UPDATE_DEADLINE_MS } from '../lib/step-claims';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Step claims against a scripted Temporal client: what matters here is whether a request gets past the claim to the
// workflow, and what it leaves behind when the workflow call fails, times out or never answers (the process died).

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

describe('step claims', () => {
  it('lets one request through and keeps its claim once the workflow applied it', async () => {
    expect((await submit()).status).toBe(200);
    expect(sent.map((call) => call.name)).toEqual(['submit']);
    expect(await claims()).toEqual([{ user_id: assistant.id }]);
    const second = await submit();
    expect(second.status).toBe(409);
    expect(sent).toHaveLength(1);
  });

  it('cuts the workflow update off well inside the lease', async () => {
    const before = Date.now();
    expect((await submit()).status).toBe(200);
    const cutoff = sent[0]?.deadline ?? Infinity;
    expect(cutoff - before).toBeLessThanOrEqual(STEP_UPDATE_DEADLINE_MS + 1000);
    expect(STEP_UPDATE_DEADLINE_MS).toBeLessThan(CLAIM_LEASE_SECONDS * 1000);
  });

  it('releases the claim at once when the workflow refuses the action', async () => {
    outcome = 'rejected';
    expect((await submit()).status).toBe(409);
    expect(await claims()).toEqual([]);
    outcome = 'ok';
    expect((await submit()).status).toBe(200);
    expect(sent).toHaveLength(2);
  });

  it('releases the claim at once when the update times out (202, outcome unknown), so a retry is sent', async () => {
    outcome = 'timeout';
    const timedOut = await submit();
    expect(timedOut.status).toBe(202);
    expect(await claims()).toEqual([]);
    outcome = 'ok';
    expect((await submit()).status).toBe(200);
    expect(sent).toHaveLength(2);
  });

  it('blocks a retry while a crashed request’s claim is live, and lets it through once the lease ran out', async () => {
    await crashedClaim(5);
    expect((await submit()).status).toBe(409);
    expect(sent).toHaveLength(0);
    await h.pool.query("UPDATE step_claims SET created_at = now() - interval '1 second' * $1", [
      CLAIM_LEASE_SECONDS + 1,
    ]);
    expect((await submit()).status).toBe(200);
    expect(sent.map((call) => call.name)).toEqual(['submit']);
    // The request that went through holds a fresh claim now.
    const { rows } = await h.pool.query<{ fresh: boolean }>(
      "SELECT created_at > now() - interval '10 seconds' AS fresh FROM step_claims WHERE task_id = $1",
      [stepId]
    );
    expect(rows).toEqual([{ fresh: true }]);
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
