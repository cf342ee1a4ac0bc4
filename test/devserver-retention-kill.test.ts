import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_DATABASE_URL } from '../devserver/cli-args';
import * as activities from '../devserver/test-support/conformance.activities';
import { copyStoredRun } from '../devserver/test-support/copy-runs';
import { addItem, finish } from '../devserver/test-support/conformance.workflows';
import type * as workflows from '../devserver/test-support/conformance.workflows';
import { quietRuntime, workflowBundle } from '../devserver/test-support/harness';
import { getFreePort } from '../server/free-port';
import { waitForPort } from '../server/temporal/embedded-devserver';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { devServerExecutable, kill9 } from './support/temporal';

// kill -9 of the devserver while its retention sweep deletes thousands of closed runs: the sweep is one transaction,
// so every run is either wholly there (record and every event) or wholly gone, and no open run is ever touched.

function startDevserver(port: number, databaseUrl: string): ChildProcess {
  return spawn(
    devServerExecutable,
    [
      'server',
      'start-dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--headless',
      '--retention',
      '1s',
      '--log-level',
      'warn',
    ],
    // The database URL goes through the environment, never the command line.
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, [ENV_DATABASE_URL]: databaseUrl } }
  );
}

describe('devserver retention sweep under kill -9', () => {
  let database: TestDatabase;
  let db: pg.Client;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    quietRuntime();
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    if (child) await kill9(child);
    await db?.end();
    await database?.drop();
  });

  /** Runs whose stored events do not match their record, and events without a run: both must stay empty. */
  const broken = async () => {
    const partial = await db.query<{ workflow_id: string }>(
      `SELECT e.workflow_id FROM baton_devserver.executions e
        WHERE (SELECT count(*) FROM baton_devserver.history_events h
                WHERE h.namespace = e.namespace AND h.workflow_id = e.workflow_id AND h.run_id = e.run_id)
              <> (e.data->>'nextEventId')::int - 1`
    );
    const orphans = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM baton_devserver.history_events h WHERE NOT EXISTS (
         SELECT 1 FROM baton_devserver.executions e
          WHERE e.namespace = h.namespace AND e.workflow_id = h.workflow_id AND e.run_id = h.run_id)`
    );
    return { partial: partial.rows.map((row) => row.workflow_id), orphans: orphans.rows[0]!.n };
  };
  const closedRuns = async () =>
    (
      await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM baton_devserver.executions WHERE data->>'status' <> 'Running'"
      )
    ).rows[0]!.n;

  it('keeps every open run and never half-deletes a closed one', async () => {
    const port = await getFreePort();
    const taskQueue = `sweep-${randomUUID()}`;
    const openIds = Array.from({ length: 5 }, (_, index) => `open-${index}-${randomUUID()}`);
    child = startDevserver(port, database.url);
    await waitForPort('127.0.0.1', port, 30_000, () => child?.exitCode === null);
    const bundle = await workflowBundle();
    const connect = async () => {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
      return { connection, client: new Client({ connection }) };
    };
    let { connection, client } = await connect();
    let nativeConnection = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
    const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, activities });
    await worker.runUntil(async () => {
      await client.workflow.execute<typeof workflows.sleeper>('sleeper', {
        taskQueue,
        workflowId: 'closed-template',
        args: [1],
      });
      for (const workflowId of openIds) {
        const handle = await client.workflow.start<typeof workflows.collector>('collector', { taskQueue, workflowId });
        await handle.signal(addItem, 'before the sweeps');
      }
    });
    await connection.close();
    await nativeConnection.close();
    await kill9(child);
    // Thousands of closed runs (copies of a real one), so each sweep has a long transaction to be killed in.
    const copies = 6_000;
    await copyStoredRun(db, 'closed-template', copies);
    expect(await closedRuns()).toBe(copies + 1);

    // The first sweep runs 5 s after a start: kill -9 around then, a little later each time.
    const kills: { closedBefore: number; closedAfter: number }[] = [];
    // Steps of 30 ms from just before the sweep: it deletes 6,000 runs, so some kills land inside its transaction.
    for (let delay = 5_000; delay <= 6_000; delay += 30) {
      const closedBefore = await closedRuns();
      child = startDevserver(port, database.url);
      await waitForPort('127.0.0.1', port, 30_000, () => child?.exitCode === null);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await kill9(child);
      const closedAfter = await closedRuns();
      kills.push({ closedBefore, closedAfter });
      expect(await broken()).toEqual({ partial: [], orphans: 0 });
      // All or nothing: a sweep either deleted every closed run past retention or none.
      expect([closedBefore, 0]).toContain(closedAfter);
      const open = await db.query<{ workflow_id: string }>(
        "SELECT workflow_id FROM baton_devserver.executions WHERE data->>'status' = 'Running'"
      );
      expect(open.rows.map((row) => row.workflow_id).sort()).toEqual([...openIds].sort());
      if (closedAfter === 0) break;
    }

    // A last start sweeps what is left; the open runs go on and finish with everything they were sent.
    child = startDevserver(port, database.url);
    await waitForPort('127.0.0.1', port, 30_000, () => child?.exitCode === null);
    ({ connection, client } = await connect());
    nativeConnection = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
    const again = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, activities });
    await again.runUntil(async () => {
      for (const workflowId of openIds) {
        const handle = client.workflow.getHandle<typeof workflows.collector>(workflowId);
        await handle.signal(addItem, 'after the sweeps');
        await handle.signal(finish);
        expect(await handle.result()).toEqual(['before the sweeps', 'after the sweeps']);
      }
    });
    const deadline = Date.now() + 30_000;
    while ((await closedRuns()) > openIds.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await broken()).toEqual({ partial: [], orphans: 0 });
    await connection.close();
    await nativeConnection.close();
    process.stdout.write(`retention kill -9: ${JSON.stringify(kills)}\n`);
  }, 240_000);
});
