// `npm run bench start [-- --runs N]`: how long `npm start` takes until it prints "Baton is ready", as a person runs
// it after `npm install` (the web app was built at install). Cold: a fresh data folder (PostgreSQL's first initdb and
// migrations, no cached workflow bundle). Warm: the same folder again (the database exists, the bundle is cached).
// Baseline in the same run: Node with tsx loading an empty module, the floor of any `node --import tsx` start.
// Prints the median of N runs each (default 3) with the load average; the issue 20 goals are < 8 s cold, < 2.5 s warm.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnBaton } from '../designer/e2e/baton-server';
import { getFreePort } from '../server/free-port';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const out = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Milestones of a start, found in its log: what each phase of the start-up waited for. */
const MILESTONES: [label: string, pattern: RegExp][] = [
  ['PostgreSQL running', /^postgres: embedded PostgreSQL/],
  ['devserver running', /^temporal: embedded devserver on/],
  ['migrations checked', /^migrations: /],
  ['worker starting (bundle, worker, self-check next)', /^worker: loading the workflow code/],
  ['worker polling, self-check passed', /^worker: polling task queue/],
  ['API listening', /^api: listening/],
  ['ready', /^Baton is ready/],
];

interface Start {
  readyMs: number;
  /** Each milestone's time since the spawn, in the order of MILESTONES (undefined when not logged). */
  milestones: (number | undefined)[];
}

/** Starts Baton on `dataDir`, waits for "Baton is ready", stops it (SIGTERM, then waits for its exit). */
async function startOnce(dataDir: string): Promise<Start> {
  const port = await getFreePort();
  const began = performance.now();
  const child = spawnBaton({ port, dataDir, adminPassword: 'bench-start-password-1' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let buffer = '';
  const ready = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Baton was not ready within 120 s')), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('Baton is ready')) {
        clearTimeout(timer);
        resolve(performance.now() - began);
      }
    });
    child.stderr?.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Baton exited (${code}) before it was ready:\n${buffer.slice(-2000)}`));
    });
  });
  child.kill('SIGTERM');
  await exited;
  return { readyMs: ready, milestones: milestonesOf(buffer, began) };
}

/** The milestones' times from the JSON log lines (pino's `time` is epoch ms; `began` is a performance.now()). */
function milestonesOf(log: string, began: number): (number | undefined)[] {
  const spawnedAt = performance.timeOrigin + began;
  const times: (number | undefined)[] = MILESTONES.map(() => undefined);
  for (const line of log.split('\n')) {
    let entry: { time?: number; msg?: string };
    try {
      entry = JSON.parse(line) as { time?: number; msg?: string };
    } catch {
      continue;
    }
    MILESTONES.forEach(([, pattern], index) => {
      if (times[index] === undefined && entry.time !== undefined && pattern.test(entry.msg ?? ''))
        times[index] = entry.time - spawnedAt;
    });
  }
  return times;
}

function baselineOnce(): number {
  const began = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', ''], { cwd: ROOT, stdio: 'ignore' });
  if (result.status !== 0) throw new Error('node --import tsx failed');
  return performance.now() - began;
}

const cold: number[] = [];
const warm: number[] = [];
const coldRuns: Start[] = [];
const warmRuns: Start[] = [];
const baseline: number[] = [];
for (let run = 0; run < runs; run++) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-bench-start-'));
  try {
    coldRuns.push(await startOnce(dataDir));
    warmRuns.push(await startOnce(dataDir));
    cold.push(coldRuns.at(-1)!.readyMs);
    warm.push(warmRuns.at(-1)!.readyMs);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  baseline.push(baselineOnce());
}
const base = median(baseline);
out(`npm start until "Baton is ready", median of ${runs} (load average ${os.loadavg()[0]!.toFixed(1)}):`);
out(`  baseline (node --import tsx, empty module): ${seconds(base)}`);
out(
  `  cold (fresh data folder):                   ${seconds(median(cold))} (${(median(cold) / base).toFixed(1)}x baseline; goal < 8 s)`
);
out(
  `  warm (same folder again):                   ${seconds(median(warm))} (${(median(warm) / base).toFixed(1)}x baseline; goal < 2.5 s)`
);
out(`  every run: cold ${cold.map(seconds).join(', ')}; warm ${warm.map(seconds).join(', ')}`);
out(
  '  where the time goes (median of each milestone since the spawn; Node and the code of Baton load before the first):'
);
for (const [index, [label]] of MILESTONES.entries()) {
  const at = (runs: Start[]) => {
    const times = runs.map((run) => run.milestones[index]).filter((time): time is number => time !== undefined);
    return times.length > 0 ? seconds(median(times)) : '-';
  };
  out(`    ${label.padEnd(50)} cold ${at(coldRuns).padStart(7)}   warm ${at(warmRuns).padStart(7)}`);
}
