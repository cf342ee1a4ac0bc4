import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type TestUser } from '../api/test/harness';
import { ENV_DATABASE_URL } from '../devserver/cli-args';
import { getFreePort } from '../server/free-port';
import { DEVSERVER_BIN } from '../server/start';
import { waitForPort } from '../server/temporal/embedded-devserver';
import { eventually } from './support/api-test-bed';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { twoStepsTemplate } from './support/two-steps-template';

// Baton split in roles as an office that outgrows one machine runs it: the devserver on its own as the shared
// Temporal service on PostgreSQL, one `worker` process and two `api` processes on the same database. A process
// started through one API instance is worked through the other, and the worker runs it.

const root = fileURLToPath(new URL('..', import.meta.url));

interface Child {
  child: ChildProcess;
  lines: string[];
  exit: Promise<void>;
}

function launch(command: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const launched: Child = { child, lines: [], exit: new Promise((resolve) => child.once('close', () => resolve())) };
  const collect = (chunk: Buffer) => launched.lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.stdin?.on('error', () => undefined);
  return launched;
}

async function waitForLine(launched: Child, pattern: RegExp, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launched.lines.some((line) => pattern.test(line))) {
    if (launched.child.exitCode !== null) throw new Error(`exited before ${pattern}:\n${launched.lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time:\n${launched.lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Baton in roles on one database and one Temporal service', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dataDir: string;
  let shared: Record<string, string> = {};
  const children: Child[] = [];
  const workers: Child[] = [];
  const apiChildren: Child[] = [];
  const apiPorts: number[] = [];
  const apis: string[] = [];
  let workerUrl = '';
  let manager: TestUser;
  let assistant: TestUser;

  const startWorker = (port: number) => {
    const launched = launch(['--import', 'tsx', 'server/main.ts', '--role', 'worker'], {
      ...shared,
      PORT: String(port),
    });
    children.push(launched);
    return launched;
  };
  const startApi = (port: number) => {
    const launched = launch(['--import', 'tsx', 'server/main.ts'], {
      ...shared,
      BATON_ROLE: 'api',
      PORT: String(port),
    });
    children.push(launched);
    return launched;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-roles-'));
    const temporalPort = await getFreePort();
    const devserver = launch(
      [DEVSERVER_BIN, 'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless'],
      // The database URL (with its password) goes through the environment, never the command line.
      { [ENV_DATABASE_URL]: db.url }
    );
    children.push(devserver);
    await waitForPort('127.0.0.1', temporalPort, 30_000, () => devserver.child.exitCode === null);
    shared = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_TASK_QUEUE: `roles-${Date.now()}`,
      BATON_DATA_DIR: dataDir,
      BATON_ADMIN_PASSWORD: 'Roles-test-admin-2026!',
    };
    const workerPort = await getFreePort();
    workerUrl = `http://127.0.0.1:${workerPort}`;
    workers.push(startWorker(workerPort), startWorker(0));
    for (let index = 0; index < 2; index++) {
      const port = await getFreePort();
      apiPorts.push(port);
      apis.push(`http://127.0.0.1:${port}`);
      apiChildren.push(startApi(port));
    }
    await Promise.all([
      ...workers.map((launched) => waitForLine(launched, /Baton worker is ready/)),
      ...apiChildren.map((launched) => waitForLine(launched, /Baton is ready/)),
    ]);
    manager = await addUser(pool, 'manager', 'Maria');
    assistant = await addUser(pool, 'assistant', 'Anna');
  }, 400_000);

  afterAll(async () => {
    for (const launched of children.reverse()) {
      launched.child.kill('SIGINT');
      await Promise.race([launched.exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (launched.child.exitCode === null) launched.child.kill('SIGKILL');
    }
    await pool?.end();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const call = async (
    base: string,
    user: TestUser,
    method: string,
    pathName: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const response = await fetch(`${base}${pathName}`, {
      method,
      headers: {
        authorization: `Bearer ${user.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  it('says which role each process runs and what it is ready for', async () => {
    const onWorker = (await (await fetch(`${workerUrl}/api/ready`)).json()) as Record<string, unknown>;
    expect(onWorker).toEqual({
      ready: true,
      role: 'worker',
      checks: { postgres: { ok: true }, temporal: { ok: true }, worker: { ok: true } },
    });
    const notHere = await fetch(`${workerUrl}/api/templates`);
    expect(notHere.status).toBe(404);
    expect(((await notHere.json()) as { detail: string }).detail).toContain('worker role');
    for (const base of apis) {
      expect(await (await fetch(`${base}/api/ready`)).json()).toEqual({
        ready: true,
        role: 'api',
        checks: { postgres: { ok: true }, temporal: { ok: true } },
      });
    }
    // The first admin and the built-in templates were made once, whichever process came first.
    const admins = await pool.query("SELECT count(*)::int AS n FROM users WHERE email = 'admin@baton.local'");
    expect(admins.rows[0]).toEqual({ n: 1 });
    const seeds = await pool.query(
      'SELECT count(*)::int AS n, count(DISTINCT library_id)::int AS d FROM template_library_seeds'
    );
    expect(seeds.rows[0]!.n).toBe(seeds.rows[0]!.d);
  });

  /** The assistant's live-event stream on one API instance, as the web app reads it; collects what arrives. */
  const listen = (base: string) => {
    const controller = new AbortController();
    const received = { text: '' };
    const done = fetch(`${base}/api/events`, {
      headers: { authorization: `Bearer ${assistant.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    })
      .then(async (response) => {
        expect(response.status).toBe(200);
        const decoder = new TextDecoder();
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          received.text += decoder.decode(chunk, { stream: true });
      })
      .catch(() => undefined);
    return { received, close: () => (controller.abort(), done) };
  };

  it('runs a process started through one API instance and worked through the other', async () => {
    const [first, second] = apis as [string, string];
    // A browser may be connected to either API instance: both see the worker's events.
    const streams = apis.map(listen);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const created = await call(first, manager, 'POST', '/api/templates', {
      name: 'Two steps',
      draft: twoStepsTemplate,
    });
    expect(created.status).toBe(201);
    expect((await call(first, manager, 'POST', `/api/templates/${created.body.id as string}/publish`)).status).toBe(
      201
    );
    const started = await call(first, manager, 'POST', '/api/processes', {
      templateId: created.body.id,
      params: { assistant: assistant.id },
    });
    expect(started.status).toBe(201);
    const processId = started.body.id as string;
    const step = async (title: string) =>
      eventually(async () => {
        const page = await call(second, assistant, 'GET', `/api/inbox?processId=${processId}`);
        return (page.body.items as { id: string; title: string }[]).find((item) => item.title === title);
      }, `step "${title}" in the inbox of the other API instance`);
    for (const title of ['First', 'Second']) {
      const { id } = await step(title);
      const submitted = await call(second, assistant, 'POST', `/api/steps/${id}/actions`, { type: 'submit' });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    const done = await eventually(async () => {
      const detail = await call(first, manager, 'GET', `/api/processes/${processId}`);
      return detail.body.status === 'completed' ? detail.body : undefined;
    }, 'the process to complete');
    expect(done.status).toBe('completed');
    for (const stream of streams) {
      await eventually(
        async () => (stream.received.text.includes(`"processId":"${processId}"`) ? true : undefined),
        'a live event of the process on each API instance'
      );
      await stream.close();
    }
  });

  it('completes every process, none doubled, when an API and a worker are killed mid-run and started again', async () => {
    const created = await call(apis[0]!, manager, 'POST', '/api/templates', {
      name: 'Two steps again',
      draft: twoStepsTemplate,
    });
    await call(apis[0]!, manager, 'POST', `/api/templates/${created.body.id as string}/publish`);
    const alive = new Set([0, 1]);
    const base = (index: number) => apis[alive.has(index % 2) ? index % 2 : [...alive][0]!]!;
    // A request to an API instance that is being killed fails; it goes again, with the same key, to another one.
    const send = async (index: number, user: TestUser, pathName: string, body: unknown, key: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await call(base(index + attempt), user, 'POST', pathName, body, { 'idempotency-key': key });
          if (answer.status < 500 && answer.status !== 202) return answer;
        } catch {
          // connection refused or reset: that instance is gone
        }
        if (attempt > 60) throw new Error(`POST ${pathName} never succeeded`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const count = 50;
    const processIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const params = { templateId: created.body.id, params: { assistant: assistant.id } };
      const started = await send(index, manager, '/api/processes', params, `start-${index}`);
      expect(started.status).toBe(201);
      processIds.push(started.body.id as string);
    }
    const submitAll = async (title: string) => {
      for (const [index, processId] of processIds.entries()) {
        const step = await eventually(
          async () => {
            try {
              const page = await call(base(index), assistant, 'GET', `/api/inbox?processId=${processId}`);
              const items = page.body.items as { id: string; title: string }[] | undefined;
              return items?.find((item) => item.title === title);
            } catch {
              return undefined;
            }
          },
          `"${title}" of process ${index}`,
          120_000
        );
        const submitted = await send(
          index,
          assistant,
          `/api/steps/${step.id}/actions`,
          { type: 'submit' },
          `${processId}-${title}`
        );
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        if (title === 'First' && index === count / 2) {
          // Mid-run: kill -9 of the first worker and of the second API instance.
          workers[0]!.child.kill('SIGKILL');
          apiChildren[1]!.child.kill('SIGKILL');
          alive.delete(1);
          await Promise.all([workers[0]!.exit, apiChildren[1]!.exit]);
        }
      }
    };
    await submitAll('First');
    // Both come back (the API on its port) while the work goes on.
    const worker = startWorker(0);
    const api = startApi(apiPorts[1]!);
    await Promise.all([waitForLine(worker, /Baton worker is ready/), waitForLine(api, /Baton is ready/)]);
    alive.add(1);
    await submitAll('Second');
    for (const processId of processIds) {
      await eventually(
        async () => {
          const detail = await call(apis[0]!, manager, 'GET', `/api/processes/${processId}`);
          return detail.body.status === 'completed' ? true : undefined;
        },
        `process ${processId} to complete`,
        120_000
      );
    }
    // One report workflow per manager, however many workers started (and restarted) and ensured it.
    const connection = await Connection.connect({ address: shared.TEMPORAL_ADDRESS! });
    try {
      const temporal = new Client({ connection });
      const reports = await eventually(async () => {
        const ids: string[] = [];
        for await (const run of temporal.workflow.list({
          query: "WorkflowType = 'reportWorkflow' AND ExecutionStatus = 'Running'",
        }))
          ids.push(run.workflowId);
        return ids.includes(`report-${manager.id}`) ? ids : undefined;
      }, "the manager's report workflow");
      expect(reports.filter((id) => id === `report-${manager.id}`)).toHaveLength(1);
      expect(reports.filter((id) => id === `report-${assistant.id}`)).toHaveLength(0);
    } finally {
      await connection.close();
    }
    // Each step was created once and submitted once.
    const { rows } = await pool.query<{ node_id: string; tasks: number; submits: number }>(
      `SELECT t.node_id, count(DISTINCT t.id)::int AS tasks,
              (SELECT count(*)::int FROM process_audit a
                WHERE a.workflow_id = ANY($1) AND a.node_id = t.node_id AND a.action = 'submitted') AS submits
         FROM process_tasks t WHERE t.workflow_id = ANY($1) GROUP BY t.node_id ORDER BY t.node_id`,
      [processIds]
    );
    expect(rows).toEqual([
      { node_id: 'first', tasks: count, submits: count },
      { node_id: 'second', tasks: count, submits: count },
    ]);
  }, 900_000);
});
