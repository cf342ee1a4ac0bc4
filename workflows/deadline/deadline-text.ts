import { dateYearProblem, offsetProblem, UNIT_TEXT } from './limits';

export { UNIT_TEXT };
import type { DeadlineAnchor, DeadlineSpec, DeadlineUnit } from './deadline-spec';

/**
 * The deadline's text form (`start + 3bd @17:00`): parsing and formatting, without zod, so workflow code can use it
 * without bundling the schemas of `deadline-spec.ts`.
 */

/** An absolute anchor: a date (`2027-03-31`, by the close of working hours) or a local date-time (`2027-03-31T12:00`). */
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d))?$/;

/** Whether `value` is a real calendar date, `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`. */
export function isCalendarDate(value: string): boolean {
  const match = ABSOLUTE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export class DeadlineParseError extends Error {
  override readonly name = 'DeadlineParseError';
  /** Zero-based index into the parsed text where the problem starts. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

/** The unit a symbol of the text form names. */
export const UNIT_BY_TEXT: ReadonlyMap<string, DeadlineUnit> = new Map<string, DeadlineUnit>(
  Object.entries(UNIT_TEXT).map(([unit, text]) => [text, unit as DeadlineUnit])
);
const UNIT_LIST = 'min, h, bh, d, bd, w, mo';
const EXAMPLES =
  'e.g. `start + 3bd`, `start + 4bh`, `eventDate - 14d`, `occurrence @17:00`, `sign.done + 3bd @17:00` or `2027-03-31`';

export function formatDeadline(spec: DeadlineSpec): string {
  const anchor = formatAnchor(spec.anchor);
  const offset = spec.offset
    ? ` ${spec.offset.direction === 'before' ? '-' : '+'} ${spec.offset.amount}${UNIT_TEXT[spec.offset.unit]}`
    : '';
  const timeOfDay = spec.timeOfDay === undefined ? '' : ` @${spec.timeOfDay}`;
  return `${anchor}${offset}${timeOfDay}${spec.anyDay ? ' any day' : ''}`;
}

function formatAnchor(anchor: DeadlineAnchor): string {
  switch (anchor.kind) {
    case 'start':
    case 'occurrence':
      return anchor.kind;
    case 'parameter':
      return anchor.name;
    case 'node':
      return `${anchor.nodeId}.done`;
    case 'date':
      return anchor.value;
  }
}

/** Parses the text form; throws {@link DeadlineParseError} saying what is wrong, where, and how it should look. */
export function parseDeadline(text: string): DeadlineSpec {
  return new DeadlineParser(text).parse();
}

class DeadlineParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): DeadlineSpec {
    this.skipSpaces();
    if (this.pos >= this.text.length) this.fail('the deadline is empty; it needs an anchor');
    const spec: DeadlineSpec = { anchor: this.parseAnchor() };
    this.skipSpaces();
    const operator = this.peek();
    if (operator === '+' || operator === '-') {
      this.pos++;
      spec.offset = { ...this.parseAmountAndUnit(), direction: operator === '-' ? 'before' : 'after' };
      this.skipSpaces();
    }
    if (this.peek() === '@') {
      this.pos++;
      spec.timeOfDay = this.parseTimeOfDay();
      this.skipSpaces();
    }
    const anyDay = /^any\s+day$/i.exec(this.text.slice(this.pos).trimEnd());
    if (anyDay) {
      spec.anyDay = true;
      this.pos = this.text.length;
    }
    if (this.pos < this.text.length) {
      const expected = spec.timeOfDay
        ? '`any day` or nothing after the time of day'
        : spec.offset
          ? '`@HH:mm`, `any day` or the end'
          : '`+`, `-`, `@HH:mm`, `any day` or the end';
      this.fail(`unexpected "${this.text.slice(this.pos)}"; expected ${expected}`);
    }
    return spec;
  }

  private parseAnchor(): DeadlineAnchor {
    const start = this.pos;
    const rest = this.text.slice(this.pos);
    const absolute = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?(?![\d:T])/.exec(rest)?.[0];
    if (absolute !== undefined) {
      if (!isCalendarDate(absolute)) {
        this.fail(`"${absolute}" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:mm, e.g. 2027-03-31T12:00`, start);
      }
      const outOfRange = dateYearProblem(absolute);
      if (outOfRange !== undefined) this.fail(outOfRange, start);
      this.pos += absolute.length;
      return { kind: 'date', value: absolute };
    }
    const node = /^([A-Za-z0-9_][A-Za-z0-9_-]*)\.done(?![A-Za-z0-9_])/.exec(rest);
    if (node?.[1] !== undefined) {
      this.pos += node[0].length;
      return { kind: 'node', nodeId: node[1] };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
    if (word === undefined) {
      this.fail(
        'expected an anchor: `start`, `occurrence`, a date parameter name such as `eventDate`, `<nodeId>.done`, or a date such as `2027-03-31`',
        start
      );
    }
    this.pos += word.length;
    if (this.peek() === '.') {
      this.fail(`"${word}." is not an anchor; a node anchor is written \`${word}.done\``, start);
    }
    if (word === 'start' || word === 'occurrence') return { kind: word };
    return { kind: 'parameter', name: word };
  }

  private parseAmountAndUnit(): { amount: number; unit: DeadlineUnit } {
    this.skipSpaces();
    const amountStart = this.pos;
    const digits = /^\d+/.exec(this.text.slice(this.pos))?.[0];
    if (digits === undefined) {
      this.fail('expected a whole number after the operator, then a unit (' + UNIT_LIST + ')', amountStart);
    }
    const amount = Number(digits);
    if (!Number.isSafeInteger(amount)) this.fail(`the amount ${digits} is too large`, amountStart);
    this.pos += digits.length;
    this.skipSpaces();
    const unitStart = this.pos;
    const unitText = /^[A-Za-z]+/.exec(this.text.slice(this.pos))?.[0];
    if (unitText === undefined) this.fail(`expected a unit after ${digits}: one of ${UNIT_LIST}`, unitStart);
    // Units are read case-insensitively (`3BD` is `3bd`); the canonical text is lower case.
    const unit = UNIT_BY_TEXT.get(unitText.toLowerCase());
    if (unit === undefined) {
      this.fail(
        `unknown unit "${unitText}"; use one of ${UNIT_LIST} (bh = business hours, bd = business days, mo = months)`,
        unitStart
      );
    }
    const tooLong = offsetProblem({ amount, unit });
    if (tooLong !== undefined) this.fail(tooLong, amountStart);
    this.pos += unitText.length;
    return { amount, unit };
  }

  private parseTimeOfDay(): string {
    this.skipSpaces();
    const start = this.pos;
    const match = /^(\d{1,2}):(\d{2})(?!\d)/.exec(this.text.slice(this.pos));
    const hours = Number(match?.[1]);
    const minutes = Number(match?.[2]);
    if (!match || hours > 23 || minutes > 59) {
      this.fail('expected a time of day after @ as HH:mm between 00:00 and 23:59, e.g. `@17:00`', start);
    }
    this.pos += match[0].length;
    return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private fail(problem: string, position = this.pos): never {
    throw new DeadlineParseError(
      `Invalid deadline "${this.text}" at position ${position}: ${problem}. Write it as: anchor [+|- amount unit] [@HH:mm] [any day], ${EXAMPLES}.`,
      position
    );
  }
}
