import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { designerBuildDue } from './designer-build';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/** A checkout in miniature: designer/ with a build stamped at `builtFrom`, and the shared workflows/ beside it. */
async function checkout(): Promise<{ designer: string; touch: (file: string, at: number) => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'baton-designer-build-'));
  folders.push(root);
  const designer = path.join(root, 'designer');
  const touch = async (file: string, at: number) => {
    const full = path.join(root, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, `// ${file}\n`);
    await utimes(full, at / 1000, at / 1000);
  };
  const past = Date.parse('2026-01-01T00:00:00Z');
  for (const file of ['designer/src/main.tsx', 'designer/index.html', 'workflows/deadline/due.ts', 'api/client.ts'])
    await touch(file, past);
  for (const folder of ['designer/src', 'designer', 'workflows/deadline', 'workflows', 'api'])
    await utimes(path.join(root, folder), past / 1000, past / 1000);
  await mkdir(path.join(designer, 'dist'), { recursive: true });
  await writeFile(path.join(designer, 'dist', '.built-from'), String(past));
  return { designer, touch };
}

describe('the designer build freshness check', () => {
  it('rebuilds for a changed source the web app uses, not for a changed test beside it', async () => {
    const { designer, touch } = await checkout();
    expect((await designerBuildDue(designer)).due).toBe(false);

    // Editing a workflow test (or a web app test) is no reason for a 40 s web build.
    const later = Date.parse('2026-02-01T00:00:00Z');
    await touch('workflows/deadline/due.test.ts', later);
    await touch('designer/src/main.test.tsx', later);
    await utimes(path.join(designer, '..', 'workflows/deadline'), 0, 0);
    await utimes(path.join(designer, 'src'), 0, 0);
    expect((await designerBuildDue(designer)).due).toBe(false);

    await touch('workflows/deadline/due.ts', later);
    expect(await designerBuildDue(designer)).toEqual({ due: true, sourcesAt: later });
  });

  it('builds when there is no build yet', async () => {
    const { designer } = await checkout();
    await rm(path.join(designer, 'dist'), { recursive: true });
    expect((await designerBuildDue(designer)).due).toBe(true);
  });
});
