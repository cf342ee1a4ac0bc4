import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pino from 'pino';
import { expect } from 'vitest';
import { bearer, createHarness, json, type Harness, type HarnessOptions, type TestUser } from '../../api/test/harness';
import { createActivities } from '../../worker/activities';
import { bundleWorkflows } from '../../worker/workflow-bundle';
import { createLocalTestEnvironment } from './temporal';

/** The HTTP API on the devserver with the real worker and PostgreSQL, for tests that drive processes end to end. */
export interface ApiTestBed {
  env: TestWorkflowEnvironment;
  h: Harness;
  close(): Promise<void>;
}

/** Starts the devserver, the API harness on its own database and a worker on a fresh task queue. */
export async function startApiTestBed(
  name: string,
  poolSize = 10,
  options: Pick<HarnessOptions, 'intakeSecret' | 'maxFileBytes'> = {}
): Promise<ApiTestBed> {
  const taskQueue = `${name}-${randomUUID()}`;
  const [env, workflowBundle] = await Promise.all([createLocalTestEnvironment(), bundleWorkflows()]);
  const h = await createHarness({ temporal: { client: env.client, taskQueue }, poolSize, ...options });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle,
    activities: createActivities({ pool: h.pool, logger: pino({ level: 'silent' }) }),
  });
  const running = worker.run();
  return {
    env,
    h,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await h.close();
      await env.teardown();
    },
  };
}

/** Creates a template from `draft` as `user` and publishes it; its id. */
export async function publishTemplate(h: Harness, user: TestUser, name: string, draft: unknown): Promise<string> {
  const created = await h.app.request('/api/templates', json('POST', { name, draft }, bearer(user)));
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const published = await h.app.request(`/api/templates/${id}/publish`, { method: 'POST', headers: bearer(user) });
  expect(published.status).toBe(201);
  return id;
}

/** Polls until `check` returns something: the worker writes task rows and audit entries asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * When the template's step `nodeId` falls due for a process started at `start`, as the deadline engine computes it
 * (business days, working time) through the designer's timeline preview: what a started process's step must show.
 */
export async function expectedDue(
  h: Harness,
  user: TestUser,
  templateId: string,
  nodeId: string,
  start: Date,
  parameters: Record<string, string> = {}
): Promise<Date> {
  const response = await h.app.request(
    `/api/templates/${templateId}/timeline`,
    json('POST', { start: start.toISOString(), parameters }, bearer(user))
  );
  if (response.status !== 200) throw new Error(`timeline: ${response.status} ${await response.text()}`);
  const { rows } = (await response.json()) as { rows: { nodeId: string; due: string | null }[] };
  const due = rows.find((row) => row.nodeId === nodeId)?.due;
  if (!due) throw new Error(`the timeline has no due date for ${nodeId}`);
  return new Date(due);
}
