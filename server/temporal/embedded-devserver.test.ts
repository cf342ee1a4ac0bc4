import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { getFreePort } from '../free-port';
import { isProcessAlive, waitForExit } from '../process-alive';
import { startEmbeddedDevserver } from './embedded-devserver';

const BIN = fileURLToPath(new URL('../../devserver/bin/baton-devserver.js', import.meta.url));

describe('embedded devserver started before its database', () => {
  it('waits for the database and is killed when the database does not come', async () => {
    // Nothing listens there: the devserver keeps waiting for its database instead of failing at once.
    const databaseUrl = `postgres://baton:secret@127.0.0.1:${await getFreePort()}/baton`;
    let fail: (error: Error) => void = () => undefined;
    const databaseReady = new Promise<void>((_resolve, reject) => (fail = reject));
    const started = startEmbeddedDevserver({
      bin: BIN,
      port: await getFreePort(),
      namespace: 'default',
      databaseUrl,
      databaseReady,
      debug: false,
      logger: pino({ level: 'silent' }),
    });
    // The child is spawned at once (its pid is not returned before it listens): still there while it waits.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const children = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    const pid = children.find((child) => isProcessAlive(child, 'baton-devserver'));
    expect(pid).toBeDefined();
    fail(new Error('PostgreSQL did not start'));
    await expect(started).rejects.toThrow('PostgreSQL did not start');
    expect(await waitForExit(pid!, 5_000)).toBe(true);
  }, 30_000);
});
