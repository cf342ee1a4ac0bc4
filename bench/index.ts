// `npm run bench [name...]`: runs every benchmark in bench/ (or the named ones) one after another, each in its own
// process so one benchmark's heap and timers never skew the next. Each prints its own figures and ratios.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();
// Names come first; everything from the first `--flag` on is passed to each selected benchmark.
const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((arg) => arg.startsWith('--'));
const wanted = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
const passed = firstFlag < 0 ? [] : argv.slice(firstFlag);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ') || 'none'}\n`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : available;
if (selected.length === 0) {
  process.stdout.write('No benchmarks in bench/ yet.\n');
  process.exit(0);
}
let failed = 0;
for (const name of selected) {
  process.stdout.write(`\n=== bench/${name}.ts ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${name}.ts`, ...passed], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench/${name}.ts failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
