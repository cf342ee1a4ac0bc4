import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock, InstanceLockedError } from './instance-lock';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'baton-lock-'));

describe('acquireInstanceLock', () => {
  it('refuses a second owner while the first one lives, and names it', async () => {
    const dir = tempDir();
    // A real second process holds the lock, as a second `npm start` would.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, 'baton.pid'), `${holder.pid}\n`);
      expect(() => acquireInstanceLock(dir)).toThrow(InstanceLockedError);
      expect(() => acquireInstanceLock(dir)).toThrow(`Another Baton (pid ${holder.pid}) is already running`);
      expect(readFileSync(path.join(dir, 'baton.pid'), 'utf8').trim()).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died, and releases it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'baton.pid'), '999999999\n');
    const lock = acquireInstanceLock(dir);
    expect(readFileSync(lock.file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('does not release a lock that another process has taken over since', () => {
    const dir = tempDir();
    const lock = acquireInstanceLock(dir);
    writeFileSync(lock.file, '12345\n');
    lock.release();
    expect(readFileSync(lock.file, 'utf8').trim()).toBe('12345');
  });
});
