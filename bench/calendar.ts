// The deadline engine runs in the designer's timeline preview and inside workflow tasks, so it must stay cheap:
// this prints the cost of common deadline computations against a plain luxon date shift as the baseline.
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { BusinessCalendarSchema } from '../workflows/calendar';
import { resolveCalendarContext } from '../workflows/calendar/holidays';
import { addBusinessHours, businessTimeBetween } from '../workflows/calendar';
import { computeDue, parseDeadline } from '../workflows/deadline';

const calendar = BusinessCalendarSchema.parse({ id: 'pl', name: 'Warsaw', timeZone: 'Europe/Warsaw', country: 'PL' });
const holidayStart = performance.now();
const ctx = resolveCalendarContext(calendar, 2025, 2030);
const holidayMs = performance.now() - holidayStart;

// Fixed starts spread over 2026 (one every 7h13m), so every run does the same work.
const starts = Array.from({ length: 2_000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 26_000_000));

function measure(label: string, run: (start: Date) => unknown): number {
  for (const start of starts.slice(0, 200)) run(start); // warm up the JIT
  const rounds = 5;
  const began = performance.now();
  for (let round = 0; round < rounds; round++) for (const start of starts) run(start);
  const perCallUs = ((performance.now() - began) * 1000) / (rounds * starts.length);
  process.stdout.write(`${label.padEnd(46)} ${perCallUs.toFixed(2).padStart(8)} µs/call\n`);
  return perCallUs;
}

process.stdout.write(`resolve PL holidays 2025-2030 (activity side)    ${holidayMs.toFixed(1)} ms once\n`);
const baseline = measure('baseline: luxon plus({ days: 3 }) in zone', (start) =>
  DateTime.fromJSDate(start, { zone: 'Europe/Warsaw' }).plus({ days: 3 }).toJSDate()
);
// Business hours (`bh`) count working hours across nights, weekends and holidays: 2000bh is a year of working days.
const specs = [
  'start + 3bd @17:00',
  'start + 24h',
  'start - 14d',
  'start + 20bd',
  'start + 1mo @09:00',
  'start + 4bh',
  'start + 2000bh',
];
const figures = specs.map((text) => {
  const spec = parseDeadline(text);
  // As a new process computes it: a due date outside working time moves to the next working time.
  return [
    text,
    measure(`computeDue("${text}")`, (start) => computeDue(spec, { start }, ctx, { workingTime: true })),
  ] as const;
});
const hours = measure('addBusinessHours(+12h)', (start) => addBusinessHours(ctx, start, 12));
const between = measure('businessTimeBetween(30 days apart)', (start) =>
  businessTimeBetween(ctx, start, new Date(start.getTime() + 30 * 86_400_000))
);
const parse = measure('parseDeadline("sign.done + 3bd @17:00")', () => parseDeadline('sign.done + 3bd @17:00'));

process.stdout.write('\nratios to the luxon baseline:\n');
for (const [text, us] of figures)
  process.stdout.write(`  computeDue("${text}")`.padEnd(48) + `${(us / baseline).toFixed(1)}x\n`);
process.stdout.write(`  addBusinessHours(+12h)`.padEnd(48) + `${(hours / baseline).toFixed(1)}x\n`);
process.stdout.write(`  businessTimeBetween(30 days)`.padEnd(48) + `${(between / baseline).toFixed(1)}x\n`);
process.stdout.write(`  parseDeadline`.padEnd(48) + `${(parse / baseline).toFixed(1)}x\n`);
// A timeline's deadlines are days to weeks long; the year of business hours is a worst case, not a typical step.
const typical = figures.filter(([text]) => text !== 'start + 2000bh');
const preview = typical.reduce((sum, [, us]) => sum + us, 0) / typical.length;
process.stdout.write(
  `\na 500-step timeline preview needs about ${((preview * 500) / 1000).toFixed(1)} ms of deadline work\n`
);
