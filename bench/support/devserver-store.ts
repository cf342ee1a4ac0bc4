// The devserver store benchmark: start-up time and memory of a devserver whose PostgreSQL store holds a year or more
// of an office's work (1,000,000 history events of closed workflows and 2,000 open ones), against an empty store.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { startDevServer } from '../../devserver/dev-server';
import { PostgresStorage } from '../../devserver/storage/postgres.storage';
import * as activities from '../../devserver/test-support/conformance.activities';
import type * as workflows from '../../devserver/test-support/conformance.workflows';
import { copyStoredRun } from '../../devserver/test-support/copy-runs';
import { quietRuntime, workflowBundle } from '../../devserver/test-support/harness';

const startScript = fileURLToPath(new URL('./devserver-start.ts', import.meta.url));

interface StartFigures {
  startupMs: number;
  loadMs: number;
  rss: number;
  heapUsed: number;
  closedHistoriesInMemory: number;
}

/** Starts the devserver on `url` in a fresh process (best of `tries`), as a restart of a long-running one would. */
function measureStart(url: string, tries = 3): StartFigures {
  const runs: StartFigures[] = [];
  for (let attempt = 0; attempt < tries; attempt++) {
    // BENCH_CPU_PROF=<dir> writes a CPU profile of each start there (to see what a start spends its time on).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawnSync(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', startScript], {
      env: { ...process.env, BENCH_DB_URL: url },
      encoding: 'utf8',
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      throw new Error(`the devserver did not start (exit ${child.status}):\n${child.stderr}`);
    }
    runs.push(JSON.parse(line) as StartFigures);
  }
  return {
    startupMs: Math.min(...runs.map((run) => run.startupMs)),
    loadMs: Math.min(...runs.map((run) => run.loadMs)),
    rss: Math.min(...runs.map((run) => run.rss)),
    heapUsed: Math.min(...runs.map((run) => run.heapUsed)),
    closedHistoriesInMemory: Math.max(...runs.map((run) => run.closedHistoriesInMemory)),
  };
}

/**
 * One real closed run (30 activities) and one real open run (a collector waiting for signals), made by the devserver
 * and a worker, to be copied in SQL under new workflow ids.
 */
async function makeTemplates(url: string, logger: Logger): Promise<void> {
  quietRuntime();
  const server = await startDevServer({ storage: new PostgresStorage(url, logger), logger });
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  const taskQueue = `store-${randomUUID()}`;
  try {
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), activities });
    await worker.runUntil(async () => {
      await client.workflow.execute<typeof workflows.manyActivities>('manyActivities', {
        taskQueue,
        workflowId: 'store-closed',
        args: [30],
      });
      const waiting = await client.workflow.start<typeof workflows.collector>('collector', {
        taskQueue,
        workflowId: 'store-open',
      });
      await waiting.signal('addItem', 'one');
      await waiting.signal('addItem', 'two');
      await waiting.query('items');
    });
  } finally {
    await clientConnection.close();
    await connection.close();
    await server.stop();
  }
}

/** Copies a stored run `copies` times, then refreshes the planner's statistics as a long-lived store would have. */
async function copyRun(db: pg.Client, workflowId: string, copies: number): Promise<void> {
  await copyStoredRun(db, workflowId, copies);
  await db.query('VACUUM ANALYZE baton_devserver.executions');
  await db.query('VACUUM ANALYZE baton_devserver.history_events');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function storeBenchmark(
  url: string,
  logger: Logger,
  out: (line: string) => void,
  options: { events: number; open: number }
): Promise<void> {
  // The first start creates the schema; the empty store is measured after it.
  measureStart(url, 1);
  const empty = measureStart(url);
  const began = performance.now();
  await makeTemplates(url, logger);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  let closedRuns: number;
  let openOnly: StartFigures;
  try {
    await copyRun(db, 'store-open', options.open - 1);
    openOnly = measureStart(url);
    const perRun = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM baton_devserver.history_events WHERE workflow_id = 'store-closed'"
    );
    closedRuns = Math.ceil(options.events / perRun.rows[0]!.n);
    await copyRun(db, 'store-closed', closedRuns - 1);
  } finally {
    await db.end();
  }
  const fillSeconds = (performance.now() - began) / 1000;
  const filled = measureStart(url);
  const line = (name: string, figures: StartFigures) =>
    `  ${name.padEnd(28)}start-up ${figures.startupMs.toFixed(0).padStart(5)} ms (store read ${figures.loadMs.toFixed(0)} ms), RSS ${mb(figures.rss)}, heap ${mb(figures.heapUsed)}`;
  out(
    `devserver store: ${options.events.toLocaleString('en')} history events in ${closedRuns.toLocaleString('en')} ` +
      `closed workflows and ${options.open.toLocaleString('en')} open ones, on PostgreSQL (made in ${fillSeconds.toFixed(1)} s)`
  );
  out(line('empty store', empty));
  out(line(`${options.open} open runs only`, openOnly));
  out(`${line('open runs + closed history', filled)} (closed histories in memory: ${filled.closedHistoriesInMemory})`);
  out(
    `  with the closed history / open only: start-up ${(filled.startupMs / openOnly.startupMs).toFixed(2)}x, ` +
      `RSS ${(filled.rss / openOnly.rss).toFixed(2)}x`
  );
  out(
    `  with the closed history / empty:     start-up ${(filled.startupMs / empty.startupMs).toFixed(2)}x, ` +
      `RSS ${(filled.rss / empty.rss).toFixed(2)}x (goal: within 1.5x of empty)`
  );
}
