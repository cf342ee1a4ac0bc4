// `npm run bench api [-- --tasks 10000 --assistants 50 --seconds 10 --levels 1,10,50 --steps 30 --inbox-only --phases]`: the HTTP API on loopback with embedded
// PostgreSQL, the Temporal devserver and the real worker.
//  1. Inbox listing: `--tasks` task rows spread over `--assistants` people; autocannon requests one assistant's
//     first inbox page (ordered by quadrant and due date) for `--seconds`: requests/s and p50/p99 latency.
//  2. Step-completion round trip at each of `--levels` (default 1,10,50) assistants submitting at the same instant: the
//     time from the submit request of step 1 until step 2 shows in that person's inbox, p50/p99, completions/s and
//     WAL fsyncs per step (pg_stat_wal.wal_sync over the whole cluster, the devserver's writes included). Before each
//     level its processes are started at once: the time from each start request until its first step is in the inbox.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { api } from '../devserver/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../api/app';
import { quietRuntime } from '../devserver/test-support/harness';
import { randomSecret, sha256 } from '../api/lib/crypto';
import { makeTraversable, startEmbeddedPostgres } from '../server/postgres/embedded-postgres';
import { getFreePort } from '../server/free-port';
import { workerConnectionOptions } from '../server/temporal/connection-options';
import { migrate } from '../server/postgres/migrate';
import { DEVSERVER_BIN } from '../server/start';
import { createActivities } from '../worker/activities';
import { bundleWorkflows } from '../worker/workflow-bundle';
import { twoStepsTemplate } from '../test/support/two-steps-template';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const TASKS = flag('tasks', 10_000);
const ASSISTANTS = flag('assistants', 50);
const SECONDS = flag('seconds', 10);
/** Steps measured per level: enough rounds of `level` submits at once to reach it (`--steps 30`). */
const STEPS = flag('steps', 30);
const levelsIndex = args.indexOf('--levels');
/** How many assistants submit at the same instant, one measurement each (`--levels 1,10,50`). */
const LEVELS = (levelsIndex >= 0 ? (args[levelsIndex + 1] ?? '') : '1,10,50').split(',').map(Number);
const logger = pino({ level: 'warn' });
const out = (line: string) => process.stdout.write(`${line}\n`);
const silent = () => undefined;
const quietBundler = { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent };

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the devserver did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function addUser(pool: pg.Pool, role: string, name: string): Promise<{ id: string; token: string }> {
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, 'x') RETURNING id",
    [`${name}-${randomSecret(4)}@bench.local`.toLowerCase(), name, role]
  );
  const token = `baton_${randomSecret()}`;
  await pool.query("INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, 'bench', $2)", [
    rows[0]!.id,
    sha256(token),
  ]);
  return { id: rows[0]!.id, token };
}

