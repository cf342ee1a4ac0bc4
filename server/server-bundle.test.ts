import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVSERVER_OUTPUT, ensureServerBundle, serverBundleKey, type BundleLayout } from './server-bundle.js';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/** A server in miniature: an entry that prints where each of its modules thinks it is, and a devserver entry. */
async function project(): Promise<{ layout: BundleLayout; write: (file: string, text: string) => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'baton-server-bundle-'));
  folders.push(root);
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  await write('package.json', '{ "type": "module" }\n');
  await write(
    'server/main.ts',
    [
      "import { fileURLToPath } from 'node:url';",
      "import { where } from '../worker/deep/where';",
      'declare const BATON_DEVSERVER_ENTRY: string | undefined;',
      "const devserver = typeof BATON_DEVSERVER_ENTRY === 'string' ? BATON_DEVSERVER_ENTRY : 'none';",
      "const lazy = await import('./lazy');",
      'console.log(JSON.stringify({ main: fileURLToPath(import.meta.url), where, lazy: lazy.version, devserver }));',
    ].join('\n')
  );
  await write('server/lazy.ts', 'export const version: number = 1;\n');
  await write(
    'worker/deep/where.ts',
    "import { fileURLToPath } from 'node:url';\nexport const where = fileURLToPath(new URL('../x.sql', import.meta.url));\n"
  );
  await write('devserver/cli.ts', "console.log('devserver');\n");
  const layout: BundleLayout = {
    root,
    sourceDirs: ['server', 'worker', 'devserver'],
    rootFiles: ['package.json'],
    entries: { main: 'server/main.ts', [DEVSERVER_OUTPUT]: 'devserver/cli.ts' },
    cacheDir: path.join(root, 'cache'),
  };
  return { layout, write };
}

const run = (file: string) => JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as unknown;

describe('the precompiled server', () => {
  it('runs each module with its own source location, lazy imports included, and knows its devserver entry', async () => {
    const { layout } = await project();
    const bundle = await ensureServerBundle(layout);
    expect(bundle.built).toBe(true);
    expect(run(bundle.entries.main!)).toEqual({
      main: path.join(layout.root, 'server', 'main.ts'),
      where: path.join(layout.root, 'worker', 'x.sql'),
      lazy: 1,
      devserver: bundle.entries[DEVSERVER_OUTPUT],
    });
    expect(bundle.entries[DEVSERVER_OUTPUT]).toMatch(/baton-devserver\.mjs$/);
    expect(execFileSync(process.execPath, [bundle.entries[DEVSERVER_OUTPUT]!], { encoding: 'utf8' })).toBe(
      'devserver\n'
    );
  });

  it('is reused while the sources are the same, and made again from any changed or added source', async () => {
    const { layout, write } = await project();
    const first = await ensureServerBundle(layout);
    const again = await ensureServerBundle(layout);
    expect(again).toEqual({ entries: first.entries, built: false });

    await write('server/lazy.ts', 'export const version: number = 2;\n');
    const changed = await ensureServerBundle(layout);
    expect(changed.built).toBe(true);
    expect(changed.entries.main).not.toBe(first.entries.main);
    expect(run(changed.entries.main!)).toMatchObject({ lazy: 2 });

    const before = await serverBundleKey(layout);
    await write('worker/unused.ts', 'export {};\n');
    expect(await serverBundleKey(layout)).not.toBe(before);
    // A test beside the code is never part of the build.
    const withNew = await serverBundleKey(layout);
    await write('worker/deep/where.test.ts', 'export {};\n');
    expect(await serverBundleKey(layout)).toBe(withNew);
  });

  it('names the source file and line in stack traces', async () => {
    const { layout, write } = await project();
    await write('devserver/cli.ts', "const fail = (): never => {\n  throw new Error('probe');\n};\nfail();\n");
    const bundle = await ensureServerBundle(layout);
    const run = spawnSync(process.execPath, ['--enable-source-maps', bundle.entries[DEVSERVER_OUTPUT]!], {
      encoding: 'utf8',
    });
    expect(run.stderr).toContain(`${path.join(layout.root, 'devserver', 'cli.ts')}:2:`);
  });

  it('refuses, leaving nothing half made, when a source is outside the folders its key covers', async () => {
    const { layout, write } = await project();
    await write('elsewhere/helper.ts', 'export const helper = 1;\n');
    await write('devserver/cli.ts', "import { helper } from '../elsewhere/helper';\nconsole.log(helper);\n");
    await expect(ensureServerBundle(layout)).rejects.toThrow(/outside the folders the build's key covers/);
    expect(await readdir(layout.cacheDir)).toEqual([]);
  });

  it('refuses a source using import.meta beyond its url, which a bundle would change', async () => {
    const { layout, write } = await project();
    await write('server/lazy.ts', 'export const version: number = import.meta.dirname.length;\n');
    await expect(ensureServerBundle(layout)).rejects.toThrow(/server\/lazy\.ts uses import\.meta\.dirname/);
  });
});
