import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleModules, forbiddenWorkflowModules } from './bundle-contents';
import { WORKFLOWS_PATH } from './worker';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const bundle = async (workflowsPath: string) =>
  (await bundleWorkflowCode({ workflowsPath, ignoreModules: [], logger: silent })).code;

describe('the workflow bundle', () => {
  it('finds zod when a workflow imports it', async () => {
    const code = await bundle(fileURLToPath(new URL('./fixtures/zod-probe.workflow.ts', import.meta.url)));
    expect(forbiddenWorkflowModules(bundleModules(code)).some((id) => id.includes('node_modules/zod/'))).toBe(true);
  }, 60_000);

  it('holds neither zod nor a schema module: the SDK evaluates every module again for each cached workflow', async () => {
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
});
