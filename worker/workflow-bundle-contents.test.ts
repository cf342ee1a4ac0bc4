import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleModules, forbiddenWorkflowModules, modulesEvaluatedPerWorkflow } from './bundle-contents';
import { WORKFLOWS_PATH } from './worker';
import { WORKFLOW_BUNDLER_OPTIONS } from './workflow-bundle';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const bundle = async (workflowsPath: string, options = WORKFLOW_BUNDLER_OPTIONS) =>
  (await bundleWorkflowCode({ workflowsPath, ...options, logger: silent })).code;

describe('the workflow bundle', () => {
  it('finds zod when a workflow imports it', async () => {
    const probe = fileURLToPath(new URL('./fixtures/zod-probe.workflow.ts', import.meta.url));
    const code = await bundle(probe, { ignoreModules: [], preloadModules: [] });
    expect(forbiddenWorkflowModules(bundleModules(code)).some((id) => id.includes('node_modules/zod/'))).toBe(true);
  }, 60_000);

  it('holds neither zod nor a schema module: a module a workflow imports can cost memory for each cached workflow', async () => {
    const code = await bundle(WORKFLOWS_PATH);
    const modules = bundleModules(code);
    // The module list is read right: Baton's workflows and the SDK's are in it.
    expect(modules).toContain('./workflows/workflows.ts');
    expect(modules).toContain('./workflows/interpreter/process-engine.ts');
    expect(modules.some((id) => id.includes('@temporalio/workflow/'))).toBe(true);
    expect(forbiddenWorkflowModules(modules)).toEqual([]);
    // Nor the template barrel or its validation, which reach the schemas.
    expect(modules.filter((id) => /\/template\/(index|validation\/)/.test(id))).toEqual([]);
  }, 60_000);

  it('evaluates per workflow only the workflow files, their message definitions and the SDK: the rest is shared', async () => {
    const code = await bundle(WORKFLOWS_PATH);
    const perWorkflow = modulesEvaluatedPerWorkflow(code);
    // The workflows are evaluated per workflow (their module state is a process's own), and found so.
    expect(perWorkflow).toEqual(
      expect.arrayContaining(['./workflows/workflows.ts', './workflows/process.workflow.ts'])
    );
    // The interpreter, calendar and deadline code and luxon, rrule and json-logic-js are evaluated once per worker
    // thread: a pure module a workflow file imports belongs in SHARED_WORKFLOW_MODULES.
    const workflowOwn = /^\.\/workflows\/(workflows|.+\.workflow|.+\.messages)\.ts$/;
    expect(perWorkflow.filter((id) => !workflowOwn.test(id) && !id.includes('/@temporalio/workflow/'))).toEqual([]);
  }, 60_000);
});
