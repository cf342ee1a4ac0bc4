// The duty workflow expands its schedule on every loop and every `upcoming` query, inside the workflow sandbox:
// this prints what the next 12 occurrences cost per recurrence kind, against rrule's bare expansion as baseline.
import { performance } from 'node:perf_hooks';
import { BusinessCalendarSchema } from '../workflows/calendar';
import { resolveCalendarContext } from '../workflows/calendar/holidays';
import { DutyScheduleSchema, type RecurrenceInput } from '../workflows/duty/duty.schema';
import { occurrencesAfter, toRRule } from '../workflows/duty/recurrence';
import * as rruleModule from 'rrule';

const { RRule } = (Reflect.get(rruleModule, 'default') as typeof rruleModule | undefined) ?? rruleModule;
const calendar = BusinessCalendarSchema.parse({ id: 'pl', name: 'Warsaw', timeZone: 'Europe/Warsaw', country: 'PL' });
const ctx = resolveCalendarContext(calendar, 2025, 2045);
// Fixed "now" instants spread over 2026, so every run does the same work.
const instants = Array.from({ length: 200 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 150_000_000));

function measure(label: string, run: (after: Date) => unknown): number {
  for (const after of instants.slice(0, 20)) run(after); // warm up the JIT
  const rounds = 3;
  const began = performance.now();
  for (let round = 0; round < rounds; round++) for (const after of instants) run(after);
  const perCallUs = ((performance.now() - began) * 1000) / (rounds * instants.length);
  process.stdout.write(`${label.padEnd(52)} ${perCallUs.toFixed(1).padStart(9)} µs/call\n`);
  return perCallUs;
}

const monthly = new RRule({
  ...RRule.parseString('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1'),
  dtstart: new Date('2025-01-01T00:00:00Z'),
});
const baseline = measure('baseline: rrule between() for 12 monthly dates', (after) =>
  monthly.between(after, new Date(after.getTime() + 366 * 86_400_000))
);
const kinds: RecurrenceInput[] = [
  { kind: 'daily' },
  { kind: 'weekly', days: [1, 3, 5] },
  { kind: 'monthly', day: 31 },
  { kind: 'monthlyWeekday', weekday: 5, nth: -1 },
  { kind: 'lastBusinessDayOfMonth' },
  { kind: 'quarterly', day: 10 },
  { kind: 'yearly', month: 4, day: 30 },
];
process.stdout.write('\nnext 12 occurrences with business-day adjustment and reasons:\n');
for (const recurrence of kinds) {
  const schedule = DutyScheduleSchema.parse({ recurrence, timeZone: 'Europe/Warsaw', startDate: '2025-01-01' });
  const us = measure(`  ${toRRule(schedule.recurrence, schedule.startDate).rule}`.slice(0, 52), (after) =>
    occurrencesAfter(schedule, ctx, after, 12, { includeSkipped: true })
  );
  process.stdout.write(`${''.padEnd(52)} ${(us / baseline).toFixed(1).padStart(9)}x baseline\n`);
}
