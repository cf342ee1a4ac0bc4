import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

// BATON_ADMIN_PASSWORD is held to the same policy as a password set in the app: a weak one stops Baton before
// anything starts, with a sentence that says what is wrong and how to fix it, and never the password itself.

const root = fileURLToPath(new URL('..', import.meta.url));

function problemWith(password: string): string | undefined {
  try {
    loadConfig({ BATON_ADMIN_PASSWORD: password }, { cwd: '/srv/baton', isTTY: false });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.variable)).toEqual(['BATON_ADMIN_PASSWORD']);
    expect(problems[0]?.received).toBeUndefined();
    return problems[0]?.message;
  }
}

describe('BATON_ADMIN_PASSWORD', () => {
  it('refuses common, short and control-character passwords, saying how to fix it', () => {
    expect(problemWith('password1')).toMatch(/most common passwords: set a stronger one, or unset it/);
    expect(problemWith('Password1')).toMatch(/most common passwords/);
    expect(problemWith('short')).toMatch(/at least 8 characters/);
    expect(problemWith('abc\u0007defgh')).toMatch(/control characters/);
    expect(problemWith('correct horse battery staple 42')).toBeUndefined();
  });

  it('stops `npm start` at once with exit 2 and the reason, starting nothing', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'baton-admin-password-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          BATON_DATA_DIR: dataDir,
          BATON_ADMIN_PASSWORD: 'qwerty123',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain('BATON_ADMIN_PASSWORD: the password is one of the most common passwords');
      expect(stderr).toContain('set a stronger one');
      expect(stderr).not.toContain('qwerty123');
      // Nothing was started: the data directory is as it was.
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
