// Sharing the workflow code's pure modules among cached workflows changes no command a workflow emits: a process
// recorded by a worker whose workflows each evaluated their own modules (as before they were shared) replays on
// today's bundle, and one recorded today replays on the old one.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../worker/activities';
import { modulesEvaluatedPerWorkflow } from '../worker/bundle-contents';
import { WORKFLOWS_PATH } from '../worker/workflow-bundle';
import { approveUpdate, processStateQuery, submitUpdate } from '../workflows/process.messages';
import type { ProcessInput } from '../workflows/process.workflow';
import { parseTemplate } from '../workflows/template';
import { delegationCycleTemplate } from '../workflows/template/fixtures';
import { startProcessTestBed, type ProcessTestBed } from './support/process-test-bed';

const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };

let bed: ProcessTestBed;
let unshared: WorkflowBundleWithSourceMap;
let unsharedQueue: string;
let stopUnshared: () => Promise<void>;

beforeAll(async () => {
  bed = await startProcessTestBed();
  unshared = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ignoreModules: [] });
  unsharedQueue = `unshared-${randomUUID()}`;
  const worker = await Worker.create({
    connection: bed.env.nativeConnection,
    namespace: bed.env.namespace ?? 'default',
    taskQueue: unsharedQueue,
    workflowBundle: unshared,
    activities: createActivities({ pool: bed.pool, logger: pino({ level: 'silent' }) }),
  });
  const running = worker.run();
  stopUnshared = async () => {
    worker.shutdown();
    await running;
  };
}, 120_000);

afterAll(async () => {
  await stopUnshared?.();
  await bed?.close();
});

/** A delegation cycle run to its end on one task queue: submitted once, approved. */
async function delegation(taskQueue: string): Promise<WorkflowHandle> {
  const input: ProcessInput = {
    template: parseTemplate(delegationCycleTemplate),
    params: { assistant: 'anna', taskTitle: 'Quarterly report' },
    starter: 'boss',
    calendar,
  };
  const handle = await bed.env.client.workflow.start('processWorkflow', {
    taskQueue,
    workflowId: `replay-${randomUUID()}`,
    args: [input],
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    const state = await handle.query(processStateQuery).catch(() => undefined);
    if (state?.steps['do-task']?.phase === 'open') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const step = { nodeId: 'do-task' };
  await handle.executeUpdate(submitUpdate, {
    args: [{ ...step, actor: 'anna', values: { result: 'done' }, checklist: ['brief-read', 'time-logged'] }],
  });
  await handle.executeUpdate(approveUpdate, { args: [{ ...step, actor: 'boss' }] });
  await expect(handle.result()).resolves.toMatchObject({ status: 'completed' });
  return handle;
}

it('a process recorded with per-workflow modules replays with shared ones, and the other way round', async () => {
  // The two bundles differ as the test means: the old one evaluates luxon and the interpreter for each workflow.
  const perWorkflow = modulesEvaluatedPerWorkflow(unshared.code);
  expect(perWorkflow).toContain('./workflows/interpreter/process-engine.ts');
  expect(modulesEvaluatedPerWorkflow(bed.workflowBundle.code)).not.toContain(
    './workflows/interpreter/process-engine.ts'
  );

  const before = await delegation(unsharedQueue);
  const today = await delegation(bed.taskQueue);
  for (const [handle, workflowBundle] of [
    [before, bed.workflowBundle],
    [today, unshared],
  ] as const) {
    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeGreaterThan(10);
    await Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId);
  }
}, 120_000);
