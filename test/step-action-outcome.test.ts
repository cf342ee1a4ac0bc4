import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from '../api/test/harness';
import { createActivities } from '../worker/activities';
import { bundleWorkflows } from '../worker/workflow-bundle';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { eventually, publishTemplate } from './support/api-test-bed';
import { createLocalTestEnvironment } from './support/temporal';

// "A 503 means not applied": a step action that was sent but whose answer was lost (here: the server stopping while
// the update waits) answers 202 "outcome unknown" with the step's URL, and a retry with the same Idempotency-Key gets
// the first attempt's outcome from Temporal (the key is the update id), even once the step has moved on: the action
// is applied once, never refused as "already done" and never doubled. Real devserver, worker and PostgreSQL.

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let worker: { worker: Worker; running: Promise<void> } | undefined;
let h: Harness;
let taskQueue: string;
let manager: TestUser;
let assistant: TestUser;
let templateId: string;

async function startWorker(): Promise<void> {
  const created = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ pool: h.pool, logger: pino({ level: 'silent' }) }),
  });
  worker = { worker: created, running: created.run() };
}

async function stopWorker(): Promise<void> {
  if (!worker) return;
  worker.worker.shutdown();
  await worker.running;
  worker = undefined;
}

beforeAll(async () => {
  taskQueue = `outcome-${randomUUID()}`;
  const [environment, workflowBundle] = await Promise.all([createLocalTestEnvironment(), bundleWorkflows()]);
  env = environment;
  bundle = workflowBundle;
  h = await createHarness({ temporal: { client: env.client, taskQueue }, poolSize: 10 });
  await startWorker();
  const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Office') RETURNING id");
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
  templateId = await publishTemplate(h, manager, 'Delegation', delegationCycleTemplate);
}, 240_000);

afterAll(async () => {
  await stopWorker().catch(() => undefined);
  await h?.close();
  await env?.teardown();
});

const stepStatus = async (stepId: string) =>
  (await h.pool.query<{ status: string }>('SELECT status FROM process_tasks WHERE id = $1', [stepId])).rows[0]?.status;

const auditCount = async (processId: string, action: string) =>
  Number(
    (
      await h.pool.query<{ count: string }>(
        'SELECT count(*) FROM process_audit WHERE workflow_id = $1 AND action = $2',
        [processId, action]
      )
    ).rows[0]!.count
  );

const act = (app: Harness['app'], user: TestUser, stepId: string, body: unknown, key: string) =>
  app.request(`/api/steps/${stepId}/actions`, json('POST', body, bearer(user, { 'idempotency-key': key })));

/**
 * Sends a step action through an API instance that stops while the update waits (no worker runs, so the workflow
 * cannot answer): the action reached Temporal, its answer never reached the client.
 */
async function sendAndLoseAnswer(user: TestUser, stepId: string, body: unknown, key: string): Promise<Response> {
  const stopping = new AbortController();
  const app = createApp({
    logger: pino({ level: 'silent' }),
    pool: h.pool,
    shutdown: stopping.signal,
    temporal: { client: env.client, taskQueue },
    checks: {
      postgres: () => Promise.resolve({ ok: true, detail: 'test' }),
      temporal: () => Promise.resolve({ ok: true, detail: 'test' }),
    },
  });
  const pending = act(app, user, stepId, body, key);
  // Long enough for the update to be admitted by the devserver; the outcome is unknown either way.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  stopping.abort();
  return pending;
}

const submission = {
  type: 'submit',
  values: { result: 'Venue booked: https://example.com/booking/42' },
  checklist: ['brief-read', 'time-logged'],
};

describe('step action whose answer was lost', () => {
  it('answers 202 with the step URL, and the retry with the same key gets the first outcome, applied once', async () => {
    const started = await h.app.request(
      '/api/processes',
      json('POST', { templateId, params: { assistant: assistant.id, taskTitle: 'Book the venue' } }, bearer(manager))
    );
    expect(started.status).toBe(201);
    const processId = ((await started.json()) as { id: string }).id;
    const step = await eventually(
      async () =>
        (
          await h.pool.query<{ id: string }>(
            "SELECT id FROM process_tasks WHERE workflow_id = $1 AND round = 1 AND status = 'open'",
            [processId]
          )
        ).rows[0],
      'the first step'
    );
    expect((await act(h.app, assistant, step.id, { type: 'start' }, randomUUID())).status).toBe(200);
    await eventually(async () => ((await stepStatus(step.id)) === 'inProgress' ? true : undefined), 'inProgress');

    // Submit: sent, answer lost.
    await stopWorker();
    const submitKey = randomUUID();
    const lost = await sendAndLoseAnswer(assistant, step.id, submission, submitKey);
    expect(lost.status).toBe(202);
    expect(lost.headers.get('location')).toBe(`/api/steps/${step.id}`);
    expect(await lost.json()).toMatchObject({ stepId: step.id, action: 'submit', outcome: 'unknown' });
    // The workflow applies it once a worker runs again.
    await startWorker();
    await eventually(async () => ((await stepStatus(step.id)) === 'inReview' ? true : undefined), 'inReview', 60_000);
    // The retry with the same key learns it was applied; a new submission is refused as it should be.
    const retried = await act(h.app, assistant, step.id, submission, submitKey);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ stepId: step.id, action: 'submit', accepted: true, nextStepId: null });
    expect((await act(h.app, assistant, step.id, submission, randomUUID())).status).toBe(409);
    expect(await auditCount(processId, 'submitted')).toBe(1);

    // Approve: sent, answer lost; by the retry the step is done and the process over.
    await stopWorker();
    const approveKey = randomUUID();
    const lostApproval = await sendAndLoseAnswer(manager, step.id, { type: 'approve' }, approveKey);
    expect(lostApproval.status).toBe(202);
    await startWorker();
    await eventually(
      async () =>
        (await h.pool.query("SELECT 1 FROM processes WHERE workflow_id = $1 AND status = 'completed'", [processId]))
          .rowCount === 1
          ? true
          : undefined,
      'the process completed',
      60_000
    );
    const approvedAgain = await act(h.app, manager, step.id, { type: 'approve' }, approveKey);
    expect(approvedAgain.status).toBe(200);
    expect(await approvedAgain.json()).toEqual({
      stepId: step.id,
      action: 'approve',
      accepted: true,
      nextStepId: null,
    });
    // Without that key, the step being done stands.
    expect((await act(h.app, manager, step.id, { type: 'approve' }, randomUUID())).status).toBe(409);
    expect(await auditCount(processId, 'submitted')).toBe(1);
    expect(await auditCount(processId, 'approved')).toBe(1);
  });
});
