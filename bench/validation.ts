// Validation speed on a realistic 500-node template: the designer validates on every edit, so the
// budget is 10 ms. Run: npx tsx bench/validation.ts [nodeCount] [runs]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { TemplateSchema, validateTemplate } from '../workflows/template';
import { buildLargeTemplate, largeTemplateContext } from '../workflows/template/fixtures/large-template.fixture';

const BUDGET_MS = 10;
const nodeCount = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 200);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Wall time and this process's CPU time: on a shared machine the CPU time shows the cost of the
// work itself, while wall time also counts waiting for a core.
function measure(label: string, work: () => unknown): { wall: number; cpu: number } {
  for (let i = 0; i < 20; i++) work(); // warm up the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    work();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  const result = { wall: median(wall), cpu: median(cpu) };
  const p95 = [...wall].sort((a, b) => a - b)[Math.floor(wall.length * 0.95)] ?? 0;
  console.log(
    `${label.padEnd(36)} median ${result.wall.toFixed(3)} ms (cpu ${result.cpu.toFixed(3)} ms)  p95 ${p95.toFixed(3)} ms`
  );
  return result;
}

const template = buildLargeTemplate(nodeCount);
const coldStarted = performance.now();
const issues = validateTemplate(template, largeTemplateContext);
const cold = performance.now() - coldStarted;
if (issues.length > 0) throw new Error(`the benchmark template should be valid: ${JSON.stringify(issues[0])}`);
const broken = buildLargeTemplate(nodeCount);
for (const edge of broken.edges.filter((_, index) => index % 50 === 0)) edge.target = 'missing';

console.log(`${nodeCount} nodes, ${template.edges.length} edges, ${runs} runs each`);
console.log(`${'first call (cold JIT, empty caches)'.padEnd(36)} ${cold.toFixed(3)} ms`);
measure('schema parse only', () => TemplateSchema.safeParse(template));
const full = measure('validateTemplate (valid)', () => validateTemplate(template, largeTemplateContext));
measure('validateTemplate (10+ broken edges)', () => validateTemplate(broken, largeTemplateContext));
const ratio = (ms: number) => `${(ms / BUDGET_MS).toFixed(2)} (${ms < BUDGET_MS ? 'within' : 'OVER'} budget)`;
console.log(`validateTemplate median wall / ${BUDGET_MS} ms budget = ${ratio(full.wall)}`);
console.log(`validateTemplate median cpu  / ${BUDGET_MS} ms budget = ${ratio(full.cpu)} (cpu counts GC threads too)`);
console.log(`load average ${os.loadavg()[0]?.toFixed(2) ?? '?'} on ${os.availableParallelism()} cores`);
