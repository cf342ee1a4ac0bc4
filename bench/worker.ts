// `npm run bench worker [-- --workflows N]`: what a sleeping process costs the worker. N sleeping workflows (default 200)
// are started on the in-memory devserver, in a fresh child process per case: the same one-timer workflow in a
// trivial bundle (baseline) and in Baton's bundle, all cached, then Baton's bundle with a cache of N/4. Prints the
// bundle's size and modules (and how many of them the SDK evaluates per workflow) and the RSS and heap growth per
// sleeping workflow, with the load average, and the median round trip of a query to the oldest sleepers (with the
// small cache, evicted: the wake of an evicted process).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { bundleModules, forbiddenWorkflowModules, modulesEvaluatedPerWorkflow } from '../worker/bundle-contents';
import { WORKFLOW_BUNDLER_OPTIONS } from '../worker/workflow-bundle';
import { quietRuntime } from '../devserver/test-support/harness';
import { createLocalTestEnvironment } from '../test/support/temporal';

const args = process.argv.slice(2);
const countAt = args.indexOf('--workflows');
const count = countAt >= 0 ? Number(args[countAt + 1]) : 200;
const out = (line: string) => process.stdout.write(`${line}\n`);
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const KiB = 1024;
const bundles = {
  trivial: fileURLToPath(new URL('./support/sleeper.workflows.ts', import.meta.url)),
  baton: fileURLToPath(new URL('./support/baton-sleeper.workflows.ts', import.meta.url)),
};
type Case = keyof typeof bundles;

interface Measured {
  bundleKiB: number;
  modules: number;
  /** Modules the SDK evaluates again for each cached workflow; the others are shared. */
  perWorkflowModules: number;
  zodModules: number;
  rssKiBPerWorkflow: number;
  heapKiBPerWorkflow: number;
  cached: number;
  /** Median round trip of a query to one of the oldest sleepers: a wake from history when it was evicted. */
  wakeMs: number;
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let round = 0; round < 3; round++) gc();
}

/** One case, in this (child) process: RSS before and after `count` workflows went to sleep in the worker. */
async function measureCase(which: Case, cache: number): Promise<Measured> {
  quietRuntime();
  // Baton's bundle as the worker makes it (its pure modules shared by all workflows); the trivial one has none.
  const options = which === 'baton' ? WORKFLOW_BUNDLER_OPTIONS : { ignoreModules: [] };
  const { code } = await bundleWorkflowCode({ workflowsPath: bundles[which], ...options, logger: silent });
  const modules = bundleModules(code);
  const env = await createLocalTestEnvironment();
  const taskQueue = `memory-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { code },
    maxCachedWorkflows: cache,
  });
  try {
    return await worker.runUntil(async () => {
      const start = () =>
        env.client.workflow.start('sleeperWorkflow', { taskQueue, workflowId: `sleeper-${randomUUID()}` });
      const asleep = async (handles: { describe(): Promise<{ historyLength: number }> }[]) => {
        // Started, task scheduled, started, completed, timer started: the workflow is asleep on its timer.
        for (const handle of handles) while ((await handle.describe()).historyLength < 5) await sleepMs(20);
      };
      await asleep([await start()]);
      settle();
      const before = process.memoryUsage();
      const handles = [];
      for (let index = 0; index < count; index++) handles.push(await start());
      await asleep(handles);
      await sleepMs(500);
      settle();
      const after = process.memoryUsage();
      // The oldest sleepers are the first the cache evicted: a query wakes each from its history (replay) to answer.
      const wakes: number[] = [];
      for (const handle of handles.slice(0, 20)) {
        const began = performance.now();
        await handle.query('__temporal_workflow_metadata');
        wakes.push(performance.now() - began);
      }
      wakes.sort((a, b) => a - b);
      return {
        bundleKiB: Math.round(code.length / KiB),
        modules: modules.length,
        perWorkflowModules: modulesEvaluatedPerWorkflow(code).length,
        zodModules: forbiddenWorkflowModules(modules).length,
        rssKiBPerWorkflow: (after.rss - before.rss) / KiB / count,
        heapKiBPerWorkflow: (after.heapUsed - before.heapUsed) / KiB / count,
        cached: worker.getStatus().numCachedWorkflows,
        wakeMs: wakes[Math.floor(wakes.length / 2)] ?? 0,
      };
    });
  } finally {
    await env.teardown();
  }
}

const childAt = args.indexOf('--child');
if (childAt >= 0) {
  const which = args[childAt + 1] as Case;
  const cache = Number(args[childAt + 2]);
  out(JSON.stringify(await measureCase(which, cache)));
  process.exit(0);
}

function runChild(which: Case, cache: number): Measured {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', self, '--workflows', String(count), '--child', which, String(cache)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`the ${which} case failed:\n${result.stdout}`);
  return JSON.parse(line) as Measured;
}

out(
  `${count} sleeping workflows per case; load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`
);
const cases: [string, Case, number][] = [
  ['trivial bundle (baseline), all cached', 'trivial', count + 10],
  ["Baton's bundle, all cached", 'baton', count + 10],
  [`Baton's bundle, cache of ${Math.max(2, Math.floor(count / 4))}`, 'baton', Math.max(2, Math.floor(count / 4))],
];
out(
  `${'case'.padEnd(40)} ${'bundle KiB'.padStart(10)} ${'modules'.padStart(8)} ${'per wf'.padStart(7)} ${'zod'.padStart(4)} ${'cached'.padStart(7)} ${'RSS KiB/wf'.padStart(11)} ${'heap KiB/wf'.padStart(12)} ${'wake ms'.padStart(8)}`
);
let baseline: Measured | undefined;
for (const [label, which, cache] of cases) {
  const measured = runChild(which, cache);
  baseline ??= measured;
  out(
    `${label.padEnd(40)} ${String(measured.bundleKiB).padStart(10)} ${String(measured.modules).padStart(8)} ${String(measured.perWorkflowModules).padStart(7)} ${String(measured.zodModules).padStart(4)} ${String(measured.cached).padStart(7)} ${measured.rssKiBPerWorkflow.toFixed(0).padStart(11)} ${measured.heapKiBPerWorkflow.toFixed(0).padStart(12)} ${measured.wakeMs.toFixed(1).padStart(8)}  (${(measured.rssKiBPerWorkflow / baseline.rssKiBPerWorkflow).toFixed(1)}x RSS of the baseline)`
  );
}
out(
  `load average after: ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`
);
