import { createRequire } from 'node:module';
import type * as CronParserModule from 'cron-parser';
import { invalidArgument } from '../errors';

type CronParser = (typeof CronParserModule)['CronExpressionParser'];
let parser: CronParser | undefined;

/** Loaded on first use: most runs have no cron schedule, and start-up time matters (the SDK waits 5 s at most). */
function cronParser(): CronParser {
  parser ??= (createRequire(import.meta.url)('cron-parser') as typeof CronParserModule).CronExpressionParser;
  return parser;
}

/** `@every 90s`, `@every 1h30m`: the interval form the real server's cron parser accepts besides cron lines. */
const everyPattern = /^@every\s+((?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function everyMs(schedule: string): number | null {
  const match = everyPattern.exec(schedule.trim());
  if (!match?.[1]) return null;
  let total = 0;
  for (const [, amount, unit] of match[1].matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (unitMs[unit ?? ''] ?? 0);
  }
  return total > 0 ? total : null;
}

/** Refuses a schedule the parser cannot read, with the error the real server gives (INVALID_ARGUMENT). */
export function validateCronSchedule(schedule: string): void {
  if (everyMs(schedule) !== null) return;
  try {
    cronParser().parse(schedule, { tz: 'UTC' });
  } catch (error) {
    throw invalidArgument(`Invalid CronSchedule: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Time from `now` to the schedule's next time (UTC, as on the real server). Standard five-field lines, a leading
 * seconds field, descriptors such as `@hourly`, and `@every <duration>` (counted from `now`) are understood.
 */
export function cronBackoffMs(schedule: string, now: number): number {
  const every = everyMs(schedule);
  if (every !== null) return every;
  const next = cronParser()
    .parse(schedule, { tz: 'UTC', currentDate: new Date(now) })
    .next();
  return Math.max(0, next.getTime() - now);
}
