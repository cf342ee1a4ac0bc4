// `npm run bench devserver [-- N] [--db-url postgres://...] [--days D] [--time-skipping-only] [--store-only]
// [--no-store] [--events E] [--open O] [--in-process]`: N workflows (default 200), each running one
// activity, started at once against the devserver on PostgreSQL, with two workers. The devserver runs in its own
// process, as `npm start` runs it (`--in-process`: in the bench's own process, beside the workers and the client). Prints workflows/s and the
// p50/p99 start-to-close latency, and the raw commit rate of the same database (single-row insert transactions)
// as the ceiling the devserver's throughput is compared with. Then, on the same server: a child-workflow fan-out
// (1 parent, 500 children) and update round trips under 50 concurrent callers; and on the time-skipping test
// server (started as @temporalio/testing starts it): simulated days per wall second with one timer per hour. Last, on a
// database of its own, the store: start-up time and RSS of a devserver whose store holds E history events of closed
// workflows (default 1,000,000) and O open ones (default 2,000), each as a ratio to the same on an empty store
// (`--no-store` leaves this part out).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { startDevServer } from '../devserver/dev-server';
import { getFreePort } from '../server/free-port';
import { DEVSERVER_BIN } from '../server/start';
import { startEmbeddedDevserver } from '../server/temporal/embedded-devserver';
import { PostgresStorage } from '../devserver/storage/postgres.storage';
import * as activities from '../devserver/test-support/conformance.activities';
import { quietRuntime, workflowBundle } from '../devserver/test-support/harness';
import { makeTraversable, startEmbeddedPostgres } from '../server/postgres/embedded-postgres';
import { workerConnectionOptions } from '../server/temporal/connection-options';
import { createTimeSkippingTestEnvironment } from '../test/support/temporal';
import type * as benchWorkflows from './support/devserver.workflows';
import { storeBenchmark } from './support/devserver-store';

const args = process.argv.slice(2);
const urlFlag = args.indexOf('--db-url');
const givenUrl = urlFlag >= 0 ? args[urlFlag + 1] : undefined;
const valueFlags = ['--days', '--events', '--open', '--db-url'];
const count = Number(args.find((arg, index) => /^\d+$/.test(arg) && !valueFlags.includes(args[index - 1]!)) ?? 200);
const flagNumber = (flag: string, fallback: number) => {
  const at = args.indexOf(flag);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const storeOnly = args.includes('--store-only');
const inProcess = args.includes('--in-process');
const noStore = args.includes('--no-store');
const logger = pino({ level: 'warn' });
const out = (line: string) => process.stdout.write(`${line}\n`);
const benchWorkflowsPath = fileURLToPath(new URL('./support/devserver.workflows.ts', import.meta.url));
const silentLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const fanOutChildren = 500;
const updateCallers = 50;
const updatesPerCaller = 20;
const daysFlag = args.indexOf('--days');
const simulatedDays = daysFlag >= 0 ? Number(args[daysFlag + 1]) : 90;
const timeSkippingOnly = args.includes('--time-skipping-only');

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (givenUrl) return await work(givenUrl);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'baton-bench-pg-'));
  await makeTraversable(directory);
  const server = await startEmbeddedPostgres({ directory, logger });
  try {
    await server.ensureDatabase('devserver_bench');
    return await work(server.databaseUrl('devserver_bench'));
  } finally {
    await server.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

/** Single-row insert transactions, one after another, for `ms`: the database's sequential commit ceiling. */
async function rawCommitRate(url: string, ms: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS bench_commits (id serial PRIMARY KEY, note text)');
    let commits = 0;
    const began = performance.now();
    while (performance.now() - began < ms) {
      await client.query('BEGIN');
      await client.query('INSERT INTO bench_commits (note) VALUES ($1)', ['x']);
      await client.query('COMMIT');
      commits++;
    }
    const rate = commits / ((performance.now() - began) / 1000);
    await client.query('DROP TABLE bench_commits');
    return rate;
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(url: string): Promise<void> {
  quietRuntime();
  const server = inProcess
    ? await startDevServer({ storage: new PostgresStorage(url, logger), logger })
    : await startEmbeddedDevserver({
        bin: DEVSERVER_BIN,
        port: await getFreePort(),
        namespace: 'default',
        databaseUrl: url,
        debug: false,
        logger,
      });
  const bundle = await workflowBundle();
  const connections = await Promise.all(
    [0, 1].map(() => NativeConnection.connect(workerConnectionOptions({ address: server.address })))
  );
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  const taskQueue = `bench-${randomUUID()}`;
  const workers = await Promise.all(
    connections.map((connection) => Worker.create({ connection, taskQueue, workflowBundle: bundle, activities }))
  );
  const running = workers.map((worker) => worker.run());
  try {
    const began = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const started = performance.now();
        const handle = await client.workflow.start('manyActivities', {
          taskQueue,
          workflowId: `bench-${index}-${randomUUID()}`,
          args: [1],
        });
        await handle.result();
        return performance.now() - started;
      })
    );
    const seconds = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    const throughput = count / seconds;
    const ceiling = await rawCommitRate(url, 3_000);
    const where = inProcess ? 'in the bench process' : 'in its own process';
    out(`devserver on PostgreSQL (${where}): ${count} workflows (1 activity each), 2 workers`);
    out(`  throughput            ${throughput.toFixed(1)} workflows/s (${seconds.toFixed(2)} s)`);
    out(`  start-to-close p50    ${percentile(latencies, 50).toFixed(0)} ms`);
    out(`  start-to-close p99    ${percentile(latencies, 99).toFixed(0)} ms`);
    out(`  raw PostgreSQL        ${ceiling.toFixed(0)} single-row commits/s (sequential)`);
    out(`  workflows/s per raw commit/s: ${(throughput / ceiling).toFixed(3)}`);
    out(`  load average          ${os.loadavg()[0]?.toFixed(1)} (1 min)`);
    await fanOutAndUpdates(client, connections[0] as NativeConnection);
  } finally {
    for (const worker of workers) worker.shutdown();
    await Promise.all(running);
    await clientConnection.close();
    await Promise.all(connections.map((connection) => connection.close()));
    await server.stop();
  }
}

