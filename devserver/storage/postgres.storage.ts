import pg from 'pg';
import type { Logger } from 'pino';
import type { ExecutionRecord, NamespaceRecord } from '../engine/records';
import type { ScheduleRecord } from '../engine/schedule-records';
import type { StandaloneActivityRecord } from '../engine/standalone-activity-records';
import type { CommitBatch, DevServerStorage, RunKey, StoredExecution } from './storage';

/** Forward-only migrations of the devserver's own schema; each runs once, in order. */
const migrations: string[] = [
  `CREATE TABLE baton_devserver.namespaces (
     name text PRIMARY KEY,
     data jsonb NOT NULL
   );
   CREATE TABLE baton_devserver.executions (
     namespace text NOT NULL,
     workflow_id text NOT NULL,
     run_id text NOT NULL,
     data jsonb NOT NULL,
     PRIMARY KEY (namespace, workflow_id, run_id)
   );
   CREATE TABLE baton_devserver.history_events (
     namespace text NOT NULL,
     workflow_id text NOT NULL,
     run_id text NOT NULL,
     event_id integer NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (namespace, workflow_id, run_id, event_id)
   );`,
  `CREATE TABLE baton_devserver.schedules (
     namespace text NOT NULL,
     schedule_id text NOT NULL,
     data jsonb NOT NULL,
     PRIMARY KEY (namespace, schedule_id)
   );`,
  `CREATE TABLE baton_devserver.activity_executions (
     namespace text NOT NULL,
     activity_id text NOT NULL,
     run_id text NOT NULL,
     data jsonb NOT NULL,
     PRIMARY KEY (namespace, activity_id, run_id)
   );`,
];

/**
 * The runs of a batch and their new events, in one statement whatever their number. The records travel as one JSON
 * array (a jsonb[] parameter would be escaped character by character on the way), the events as parallel arrays.
 * Both inserts are data-modifying CTEs: PostgreSQL runs each to completion, in the statement's one transaction.
 */
const executionsStatement = `
  WITH runs AS (
    INSERT INTO baton_devserver.executions (namespace, workflow_id, run_id, data)
    SELECT record->>'namespace', record->>'workflowId', record->>'runId', record
      FROM jsonb_array_elements($1::jsonb) AS record
    ON CONFLICT (namespace, workflow_id, run_id) DO UPDATE SET data = EXCLUDED.data
  ), events AS (
    INSERT INTO baton_devserver.history_events (namespace, workflow_id, run_id, event_id, data)
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::integer[], $6::bytea[])
  )
  SELECT 1`;

function executionsParameters(batch: CommitBatch): unknown[] {
  const events = batch.executions.flatMap(({ record, newEvents }) => newEvents.map((event) => ({ record, event })));
  return [
    JSON.stringify(batch.executions.map((change) => change.record)),
    events.map(({ record }) => record.namespace),
    events.map(({ record }) => record.workflowId),
    events.map(({ record }) => record.runId),
    events.map(({ event }) => event.eventId),
    events.map(({ event }) => Buffer.from(event.data)),
  ];
}

/** Errors that mean "not yet": the server is not listening or still starting, or the database is not created yet. */
const NOT_YET = new Set(['ECONNREFUSED', '57P03', '3D000']);

/**
 * Waits until `url` accepts a connection, for a parent that starts the devserver while its PostgreSQL is still
 * starting (the devserver's own modules load meanwhile). Any other error, or still "not yet" after `timeoutMs`, throws.
 */
