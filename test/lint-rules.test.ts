import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The lint rules are part of the architecture (deterministic workflows/, no import cycles): prove they fire on real
// files so a config change cannot silently switch them off.

const root = fileURLToPath(new URL('..', import.meta.url));
const probeDir = path.join(root, 'workflows', `lint-probe-${randomBytes(4).toString('hex')}`);
const eslint = new ESLint({ cwd: root });

async function lint(files: Record<string, string>): Promise<{ file: string; rule: string | null; message: string }[]> {
  for (const [name, code] of Object.entries(files)) await writeFile(path.join(probeDir, name), code);
  const results = await eslint.lintFiles(Object.keys(files).map((name) => path.join(probeDir, name)));
  return results.flatMap((result) =>
    result.messages.map((m) => ({ file: path.basename(result.filePath), rule: m.ruleId, message: m.message }))
  );
}

beforeAll(async () => {
  await mkdir(probeDir, { recursive: true });
});
afterAll(async () => {
  await rm(probeDir, { recursive: true, force: true });
});

// Type-aware linting builds a program of the whole project first: slow on a loaded machine.
describe('lint rules', { timeout: 300_000 }, () => {
  it('forbid Node built-ins and I/O libraries in workflows/', async () => {
    const messages = await lint({
      'io.ts': [
        "import { readFileSync } from 'node:fs';",
        "import crypto from 'crypto';",
        "import pg from 'pg';",
        "import { Hono } from 'hono';",
        "import { Client } from '@temporalio/client';",
        "import { Worker } from '@temporalio/worker';",
        "import { Context } from '@temporalio/activity';",
        'export const all = [readFileSync, crypto, pg, Hono, Client, Worker, Context];',
        '',
      ].join('\n'),
    });
    const restricted = messages.filter((m) => m.rule === 'no-restricted-imports').map((m) => m.message);
    expect(restricted).toHaveLength(7);
    for (const name of [
      'node:fs',
      'crypto',
      'pg',
      'hono',
      '@temporalio/client',
      '@temporalio/worker',
      '@temporalio/activity',
    ]) {
      expect(restricted.some((message) => message.startsWith(`'${name}' import is restricted`))).toBe(true);
    }
  });

  it('allow the workflow SDK and pure libraries in workflows/', async () => {
    const messages = await lint({
      'pure.ts': [
        "import { sleep } from '@temporalio/workflow';",
        "import { DateTime } from 'luxon';",
        'export async function wait(): Promise<string> {',
        "  await sleep('1 day');",
        "  return DateTime.fromISO('2026-11-11').toISODate() ?? '';",
        '}',
        '',
      ].join('\n'),
    });
    expect(messages).toEqual([]);
  });

  it('report import cycles, floating promises and value imports used only as types', async () => {
    const messages = await lint({
      'a.ts': "import { b } from './b';\nexport const a = (): unknown => b;\n",
      'b.ts': "import { a } from './a';\nexport const b = (): unknown => a;\n",
      'c.ts': [
        "import { DateTime } from 'luxon';",
        'export const later = (d: DateTime): DateTime => d;',
        'async function work(): Promise<void> {}',
        'export function go(): void {',
        '  work();',
        '}',
        '',
      ].join('\n'),
    });
    const rules = messages.map((m) => `${m.file}:${m.rule}`);
    expect(rules).toContain('a.ts:import-x/no-cycle');
    expect(rules).toContain('b.ts:import-x/no-cycle');
    expect(rules).toContain('c.ts:@typescript-eslint/no-floating-promises');
    expect(rules).toContain('c.ts:@typescript-eslint/consistent-type-imports');
  });
});
