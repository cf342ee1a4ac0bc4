import type { DeadlineUnit } from './deadline-spec';

/**
 * What validation accepts, the engine must run. Deadlines are computed on a business calendar whose public holidays
 * are resolved for a range of years when a process starts (they travel in its history), so two bounds keep every
 * accepted deadline computable: dates between 1970 and 2200 (office work is not planned in year 1 or 9999), and
 * offsets of at most about four years (`start + 2000bd` is eight). {@link holidayYearsFor} then names the years a
 * process needs. Pure: used by the template schema, the API, and the process workflow.
 */

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2200;

/** The largest offset per unit: each about four years, the longest a deadline in office work reaches. */
export const MAX_OFFSET: Readonly<Record<DeadlineUnit, number>> = {
  minutes: 1500 * 24 * 60,
  hours: 1500 * 24,
  // A thousand business days of eight hours.
  businessHours: 8000,
  days: 1500,
  businessDays: 1000,
  weeks: 210,
  months: 48,
};

// Calendar years one unit can span at most (a business day can take a week of holidays in the worst calendar).
const YEARS_PER_UNIT: Readonly<Record<DeadlineUnit, number>> = {
  minutes: 1 / (365 * 24 * 60),
  hours: 1 / (365 * 24),
  // A business hour takes at most a business day when working hours last an hour or more.
  businessHours: 1.6 / 365,
  days: 1 / 365,
  businessDays: 1.6 / 365,
  weeks: 7 / 365,
  months: 1 / 12,
};

/** Each unit's symbol in the text form (`3bd`, `4bh`, `30min`). */
export const UNIT_TEXT: Readonly<Record<DeadlineUnit, string>> = {
  minutes: 'min',
  hours: 'h',
  businessHours: 'bh',
  days: 'd',
  businessDays: 'bd',
  weeks: 'w',
  months: 'mo',
};

/** Why an offset is too long, in a sentence, or undefined when it is fine. */
export function offsetProblem(offset: { amount: number; unit: DeadlineUnit }): string | undefined {
  const max = MAX_OFFSET[offset.unit];
  if (offset.amount <= max) return undefined;
  return (
    `an offset of ${offset.amount}${UNIT_TEXT[offset.unit]} is too long: at most ${max}${UNIT_TEXT[offset.unit]} ` +
    '(about four years), so the business calendar can plan it'
  );
}

/** The calendar year of an ISO date or date-time (`2027-03-31`, `2027-03-31T17:00:00+02:00`), if it has one. */
function yearOf(value: string): number | undefined {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Why a date or date-time value is out of the years Baton plans in, or undefined when it is inside them. */
export function dateYearProblem(value: string): string | undefined {
  const year = yearOf(value);
  if (year === undefined || (year >= FIRST_YEAR && year <= LAST_YEAR)) return undefined;
  return `the year ${year} is out of range: use a date between ${FIRST_YEAR} and ${LAST_YEAR}`;
}

/**
 * The longest offset anywhere in a (parsed) template, in years: every object with an `amount` and a `unit`, which
 * are a deadline's offset and an escalation rung's timing.
 */
export function longestOffsetYears(template: unknown): number {
  let longest = 0;
  const stack: unknown[] = [template];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const { amount, unit } = value as { amount?: unknown; unit?: unknown };
    if (typeof amount === 'number' && typeof unit === 'string' && Object.hasOwn(YEARS_PER_UNIT, unit)) {
      longest = Math.max(longest, amount * YEARS_PER_UNIT[unit as DeadlineUnit]);
    }
    stack.push(...Object.values(value));
  }
  return longest;
}

/** The values of absolute deadline anchors (`{ kind: 'date', value: '2027-03-31' }`) anywhere in a template. */
function absoluteAnchors(template: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [template];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    const anchor = value as { kind?: unknown; value?: unknown };
    if (anchor.kind === 'date' && typeof anchor.value === 'string') found.push(anchor.value);
    stack.push(...(Array.isArray(value) ? value : Object.values(value)));
  }
  return found;
}

export interface HolidayYearsInput {
  /** When the process starts. */
  start: Date;
  /** The process parameters: every date or date-time value among them is an anchor. */
  params?: Readonly<Record<string, unknown>>;
  /** The parsed template, for its longest offset. */
  template?: unknown;
}

/**
 * The years whose public holidays a process needs: from its earliest anchor (start or a date parameter) to its
 * latest, widened by twice its longest offset (a due date plus an escalation rung after it) and a year each side.
 */
export function holidayYearsFor({ start, params = {}, template }: HolidayYearsInput): {
  fromYear: number;
  toYear: number;
} {
  const years = [start.getUTCFullYear()];
  for (const value of [...Object.values(params), ...absoluteAnchors(template)]) {
    if (typeof value !== 'string') continue;
    const year = yearOf(value);
    if (year !== undefined && year >= FIRST_YEAR && year <= LAST_YEAR) years.push(year);
  }
  const margin = Math.ceil(2 * longestOffsetYears(template));
  return { fromYear: Math.min(...years) - 1 - margin, toYear: Math.max(...years) + 2 + margin };
}
