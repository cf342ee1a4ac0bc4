// Interpreter cost per step: a 200-node template (a chain of tasks) run to completion by a script, in the pure engine.
// Then the Temporal half: the same template as a process workflow on a real worker against the devserver (activities on
// an embedded PostgreSQL): the round trip of each step's submit update (workflow task plus the step's activities), and
// worker memory per cached sleeping instance with 2,000 processes waiting on deadlines.
// Run: npx tsx bench/interpreter.ts [nodeCount] [sleepingInstances]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { makeTraversable, startEmbeddedPostgres } from '../server/postgres/embedded-postgres';
import { migrate } from '../server/postgres/migrate';
import { createLocalTestEnvironment } from '../test/support/temporal';
import { createActivities } from '../worker/activities';
import { bundleWorkflows } from '../worker/workflow-bundle';
import { processStateQuery, submitUpdate } from '../workflows/process.messages';
import { calendarContext } from '../workflows/calendar/calendar.fixtures';
import { apply, startProcess } from '../workflows/interpreter';
import { parseTemplate } from '../workflows/template';

const nodeCount = Math.max(3, Number(process.argv[2] ?? 200));
const ctx = { calendar: calendarContext({ country: 'PL' }) };
const position = { x: 0, y: 0 };
const taskIds = Array.from({ length: nodeCount - 2 }, (_, index) => `t${index}`);
const template = parseTemplate({
  schemaVersion: 1,
  id: 'bench',
  name: 'Bench',
  calendarId: 'pl',
  escalation: [{ at: { relation: 'at' }, action: { kind: 'escalateToDelegator' } }],
  nodes: [
    { id: 'start', type: 'start', position, data: {} },
    ...taskIds.map((id) => ({
      id,
      type: 'task' as const,
      position,
      data: { title: id, assignee: { kind: 'person' as const, personId: 'anna' }, due: 'start + 3bd @17:00' },
    })),
    { id: 'end', type: 'end', position, data: {} },
  ],
  edges: ['start', ...taskIds, 'end'].slice(1).map((target, index, targets) => ({
    id: `e${index}`,
    source: index === 0 ? 'start' : (targets[index - 1] ?? 'start'),
    target,
  })),
});

const at = '2026-11-09T08:00:00.000Z';
const started = performance.now();
let { state } = startProcess('bench', template, {}, 'boss', at, ctx);
const perStep: number[] = [];
for (const nodeId of taskIds) {
  const stepStarted = performance.now();
  state = apply(state, { type: 'submit', nodeId, actor: 'anna', at }, ctx).state;
  perStep.push(performance.now() - stepStarted);
}
const total = performance.now() - started;
perStep.sort((a, b) => a - b);
const pick = (q: number) => (perStep[Math.floor(q * (perStep.length - 1))] ?? 0).toFixed(3);
process.stdout.write(
  `interpreter: ${nodeCount} nodes to ${state.status} in ${total.toFixed(1)} ms; per step median ${pick(0.5)} ms, ` +
    `p95 ${pick(0.95)} ms, max ${pick(1)} ms; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB\n`
);
if (state.status !== 'completed') process.exit(1);

await temporalHalf(Number(process.argv[3] ?? 2000));

async function temporalHalf(instances: number): Promise<void> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'baton-bench-interpreter-'));
  await makeTraversable(directory);
  const logger = pino({ level: 'warn' });
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const postgres = await startEmbeddedPostgres({ directory, logger });
  const cleanups: (() => Promise<unknown>)[] = [
    () => rm(directory, { recursive: true, force: true }),
    () => postgres.stop(),
  ];
  try {
    await postgres.ensureDatabase('interpreter_bench');
    const url = postgres.databaseUrl('interpreter_bench');
    await migrate(url);
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    pool.on('error', () => undefined);
    cleanups.unshift(() => pool.end());
    const env = await createLocalTestEnvironment();
    cleanups.unshift(() => env.teardown());
    const workflowBundle = await bundleWorkflows({ logger: new DefaultLogger('WARN') });
    const taskQueue = 'interpreter-bench';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: createActivities({ pool, logger }),
      maxCachedWorkflows: instances + 100,
    });
    const running = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await running;
    });
    const calendar = { id: 'pl', name: 'Warsaw', country: 'PL', timeZone: 'Europe/Warsaw' };

    // 1. Each step's submit update, answered once the step is applied and the next step's task row exists.
    const chain = await env.client.workflow.start('processWorkflow', {
      taskQueue,
      workflowId: `bench-chain-${Date.now()}`,
      args: [{ template, params: {}, starter: 'boss', calendar }],
    });
    await waitFor(async () => (await chain.query(processStateQuery).catch(() => undefined))?.steps.t0);
    const roundTrips: number[] = [];
    for (const nodeId of taskIds) {
      const begun = performance.now();
      await chain.executeUpdate(submitUpdate, { args: [{ nodeId, actor: 'anna', values: {} }] });
      roundTrips.push(performance.now() - begun);
    }
    const result = await chain.result();
    roundTrips.sort((a, b) => a - b);
    const q = (p: number) => (roundTrips[Math.floor(p * (roundTrips.length - 1))] ?? 0).toFixed(1);
    process.stdout.write(
      `process workflow on a worker: ${taskIds.length} steps to ${result.status}; submit round trip per step ` +
        `(workflow task + task-row and audit activities) median ${q(0.5)} ms, p95 ${q(0.95)} ms\n`
    );

    // 2. Memory per sleeping instance: processes whose only step is due in days, all cached by the worker.
    const sleeper = parseTemplate({
      schemaVersion: 1,
      id: 'sleeper',
      name: 'Sleeper',
      calendarId: 'pl',
      escalation: [{ at: { relation: 'before', amount: 1, unit: 'businessDays' }, action: { kind: 'remindAssignee' } }],
      nodes: [
        { id: 'start', type: 'start', position, data: {} },
        {
          id: 'wait',
          type: 'task',
          position,
          data: { title: 'Wait', assignee: { kind: 'person', personId: 'anna' }, due: 'start + 10bd' },
        },
        { id: 'end', type: 'end', position, data: {} },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'wait' },
        { id: 'b', source: 'wait', target: 'end' },
      ],
    });
    global.gc?.();
    const before = process.memoryUsage();
    const startedAt = performance.now();
    for (let offset = 0; offset < instances; offset += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, instances - offset) }, (_, index) =>
          env.client.workflow.start('processWorkflow', {
            taskQueue,
            workflowId: `bench-sleeper-${offset + index}-${Date.now()}`,
            args: [{ template: sleeper, params: {}, starter: 'boss', calendar }],
          })
        )
      );
    }
    await waitFor(async () => {
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM process_tasks WHERE node_id = 'wait' AND status = 'open'"
      );
      return rows[0]!.n >= instances ? true : undefined;
    }, 600_000);
    global.gc?.();
    const after = process.memoryUsage();
    const perInstance = (bytes: number) => (bytes / instances / 1024).toFixed(1);
    process.stdout.write(
      `${instances} sleeping processes cached by one worker (started and parked in ${((performance.now() - startedAt) / 1000).toFixed(1)} s): ` +
        `per instance ${perInstance(after.heapUsed - before.heapUsed)} KiB of main-thread heap (workflows run in worker threads), ` +
        `${perInstance(after.rss - before.rss)} KiB of process RSS, the real cost (heap ${(after.heapUsed / 1e6).toFixed(0)} MB, RSS ${(after.rss / 1e6).toFixed(0)} MB)\n`
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