async function main() {
  quietRuntime();
  const directory = await mkdtemp(path.join(os.tmpdir(), 'baton-bench-api-'));
  await makeTraversable(directory);
  const postgres = await startEmbeddedPostgres({ directory, logger });
  const cleanups: (() => Promise<unknown>)[] = [
    () => rm(directory, { recursive: true, force: true }),
    () => postgres.stop(),
  ];
  try {
    await postgres.ensureDatabase('api_bench');
    const url = postgres.databaseUrl('api_bench');
    await migrate(url);
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    // Stopping PostgreSQL at the end ends idle connections; that is expected then.
    pool.on('error', () => undefined);
    cleanups.push(() => pool.end());

    // The devserver runs in its own process on the same PostgreSQL, as `npm start` runs it.
    const port = await getFreePort();
    const devserver = spawn(
      process.execPath,
      [
        DEVSERVER_BIN,
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--db-filename',
        url,
        '--headless',
      ],
      { stdio: 'ignore' }
    );
    cleanups.push(async () => {
      devserver.kill('SIGTERM');
      await new Promise((resolve) => devserver.once('exit', resolve));
    });
    await waitForPort(port, 60_000);
    // Bundled as the worker bundles it (its pure modules shared by all cached workflows), so this measures that bundle.
    const workflowBundle = await bundleWorkflows({ logger: quietBundler });
    const nativeConnection = await NativeConnection.connect(workerConnectionOptions({ address: `127.0.0.1:${port}` }));
    cleanups.push(() => nativeConnection.close());
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const taskQueue = `bench-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      workflowBundle,
      activities: createActivities({ pool, logger }),
      maxConcurrentWorkflowTaskExecutions: 50,
      maxConcurrentActivityTaskExecutions: 50,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const app = createApp({
      logger,
      pool,
      temporal: { client, taskQueue },
      checks: {
        postgres: () => Promise.resolve({ ok: true, detail: 'bench' }),
        temporal: () => Promise.resolve({ ok: true, detail: 'bench' }),
      },
    });
    const server = await new Promise<ServerType>((resolve) => {
      const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const manager = await addUser(pool, 'manager', 'manager');
    const assistants: { id: string; token: string }[] = [];
    for (let i = 0; i < ASSISTANTS; i++) assistants.push(await addUser(pool, 'assistant', `assistant${i}`));

    // 1. Inbox listing over TASKS rows.
    await pool.query(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, status, due_at, priority)
       SELECT 'process-bench-' || (i / 10), 'n' || (i % 10), 1, 'Task ' || i, ($1::text[])[1 + i % $2],
              (ARRAY['open', 'inProgress', 'inReview', 'done'])[1 + i % 4],
              now() + (i % 97 - 30) * interval '1 hour',
              jsonb_build_object('urgent', i % 3 = 0, 'important', i % 2 = 0)
         FROM generate_series(1, $3) AS i`,
      [assistants.map((a) => a.id), ASSISTANTS, TASKS]
    );
    await pool.query('ANALYZE process_tasks');
    const target = assistants[0]!;
    const perPerson = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM process_tasks WHERE assignee = $1 AND status IN ('open', 'inProgress')",
      [target.id]
    );
    const listing = await autocannon({
      url: `${base}/api/inbox?limit=50`,
      headers: { authorization: `Bearer ${target.token}` },
      connections: 10,
      duration: SECONDS,
    });
    out(
      `inbox listing: ${TASKS} tasks in the database, ${perPerson.rows[0]?.n} active for the caller, first page of 50`
    );
    out(`  requests/s   ${listing.requests.average.toFixed(0)}  (${listing.non2xx} non-2xx, ${listing.errors} errors)`);
    out(`  latency p50  ${listing.latency.p50} ms`);
    out(`  latency p99  ${listing.latency.p99} ms`);

    if (args.includes('--inbox-only')) return;

    // 2. Step-completion round trip at each concurrency level: enough rounds that every level has about 30 samples.
    const call = async (token: string, method: string, pathName: string, body?: unknown) => {
      const response = await fetch(`${base}${pathName}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${pathName} -> ${response.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const template = await call(manager.token, 'POST', '/api/templates', {
      name: 'Two steps',
      draft: twoStepsTemplate,
    });
    await call(manager.token, 'POST', `/api/templates/${template.id as string}/publish`);
    /**
     * Reads the inbox until the step is there, every `everyMs`: 10 ms after a submit (whose answer comes after the rows
     * are written, so the first read finds it), 25 ms in a start burst, where 50 readers polling every 10 ms would take
     * more of the machine than the starts themselves.
     */
    const waitFor = async (token: string, processId: string, title: string, everyMs = 10) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const page = await call(token, 'GET', `/api/inbox?processId=${processId}`);
        const found = (page.items as { id: string; title: string }[]).find((item) => item.title === title);
        if (found) return found.id;
        if (Date.now() > deadline) throw new Error(`step "${title}" of ${processId} did not reach the inbox in 60 s`);
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    };
    // WAL fsyncs of the whole cluster (API, worker and devserver share it). Backends publish their statistics at most
    // once a second while busy and after 10 s idle, so the counter is read after a quiet pause.
    const walSyncs = async () => {
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      const { rows } = await pool.query<{ wal_sync: string }>('SELECT wal_sync::text FROM pg_stat_wal');
      return Number(rows[0]?.wal_sync);
    };
    const idleBefore = await walSyncs();
    const idleAfter = await walSyncs();
    out(`step-completion round trip: submit step 1 -> step 2 in the assistant's inbox`);
    out(
      `  load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} (1, 5, 15 min) before the first level`
    );
    out(`  idle cluster: ${((idleAfter - idleBefore) / 11).toFixed(1)} fsyncs/s`);
    for (const level of LEVELS) {
      const rounds = Math.ceil(STEPS / level);
      // The processes are started at once too: a manager's batch, the duties of a morning.
      const starts: number[] = [];
      const processes = await Promise.all(
        Array.from({ length: level * rounds }, async (_, index) => {
          const assistant = assistants[index % level]!;
          const began = performance.now();
          const process = await call(manager.token, 'POST', '/api/processes', {
            templateId: template.id,
            params: { assistant: assistant.id },
          });
          const first = await waitFor(assistant.token, process.id as string, 'First', 25);
          starts.push(performance.now() - began);
          return { assistant, id: process.id as string, first };
        })
      );
      starts.sort((a, b) => a - b);
      out(
        `  ${String(starts.length).padStart(2)} processes started at once: start -> first step in the inbox ` +
          `p50 ${percentile(starts, 50).toFixed(0)} ms, p99 ${percentile(starts, 99).toFixed(0)} ms`
      );
      const syncsBefore = await walSyncs();
      const latencies: number[] = [];
      /** Wall-clock times of each submit (sent, answered, step 2 seen), for `--phases`. */
      const steps: { id: string; sent: number; answered: number; seen: number }[] = [];
      let busy = 0;
      for (let round = 0; round < rounds; round++) {
        const began = performance.now();
        latencies.push(
          ...(await Promise.all(
            processes.slice(round * level, (round + 1) * level).map(async ({ assistant, id, first }) => {
              const sent = performance.now();
              const sentAt = Date.now();
              await call(assistant.token, 'POST', `/api/steps/${first}/actions`, { type: 'submit' });
              const answered = Date.now();
              await waitFor(assistant.token, id, 'Second');
              steps.push({ id, sent: sentAt, answered, seen: Date.now() });
              return performance.now() - sent;
            })
          ))
        );
        busy += performance.now() - began;
      }
      const syncs = (await walSyncs()) - syncsBefore;
      latencies.sort((a, b) => a - b);
      out(
        `  ${String(level).padStart(2)} at once (${latencies.length} steps): ` +
          `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ` +
          `${((latencies.length / busy) * 1000).toFixed(1)} completions/s, ` +
          `${(syncs / latencies.length).toFixed(1)} fsyncs per step, load ${os.loadavg()[0]!.toFixed(2)}`
      );
      if (args.includes('--phases')) await printPhases(client, steps);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

const EventType = api.enums.v1.EventType;

/**
 * `--phases`: where a step's round trip goes, from the devserver's event times (ms) around the submit's update: the
 * request until the update's workflow task is scheduled (HTTP, auth, step load, the update RPC), that task on the
 * worker, the transition's activity (its one transaction), the workflow task that answers the update, the answer
 * (commit, update poll, next-step query, HTTP), and the inbox read that shows step 2. Medians over the level's steps.
 */
async function printPhases(client: Client, steps: { id: string; sent: number; answered: number; seen: number }[]) {
  const phases = new Map<string, number[]>();
  const add = (name: string, ms: number) => phases.set(name, [...(phases.get(name) ?? []), ms]);
  for (const step of steps) {
    const events = (await client.workflow.getHandle(step.id).fetchHistory()).events ?? [];
    const at = (type: number, from: number) => {
      const index = events.findIndex((event, i) => i >= from && event.eventType === type);
      const time = events[index]?.eventTime;
      return { index, ms: time ? Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : Number.NaN };
    };
    const accepted = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 0);
    const scheduled = at(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, accepted.index - 3);
    const started = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, scheduled.index);
    const completed = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, scheduled.index);
    const activityStarted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, accepted.index);
    const activityCompleted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, accepted.index);
    const answerStarted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, activityCompleted.index);
    const updateCompleted = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, accepted.index);
    add('request until the update is on the workflow task queue', scheduled.ms - step.sent);
    add("the update's workflow task, queued until a poller has it", started.ms - scheduled.ms);
    add("the update's workflow task on the worker", completed.ms - started.ms);
    add('update accepted until its activity starts', activityStarted.ms - completed.ms);
    add("the transition's activity (one transaction)", activityCompleted.ms - activityStarted.ms);
    add('activity completed until the answering task starts', answerStarted.ms - activityCompleted.ms);
    add('the workflow task that answers the update', updateCompleted.ms - answerStarted.ms);
    add('update completed until the answer arrives', step.answered - updateCompleted.ms);
    add('inbox read that shows step 2', step.seen - step.answered);
  }
  for (const [name, values] of phases) {
    values.sort((a, b) => a - b);
    out(`      ${name.padEnd(56)} median ${percentile(values, 50)} ms`);
  }
}

if (LEVELS.some((level) => !Number.isInteger(level) || level < 1 || level > ASSISTANTS)) {
  process.stderr.write(`--levels must be whole numbers from 1 to --assistants (${ASSISTANTS})\n`);
  process.exit(2);
}
// A failed setup call or measurement ends the benchmark with its error and a non-zero exit, never a partial table.
await main().catch((error: unknown) => {
  process.stderr.write(
    `bench/api.ts failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
  );
  process.exitCode = 1;
});