export async function waitForDatabase(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      const { code, syscall } = error as { code?: string; syscall?: string };
      // Through a Unix socket, a server not listening yet has no socket file: its connect fails with ENOENT.
      const notYet = code !== undefined && (NOT_YET.has(code) || (code === 'ENOENT' && syscall === 'connect'));
      if (!notYet || Date.now() > deadline) throw error;
      // A refused connection costs next to nothing; a short pause keeps start-up from waiting on the poll.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Durable storage: every commit batch is one PostgreSQL transaction. */
export class PostgresStorage implements DevServerStorage {
  private readonly pool: pg.Pool;

  constructor(
    url: string,
    private readonly logger: Logger
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
    this.pool.on('error', (error) => logger.error({ err: error }, 'idle postgres client failed'));
  }

  async load(): Promise<{
    namespaces: NamespaceRecord[];
    executions: StoredExecution[];
    schedules: ScheduleRecord[];
    standaloneActivities: StandaloneActivityRecord[];
  }> {
    await this.migrate();
    const activities = await this.pool.query<{ data: StandaloneActivityRecord }>(
      'SELECT data FROM baton_devserver.activity_executions'
    );
    const schedules = await this.pool.query<{ data: ScheduleRecord }>('SELECT data FROM baton_devserver.schedules');
    const namespaces = await this.pool.query<{ data: NamespaceRecord }>('SELECT data FROM baton_devserver.namespaces');
    const executions = await this.pool.query<{ data: ExecutionRecord }>('SELECT data FROM baton_devserver.executions');
    // Only open runs' histories: a closed run's is read when someone asks for it, so start-up time and memory follow
    // what is open, not everything ever run.
    const events = await this.pool.query<{ namespace: string; workflow_id: string; run_id: string; data: Buffer }>(
      `SELECT h.namespace, h.workflow_id, h.run_id, h.data
         FROM baton_devserver.executions e
         JOIN baton_devserver.history_events h USING (namespace, workflow_id, run_id)
        WHERE e.data->>'status' = 'Running'
        ORDER BY h.namespace, h.workflow_id, h.run_id, h.event_id`
    );
    const byRun = new Map<string, Uint8Array[]>();
    for (const row of events.rows) {
      const key = `${row.namespace}\u0000${row.workflow_id}\u0000${row.run_id}`;
      const list = byRun.get(key) ?? [];
      list.push(new Uint8Array(row.data));
      byRun.set(key, list);
    }
    return {
      schedules: schedules.rows.map((row) => row.data),
      standaloneActivities: activities.rows.map((row) => row.data),
      namespaces: namespaces.rows.map((row) => row.data),
      executions: executions.rows.map((row) => ({
        record: row.data,
        ...(row.data.status === 'Running' && {
          events: byRun.get(`${row.data.namespace}\u0000${row.data.workflowId}\u0000${row.data.runId}`) ?? [],
        }),
      })),
    };
  }

  async readHistory(run: RunKey): Promise<Uint8Array[]> {
    const { rows } = await this.pool.query<{ data: Buffer }>(
      `SELECT data FROM baton_devserver.history_events
        WHERE namespace = $1 AND workflow_id = $2 AND run_id = $3 ORDER BY event_id`,
      [run.namespace, run.workflowId, run.runId]
    );
    return rows.map((row) => new Uint8Array(row.data));
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serialize concurrent starts on the same database.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('baton_devserver.migrate'))");
      await client.query('CREATE SCHEMA IF NOT EXISTS baton_devserver');
      await client.query('CREATE TABLE IF NOT EXISTS baton_devserver.migrations (version integer PRIMARY KEY)');
      const applied = await client.query<{ version: number }>('SELECT version FROM baton_devserver.migrations');
      const done = new Set(applied.rows.map((row) => row.version));
      for (const [index, sql] of migrations.entries()) {
        if (done.has(index + 1)) continue;
        await client.query(sql);
        await client.query('INSERT INTO baton_devserver.migrations (version) VALUES ($1)', [index + 1]);
        this.logger.info({ version: index + 1 }, 'devserver schema migrated');
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async commit(batch: CommitBatch): Promise<void> {
    // The usual batch (runs and their new events, nothing else) is one statement: PostgreSQL runs a single statement
    // as its own transaction, so it is as atomic as BEGIN ... COMMIT at a quarter of the round trips.
    if (batch.namespaces.length === 0 && !batch.schedules?.length && !batch.standaloneActivities?.length) {
      if (batch.executions.length > 0) await this.pool.query(executionsStatement, executionsParameters(batch));
      return;
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const namespace of batch.namespaces) {
        await client.query(
          `INSERT INTO baton_devserver.namespaces (name, data) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`,
          [namespace.name, JSON.stringify(namespace)]
        );
      }
      for (const change of batch.schedules ?? []) {
        if (change.record) {
          await client.query(
            `INSERT INTO baton_devserver.schedules (namespace, schedule_id, data) VALUES ($1, $2, $3)
             ON CONFLICT (namespace, schedule_id) DO UPDATE SET data = EXCLUDED.data`,
            [change.namespace, change.scheduleId, JSON.stringify(change.record)]
          );
        } else {
          await client.query('DELETE FROM baton_devserver.schedules WHERE namespace = $1 AND schedule_id = $2', [
            change.namespace,
            change.scheduleId,
          ]);
        }
      }
      for (const change of batch.standaloneActivities ?? []) {
        if (change.record) {
          await client.query(
            `INSERT INTO baton_devserver.activity_executions (namespace, activity_id, run_id, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (namespace, activity_id, run_id) DO UPDATE SET data = EXCLUDED.data`,
            [change.namespace, change.activityId, change.runId, JSON.stringify(change.record)]
          );
        } else {
          await client.query(
            'DELETE FROM baton_devserver.activity_executions WHERE namespace = $1 AND activity_id = $2 AND run_id = $3',
            [change.namespace, change.activityId, change.runId]
          );
        }
      }
      if (batch.executions.length > 0) await client.query(executionsStatement, executionsParameters(batch));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async deleteClosed(runs: RunKey[]): Promise<RunKey[]> {
    if (runs.length === 0) return [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Only runs closed in storage too: a run's row says Running until its close is committed.
      const deleted = await client.query<{ namespace: string; workflow_id: string; run_id: string }>(
        `DELETE FROM baton_devserver.executions e
          USING unnest($1::text[], $2::text[], $3::text[]) AS r(namespace, workflow_id, run_id)
          WHERE e.namespace = r.namespace AND e.workflow_id = r.workflow_id AND e.run_id = r.run_id
            AND e.data->>'status' <> 'Running'
          RETURNING e.namespace, e.workflow_id, e.run_id`,
        [runs.map((run) => run.namespace), runs.map((run) => run.workflowId), runs.map((run) => run.runId)]
      );
      if (deleted.rows.length > 0) {
        await client.query(
          `DELETE FROM baton_devserver.history_events h
            USING unnest($1::text[], $2::text[], $3::text[]) AS r(namespace, workflow_id, run_id)
            WHERE h.namespace = r.namespace AND h.workflow_id = r.workflow_id AND h.run_id = r.run_id`,
          [
            deleted.rows.map((row) => row.namespace),
            deleted.rows.map((row) => row.workflow_id),
            deleted.rows.map((row) => row.run_id),
          ]
        );
      }
      await client.query('COMMIT');
      return deleted.rows.map((row) => ({ namespace: row.namespace, workflowId: row.workflow_id, runId: row.run_id }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
