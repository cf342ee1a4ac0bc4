// Interpreter cost per step: a 200-node template (a chain of tasks) run to completion by a script, in the pure engine.
// Run: npx tsx bench/interpreter.ts [nodeCount]. The Temporal-level half (workflow-task time per step on a worker,
// memory per cached sleeping instance with 2,000 instances) is not measured yet.
import { performance } from 'node:perf_hooks';
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