/** 1 parent starting 500 children at once; then 50 callers each sending updates one after another. */
async function fanOutAndUpdates(client: Client, connection: NativeConnection): Promise<void> {
  const bundle = await bundleWorkflowCode({ workflowsPath: benchWorkflowsPath, logger: silentLogger });
  const taskQueue = `bench-children-${randomUUID()}`;
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle });
  await worker.runUntil(async () => {
    const began = performance.now();
    const sum = await client.workflow.execute<typeof benchWorkflows.fanOutParent>('fanOutParent', {
      taskQueue,
      workflowId: `bench-fan-out-${randomUUID()}`,
      args: [fanOutChildren],
    });
    const seconds = (performance.now() - began) / 1000;
    if (sum !== (fanOutChildren * (fanOutChildren - 1)) / 2) throw new Error(`fan-out returned ${sum}`);
    out(`child workflows: 1 parent, ${fanOutChildren} children started at once, 1 worker`);
    out(`  parent start to result ${seconds.toFixed(2)} s: ${(fanOutChildren / seconds).toFixed(1)} children/s`);

    const handle = await client.workflow.start<typeof benchWorkflows.counter>('counter', {
      taskQueue,
      workflowId: `bench-updates-${randomUUID()}`,
    });
    const latencies: number[] = [];
    const updatesBegan = performance.now();
    await Promise.all(
      Array.from({ length: updateCallers }, async () => {
        for (let call = 0; call < updatesPerCaller; call++) {
          const started = performance.now();
          await handle.executeUpdate<number, [number]>('bump', { args: [1] });
          latencies.push(performance.now() - started);
        }
      })
    );
    const updateSeconds = (performance.now() - updatesBegan) / 1000;
    await handle.signal('stop');
    const total = await handle.result();
    if (total !== updateCallers * updatesPerCaller) throw new Error(`counter ended at ${total}`);
    latencies.sort((a, b) => a - b);
    out(`updates: ${updateCallers} concurrent callers x ${updatesPerCaller} executeUpdate each, one workflow`);
    out(`  round trip p50        ${percentile(latencies, 50).toFixed(0)} ms`);
    out(`  round trip p99        ${percentile(latencies, 99).toFixed(0)} ms`);
    out(`  throughput            ${(latencies.length / updateSeconds).toFixed(1)} updates/s`);
  });
}

/** The time-skipping test server: one workflow sleeping through one timer per simulated hour. */
async function timeSkipping(): Promise<void> {
  const env = await createTimeSkippingTestEnvironment();
  try {
    const bundle = await bundleWorkflowCode({ workflowsPath: benchWorkflowsPath, logger: silentLogger });
    const taskQueue = `bench-skip-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
    const clockBefore = await env.currentTimeMs();
    const began = performance.now();
    await worker.runUntil(
      env.client.workflow.execute<typeof benchWorkflows.hourlyTimers>('hourlyTimers', {
        taskQueue,
        workflowId: `bench-skip-${randomUUID()}`,
        args: [simulatedDays * 24],
      })
    );
    const seconds = (performance.now() - began) / 1000;
    const skippedDays = ((await env.currentTimeMs()) - clockBefore) / 86_400_000;
    out(`time skipping: ${simulatedDays} simulated days, one timer per simulated hour (${simulatedDays * 24} timers)`);
    out(`  wall time             ${seconds.toFixed(2)} s (virtual clock moved ${skippedDays.toFixed(1)} days)`);
    out(`  speed                 ${(simulatedDays / seconds).toFixed(1)} simulated days/s`);
    out(`  load average          ${os.loadavg()[0]?.toFixed(1)} (1 min)`);
  } finally {
    await env.teardown();
  }
}

if (!timeSkippingOnly && !storeOnly) await withDatabase(run);
if (!storeOnly) await timeSkipping();
if (!timeSkippingOnly && !givenUrl && !noStore) {
  // A database of its own: the store part fills it with a year of work.
  await withDatabase((url) =>
    storeBenchmark(url, logger, out, { events: flagNumber('--events', 1_000_000), open: flagNumber('--open', 2_000) })
  );
}
