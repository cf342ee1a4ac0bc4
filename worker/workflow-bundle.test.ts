import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from './worker';
import { cachedWorkflowBundle, workflowBundleKey } from './workflow-bundle';

const folders: string[] = [];
const tempFolder = async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'baton-bundle-'));
  folders.push(folder);
  return folder;
};
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

describe('the cached workflow bundle', () => {
  it('changes its key with any workflow source, and not with a test file', async () => {
    const sources = await tempFolder();
    await writeFile(path.join(sources, 'a.ts'), 'export const a = 1;');
    await writeFile(path.join(sources, 'a.test.ts'), 'it("x", () => {});');
    const first = await workflowBundleKey(sources);
    expect(await workflowBundleKey(sources)).toBe(first);
    await writeFile(path.join(sources, 'a.test.ts'), 'it("y", () => {});');
    expect(await workflowBundleKey(sources)).toBe(first);
    await writeFile(path.join(sources, 'a.ts'), 'export const a = 2;');
    expect(await workflowBundleKey(sources)).not.toBe(first);
  });

  it('bundles once, then reads the same code from the cache, leaving one complete file', async () => {
    const cacheDir = await tempFolder();
    await writeFile(path.join(cacheDir, 'workflow-bundle-0000stale.js'), 'stale');
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const made = await cachedWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, cacheDir, logger });
    expect(made.cached).toBe(false);
    expect(made.code).toContain('processWorkflow');
    const read = await cachedWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, cacheDir, logger });
    expect(read).toEqual({ code: made.code, cached: true });
    const files = await readdir(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^workflow-bundle-[0-9a-f]{24}\.js$/);
    // Webpack's lines went to the debug log, not to the console.
    expect(lines.some((line) => line.includes('"level":20') && line.includes('workflow bundle'))).toBe(true);
  }, 60_000);
});
