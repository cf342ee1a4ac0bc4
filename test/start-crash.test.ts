import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../server/free-port';
import { isProcessAlive, waitForExit } from '../server/process-alive';

// `npm start` under crashes: the embedded devserver killed under a running Baton, Ctrl-C with a live-event stream
// open, a step claim left by a killed request (released at the next start), and Baton itself killed with SIGKILL
// (its devserver must not outlive it, and the next start must work).

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDirs: string[] = [];
const started: ChildProcess[] = [];
afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

const ADMIN_PASSWORD = 'crash-test-admin-password';

interface Started {
  child: ChildProcess;
  lines: { msg: string }[];
  stderr: string[];
  exit: Promise<number | null>;
}

/** `detached`: Baton leads a process group of its own, as in a terminal, so a signal can go to the whole group. */
function startBaton(env: Record<string, string>, options: { detached?: boolean } = {}): Started {
  // As `npm start` runs it: the precompiled build (server/launch.js), made first when the sources changed.
  const child = spawn(process.execPath, ['server/launch.js'], {
    detached: options.detached ?? false,
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      BATON_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const result: Started = {
    child,
    lines: [],
    stderr: [],
    exit: new Promise((resolve) => child.once('close', (code) => resolve(code))),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        result.lines.push(JSON.parse(part) as { msg: string });
      } catch {
        result.lines.push({ msg: part });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => result.stderr.push(chunk.toString()));
  return result;
}

async function waitForLine(baton: Started, pattern: RegExp, timeoutMs = 240_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = baton.lines.find((line) => pattern.test(line.msg));
    if (found) return found.msg;
    if (baton.child.exitCode !== null || baton.child.signalCode !== null) {
      const output = baton.lines.map((line) => line.msg).join('\n') + baton.stderr.join('');
      throw new Error(`Baton exited (${baton.child.exitCode}) before logging ${pattern}:\n${output}`);
    }
    if (Date.now() > deadline) throw new Error(`no log line ${pattern} in time; got ${JSON.stringify(baton.lines)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Pids and command lines of the devservers started by `parentPid`, as `ps` lists them. */
function devserversOf(parentPid: number): { pid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[2]) === parentPid)
    .filter((match) => match[3]!.includes('baton-devserver'))
    .map((match) => ({ pid: Number(match[1]), args: match[3]! }));
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A connection to the embedded PostgreSQL of a running Baton, found from its log and credentials file. */
async function connectToBaton(dataDir: string, baton: Started): Promise<pg.Client> {
  const port = /127\.0\.0\.1:(\d+)/.exec(await waitForLine(baton, /^postgres: embedded/))![1];
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  const client = new pg.Client({ host: '127.0.0.1', port: Number(port), database: 'baton', ...credentials });
  await client.connect();
  return client;
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'admin@baton.local', password: ADMIN_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('npm start under crashes', () => {
  it(
    'restarts a killed devserver, stops within 5 s on SIGINT with a stream open, and leaves no orphan after kill -9',
    { timeout: 900_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-crash-'));
      dataDirs.push(dataDir);
      const port = await getFreePort();
      const base = `http://127.0.0.1:${port}`;
      const first = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(port) });
      await waitForLine(first, /^Baton is ready/);
      const address = /on (127\.0\.0\.1:\d+)/.exec(await waitForLine(first, /^temporal: embedded devserver on/))![1]!;

      // The database password never shows on the devserver's command line.
      const { password } = JSON.parse(readFileSync(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as {
        password: string;
      };
      const [devserver] = devserversOf(first.child.pid!);
      expect(devserver).toBeDefined();
      expect(devserver!.args).not.toContain(password);
      expect(readFileSync(`/proc/${devserver!.pid}/cmdline`, 'utf8')).not.toContain(password);

      // The devserver dies: Baton starts it again on the same address and carries on; the worker runs workflows.
      process.kill(devserver!.pid, 'SIGKILL');
      await waitForLine(first, /^temporal: embedded devserver running again/, 30_000);
      const restarted = devserversOf(first.child.pid!);
      expect(restarted).toHaveLength(1);
      expect(restarted[0]!.pid).not.toBe(devserver!.pid);
      const connection = await Connection.connect({ address });
      try {
        const client = new Client({ connection });
        const check = await client.workflow.execute('selfCheckWorkflow', {
          taskQueue: 'baton',
          workflowId: `crash-test-self-check-${Date.now()}`,
          workflowExecutionTimeout: '1 minute',
        });
        expect(check).toMatchObject({ instanceId: expect.any(String) as string });
      } finally {
        await connection.close();
      }
      const ready = await waitFor(
        'ready again',
        async () => ((await fetch(`${base}/api/ready`)).status === 200 ? true : undefined),
        10_000
      );
      expect(ready).toBe(true);
      expect(isProcessAlive(first.child.pid!)).toBe(true);

      // Ctrl-C with a live-event stream open: the stream ends and Baton is gone within 5 s.
      const cookie = await signIn(base);
      const stream = await fetch(`${base}/api/events`, { headers: { cookie } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const streamEnded = (async () => {
        try {
          for (;;) if ((await reader.read()).done) return true;
        } catch {
          return true; // cut off: ended all the same
        }
      })();
      // A step claim as a request killed mid-action leaves it: fresh, so only the start-up reconciliation frees it.
      const database = await connectToBaton(dataDir, first);
      try {
        await database.query(
          `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, params, status)
           VALUES ('process-crash-claim', 't', 1, 'Crash', 'someone', '{}', 'running')`
        );
        await database.query(
          `WITH task AS (
             INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, updated_at)
             VALUES ('process-crash-claim', 'a', 1, 'Wedged?', 'someone', now() - interval '1 minute') RETURNING id)
           INSERT INTO step_claims (task_id, stage, user_id) SELECT id, 'start', 'someone' FROM task`
        );
      } finally {
        await database.end();
      }

      const stopAt = Date.now();
      first.child.kill('SIGINT');
      const code = await first.exit;
      const stopMs = Date.now() - stopAt;
      expect(code).toBe(0);
      expect(stopMs).toBeLessThan(5000);
      expect(await streamEnded).toBe(true);
      expect(
        first.lines
          .map((line) => line.msg)
          .filter((message) => message !== 'postgres: stopped')
          .at(-1)
      ).toBe('Baton stopped');
      console.info(`SIGINT with an open live-event stream: Baton stopped in ${stopMs} ms`);

      // kill -9 Baton: its devserver follows within a few seconds, and the next start is not blocked.
      const second = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) });
      await waitForLine(second, /^api: listening/);
      expect(second.lines.map((line) => line.msg)).toContain('api: released 1 step claim(s) left by an earlier run');
      const afterRestart = await connectToBaton(dataDir, second);
      try {
        expect((await afterRestart.query('SELECT 1 FROM step_claims')).rowCount).toBe(0);
      } finally {
        await afterRestart.end();
      }
      const [orphan] = devserversOf(second.child.pid!);
      expect(orphan).toBeDefined();
      const killedAt = Date.now();
      second.child.kill('SIGKILL');
      await second.exit;
      expect(await waitForExit(orphan!.pid, 5000)).toBe(true);
      console.info(`kill -9 of Baton: its devserver exited after ${Date.now() - killedAt} ms`);

      const third = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) });
      await waitForLine(third, /^api: listening/);
      // Signals are handled once start-up is over (the designer build comes last): stop it then.
      await waitForLine(third, /^Baton is ready/);
      third.child.kill('SIGTERM');
      const thirdCode = await third.exit;
      expect(thirdCode, third.lines.map((line) => line.msg).join('\n') + third.stderr.join('')).toBe(0);
    }
  );

  it(
    'stops cleanly on a Ctrl-C sent to the whole process group, as a terminal sends it',
    { timeout: 300_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-crash-'));
      dataDirs.push(dataDir);
      const baton = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) }, { detached: true });
      await waitForLine(baton, /^Baton is ready/);
      const [devserver] = devserversOf(baton.child.pid!);
      expect(devserver).toBeDefined();
      // Outside Baton's group, so the terminal's signal cannot stop it before Baton has stopped what depends on it.
      const groupOf = (pid: number) =>
        execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      expect(groupOf(baton.child.pid!)).toBe(String(baton.child.pid));
      expect(groupOf(devserver!.pid)).not.toBe(String(baton.child.pid));
      process.kill(-baton.child.pid!, 'SIGINT');
      const code = await baton.exit;
      const messages = baton.lines.map((line) => line.msg);
      expect(code, messages.join('\n') + baton.stderr.join('')).toBe(0);
      // The devserver heard no Ctrl-C of its own: Baton stopped it, in order, and took nothing for a crash.
      expect(messages.filter((message) => /devserver stopped \(|starting it again|unexpectedly/.test(message))).toEqual(
        []
      );
      expect(messages).toContain('temporal devserver: stopped');
      expect(messages.filter((message) => message !== 'postgres: stopped').at(-1)).toBe('Baton stopped');
      expect(isProcessAlive(devserver!.pid)).toBe(false);
    }
  );

  it('stops cleanly on Ctrl-C during start-up, leaving nothing running', { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-crash-'));
    dataDirs.push(dataDir);
    const baton = startBaton({ BATON_DATA_DIR: dataDir, PORT: String(await getFreePort()) });
    await waitForLine(baton, /^temporal: embedded devserver on/);
    const devservers = devserversOf(baton.child.pid!);
    expect(devservers).toHaveLength(1);
    const stopAt = Date.now();
    baton.child.kill('SIGINT');
    const code = await baton.exit;
    const messages = baton.lines.map((line) => line.msg);
    expect(code, messages.join('\n') + baton.stderr.join('')).toBe(0);
    expect(messages).toContain('postgres: stopped');
    // The embedded PostgreSQL's own "stopped" line may come last (it is written as its process ends): the last
    // line of Baton's own parts is "Baton stopped".
    expect(messages.filter((message) => message !== 'postgres: stopped').at(-1), messages.join('\n')).toBe(
      'Baton stopped'
    );
    expect(messages.some((message) => message.startsWith('Baton is ready'))).toBe(false);
    expect(isProcessAlive(devservers[0]!.pid)).toBe(false);
    const postgres = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('postgres') && line.includes(dataDir));
    expect(postgres).toEqual([]);
    console.info(`SIGINT during start-up: Baton stopped in ${Date.now() - stopAt} ms`);
  });
});
