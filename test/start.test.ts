import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../server/free-port';
import { isProcessAlive } from '../server/process-alive';

// `npm start` as a user runs it: a real process with embedded PostgreSQL, stopped with SIGINT as Ctrl-C does.

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDirs: string[] = [];
afterAll(async () => {
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  lines: { msg: string; level: number }[];
  stderr: string[];
  exit: Promise<number | null>;
}

function startBaton(env: Record<string, string>): Started {
  // As `npm start` runs it: the precompiled build (server/launch.js), made first when the sources changed.
  const child = spawn(process.execPath, ['server/launch.js'], {
    cwd: root,
    // Drop any outer DATABASE_URL/TEMPORAL_ADDRESS: these tests exercise the embedded defaults.
    env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Started = {
    child,
    lines: [],
    stderr: [],
    // 'close', not 'exit': it comes after stdout is drained, so the last log line is in `lines` when it resolves.
    exit: new Promise((resolve) => child.once('close', (code) => resolve(code))),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (part.trim()) started.lines.push(JSON.parse(part) as { msg: string; level: number });
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => started.stderr.push(chunk.toString()));
  return started;
}

async function waitForLine(started: Started, pattern: RegExp, timeoutMs = 240_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = started.lines.find((line) => pattern.test(line.msg));
    if (found) return found.msg;
    if (started.child.exitCode !== null) {
      const output = started.lines.map((line) => line.msg).join('\n') + started.stderr.join('');
      throw new Error(`Baton exited (${started.child.exitCode}) before logging ${pattern}:\n${output}`);
    }
    if (Date.now() > deadline) throw new Error(`no log line ${pattern} in time; got ${JSON.stringify(started.lines)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readInstanceId(dataDir: string, postgresLine: string): Promise<string> {
  const port = /127\.0\.0\.1:(\d+)/.exec(postgresLine)?.[1];
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  const client = new pg.Client({ host: '127.0.0.1', port: Number(port), database: 'baton', ...credentials });
  await client.connect();
  try {
    const result = await client.query<{ instance_id: string }>('SELECT instance_id FROM baton_instance');
    return result.rows[0]!.instance_id;
  } finally {
    await client.end();
  }
}

/** Pids of PostgreSQL processes serving `dataDir`, as `ps` lists them: orphans show up here. */
function postgresProcessesOn(dataDir: string): number[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('postgres') && line.includes(dataDir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('npm start', () => {
  // Generous: two cold starts (initdb, workflow bundle, designer build) on a shared 2-core machine.
  it(
    'starts every part in order, refuses a second instance, stops cleanly on SIGINT, and keeps data',
    { timeout: 600_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-start-'));
      dataDirs.push(dataDir);
      const port = await getFreePort();
      const first = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(port) });
      await waitForLine(first, /^Baton is ready: open http:\/\/127\.0\.0\.1:\d+$/);

      // The worker is made while the migrations run, so those two lines come in either order; it polls after them.
      for (const order of [
        ['postgres:', 'temporal:', 'worker:', 'api:', 'designer:', 'Baton is ready'],
        ['postgres:', 'migrations:', 'worker: polling', 'designer:', 'Baton is ready'],
      ]) {
        const positions = order.map((prefix) => first.lines.findIndex((line) => line.msg.startsWith(prefix)));
        expect(positions.every((position) => position >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }

      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      const missing = await fetch(`${base}/api/no-such-endpoint`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      const ready = (await (await fetch(`${base}/api/ready`)).json()) as { checks: { postgres: { ok: boolean } } };
      expect(ready.checks.postgres.ok).toBe(true);

      const postgresLine = first.lines.find((line) => line.msg.startsWith('postgres: embedded'))!.msg;
      const instanceId = await readInstanceId(dataDir, postgresLine);
      expect(postgresProcessesOn(dataDir).length).toBeGreaterThan(0);

      // A second Baton on the same data directory says so and exits without touching anything.
      const second = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) });
      expect(await second.exit).toBe(3);
      expect(second.lines.map((line) => line.msg).join('\n')).toMatch(/Another Baton \(pid \d+\) is already running/);
      expect(second.lines.some((line) => line.msg.startsWith('postgres:'))).toBe(false);
      expect((await fetch(`${base}/api/health`)).status).toBe(200);

      first.child.kill('SIGINT');
      expect(await first.exit).toBe(0);
      const stopLines = first.lines.map((line) => line.msg);
      expect(stopLines).toContain('postgres: stopped');
      // The embedded PostgreSQL's own "stopped" line may be written last, as its process ends.
      expect(stopLines.filter((message) => message !== 'postgres: stopped').at(-1)).toBe('Baton stopped');
      expect(isProcessAlive(first.child.pid!)).toBe(false);
      expect(postgresProcessesOn(dataDir)).toEqual([]);

      // Restart: same installation, nothing re-applied.
      const third = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) });
      await waitForLine(third, /^Baton is ready/);
      expect(third.lines.map((line) => line.msg)).toContain('migrations: database schema is up to date');
      const restartedLine = third.lines.find((line) => line.msg.startsWith('postgres: embedded'))!.msg;
      expect(await readInstanceId(dataDir, restartedLine)).toBe(instanceId);
      third.child.kill('SIGTERM');
      expect(await third.exit).toBe(0);
      expect(postgresProcessesOn(dataDir)).toEqual([]);
    }
  );

  it('stops at once with a message naming a wrong variable', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-start-'));
    dataDirs.push(dataDir);
    const started = startBaton({ BATON_DATA_DIR: dataDir, PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await started.exit).toBe(2);
    const stderr = started.stderr.join('');
    expect(stderr).toContain('PORT: expected an integer from 0 to 65535 (got "eighty")');
    expect(stderr).toContain('LOG_LEVEL: expected one of');
    expect(started.lines).toEqual([]);
  });
});
