import { DateTime } from 'luxon';
import {
  addBusinessTime,
  atLocalTime,
  localDate,
  nextWorkingTime,
  nonBusinessReason,
  rollToBusinessDay,
  stepBusinessDays,
  withTimeOfDay,
  workingHoursOn,
  type BusinessDayStep,
  type Direction,
  type NonBusinessDay,
} from '../calendar/business-time';
import type { CalendarContext } from '../calendar/business-calendar';
import type { DeadlineAnchor, DeadlineSpec, DeadlineUnit } from './deadline-spec';
import { formatDeadline } from './deadline-text';

/** An instant, or an ISO string: `2026-12-10` (a date) or `2026-12-10T09:00` (local) or with an offset. */
export type AnchorValue = Date | string;

/** The instants a deadline can be anchored on, as known when it is computed. */
export interface DeadlineAnchors {
  readonly start?: AnchorValue;
  readonly occurrence?: AnchorValue;
  /** Date and datetime parameter values by parameter name. */
  readonly parameters?: Readonly<Record<string, AnchorValue | undefined>>;
  /** Completion instants by node id. */
  readonly nodes?: Readonly<Record<string, AnchorValue | undefined>>;
}

export class MissingDeadlineAnchorError extends Error {
  override readonly name = 'MissingDeadlineAnchorError';
  /** The anchor in the deadline's text form, e.g. `eventDate` or `sign.done`. */
  readonly anchorText: string;

  constructor(
    readonly anchor: DeadlineAnchor,
    deadlineText: string
  ) {
    const anchorText = formatDeadline({ anchor });
    super(`deadline "${deadlineText}" needs ${describeMissing(anchor)} (\`${anchorText}\`), which has no value yet`);
    this.anchorText = anchorText;
  }
}

export class InvalidDeadlineAnchorError extends Error {
  override readonly name = 'InvalidDeadlineAnchorError';
  readonly anchorText: string;

  constructor(
    readonly anchor: DeadlineAnchor,
    readonly value: string,
    detail: string
  ) {
    const anchorText = formatDeadline({ anchor });
    super(`anchor \`${anchorText}\` has the value "${value}", which is not a date or datetime: ${detail}`);
    this.anchorText = anchorText;
  }
}

export interface ComputeDueOptions {
  /** How the anchor reads in the explanation, e.g. `signing` for `sign.done`. */
  readonly anchorLabel?: string;
  /**
   * What to do when the result falls on a non-business day: keep it (the default), or move it to the
   * previous or next business day keeping the time of day, as a recurring duty says.
   */
  readonly nonBusinessDay?: 'keep' | Direction;
  /**
   * A due instant outside working time (a day off, before opening or after closing) moves to the next working time,
   * unless the deadline says `any day`. Ignored when `nonBusinessDay` moves it already (a duty's own rule).
   */
  readonly workingTime?: boolean;
  /**
   * With `workingTime`: business days after an anchor outside working time (a Sunday morning, a night) count from the
   * next working time, so `start + 1bd` from Sunday 00:15 is Tuesday at opening like one from Saturday evening, not
   * Monday at opening with no working time at all. Deadlines with a time of day or `any day` are as written.
   */
  readonly countFromWorkingTime?: boolean;
}

export interface DueDate {
  readonly due: Date;
  /** The anchor's instant as used (a date-only value is taken at the close of working hours). */
  readonly anchorAt: Date;
  /** Non-business days skipped while counting business days or moving off a non-business day. */
  readonly skipped: readonly NonBusinessDay[];
  /** Set when the result was moved off a non-business day. */
  readonly movedFrom?: { readonly instant: Date; readonly day: NonBusinessDay };
  /** Set when the result was outside working time and moved to the next working time (`workingTime`). */
  readonly movedToWorkingTime?: { readonly instant: Date; readonly day?: NonBusinessDay };
  /** Set when the result falls on a non-business day and was kept there. */
  readonly fallsOn?: NonBusinessDay;
  /** One English sentence, e.g. `Fri 13 Nov 17:00: 3 business days after signing on Mon 9 Nov; 11 Nov is …`. */
  readonly explanation: string;
}

/**
 * Computes a due instant from a deadline spec and the anchors known so far, in the calendar's time zone:
 * minutes and hours are elapsed time; days, weeks and months are calendar arithmetic keeping the
 * wall-clock time; business days skip weekends, public holidays and company days off; `@HH:mm` then
 * sets the time of day on the resulting day.
 */
export function computeDue(
  spec: DeadlineSpec,
  anchors: DeadlineAnchors,
  ctx: CalendarContext,
  options: ComputeDueOptions = {}
): DueDate {
  const anchorAt = resolveAnchor(spec, anchors, ctx);
  const countFrom =
    options.workingTime &&
    options.countFromWorkingTime &&
    spec.offset?.unit === 'businessDays' &&
    spec.offset.direction === 'after' &&
    spec.timeOfDay === undefined &&
    spec.anyDay !== true
      ? nextWorkingTime(ctx, anchorAt)
      : anchorAt;
  const offset = spec.offset ? applyOffset(ctx, countFrom, spec.offset) : { result: anchorAt, skipped: [] };
  let due = offset.result;
  let skipped = [...offset.skipped];
  if (spec.timeOfDay !== undefined) due = withTimeOfDay(ctx, due, spec.timeOfDay);

  let movedFrom: DueDate['movedFrom'];
  let movedToWorkingTime: DueDate['movedToWorkingTime'];
  let fallsOn: NonBusinessDay | undefined;
  const landedOn = nonBusinessReason(ctx, localDate(ctx, due));
  const byOwnRule = options.nonBusinessDay === 'next' || options.nonBusinessDay === 'previous';
  if (options.workingTime && !byOwnRule && spec.anyDay !== true) {
    const working = nextWorkingTime(ctx, due);
    if (working.getTime() !== due.getTime()) {
      movedToWorkingTime = { instant: due, ...(landedOn ? { day: landedOn } : {}) };
      due = working;
    }
  } else if (landedOn) {
    if (options.nonBusinessDay === 'next' || options.nonBusinessDay === 'previous') {
      const roll = rollToBusinessDay(ctx, due, options.nonBusinessDay);
      movedFrom = { instant: due, day: landedOn };
      skipped = [...skipped, ...roll.skipped];
      due = roll.result;
    } else {
      fallsOn = landedOn;
    }
  }

  const explanation = explain({ spec, ctx, due, anchorAt, skipped, movedFrom, movedToWorkingTime, fallsOn, options });
  return {
    due,
    anchorAt,
    skipped,
    ...(movedFrom ? { movedFrom } : {}),
    ...(movedToWorkingTime ? { movedToWorkingTime } : {}),
    ...(fallsOn ? { fallsOn } : {}),
    explanation,
  };
}

export type DeadlineOffset = NonNullable<DeadlineSpec['offset']>;

/**
 * Moves an instant by a deadline offset in the calendar's zone (the rule {@link computeDue} uses), e.g. for
 * escalation rungs at an offset from a due time. Reports the non-business days skipped by business days.
 */
export function applyOffset(ctx: CalendarContext, instant: Date, offset: DeadlineOffset): BusinessDayStep {
  if (offset.amount === 0) return { result: instant, skipped: [] };
  const signed = offset.direction === 'before' ? -offset.amount : offset.amount;
  if (offset.unit === 'businessDays') return stepBusinessDays(ctx, instant, signed);
  // Business hours count only working hours on business days, across nights, weekends and holidays.
  if (offset.unit === 'businessHours')
    return { result: addBusinessTime(ctx, instant, signed * MS_PER_HOUR), skipped: [] };
  const result = DateTime.fromJSDate(instant, { zone: ctx.calendar.timeZone })
    .plus({ [LUXON_UNIT[offset.unit]]: signed })
    .toJSDate();
  return { result, skipped: [] };
}

const MS_PER_HOUR = 3_600_000;

const LUXON_UNIT: Record<
  Exclude<DeadlineUnit, 'businessDays' | 'businessHours'>,
  'minutes' | 'hours' | 'days' | 'weeks' | 'months'
> = {
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
  weeks: 'weeks',
  months: 'months',
};

function resolveAnchor(spec: DeadlineSpec, anchors: DeadlineAnchors, ctx: CalendarContext): Date {
  const { anchor } = spec;
  const value =
    anchor.kind === 'start'
      ? anchors.start
      : anchor.kind === 'occurrence'
        ? anchors.occurrence
        : anchor.kind === 'parameter'
          ? anchors.parameters?.[anchor.name]
          : anchor.kind === 'date'
            ? anchor.value
            : anchors.nodes?.[anchor.nodeId];
  if (value === undefined) throw new MissingDeadlineAnchorError(anchor, formatDeadline(spec));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidDeadlineAnchorError(anchor, String(value), 'invalid Date');
    return value;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A bare date means "by that day": the close of working hours, unless @HH:mm replaces the time anyway.
    const day = DateTime.fromISO(value, { zone: 'utc' });
    if (!day.isValid) throw new InvalidDeadlineAnchorError(anchor, value, day.invalidExplanation ?? 'invalid date');
    return atLocalTime(ctx, value, workingHoursOn(ctx.calendar, value).end);
  }
  const parsed = DateTime.fromISO(value, { zone: ctx.calendar.timeZone });
  if (!parsed.isValid) {
    throw new InvalidDeadlineAnchorError(anchor, value, parsed.invalidExplanation ?? 'use ISO 8601, e.g. 2026-12-10');
  }
  return parsed.toJSDate();
}

function describeMissing(anchor: DeadlineAnchor): string {
  switch (anchor.kind) {
    case 'start':
      return 'the process start';
    case 'occurrence':
      return 'the occurrence instant';
    case 'parameter':
      return `the date parameter "${anchor.name}"`;
    case 'node':
      return `the completion of node "${anchor.nodeId}"`;
    case 'date':
      return `the date ${anchor.value}`;
  }
}

function defaultLabel(anchor: DeadlineAnchor): string {
  switch (anchor.kind) {
    case 'start':
      return 'the process start';
    case 'occurrence':
      return 'the occurrence';
    case 'parameter':
      return anchor.name;
    case 'node':
      return `completion of ${anchor.nodeId}`;
    case 'date':
      return 'the date';
  }
}

const UNIT_WORDS: Record<DeadlineUnit, [string, string]> = {
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  businessHours: ['business hour', 'business hours'],
  days: ['day', 'days'],
  businessDays: ['business day', 'business days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
};

interface ExplainInput {
  spec: DeadlineSpec;
  ctx: CalendarContext;
  due: Date;
  anchorAt: Date;
  skipped: readonly NonBusinessDay[];
  movedFrom: DueDate['movedFrom'];
  movedToWorkingTime?: DueDate['movedToWorkingTime'];
  fallsOn: NonBusinessDay | undefined;
  options: ComputeDueOptions;
}

function explain({
  spec,
  ctx,
  due,
  anchorAt,
  skipped,
  movedFrom,
  movedToWorkingTime,
  fallsOn,
  options,
}: ExplainInput): string {
  const zone = ctx.calendar.timeZone;
  const dueLocal = DateTime.fromJSDate(due, { zone });
  const anchorLocal = DateTime.fromJSDate(anchorAt, { zone });
  const withYear = dueLocal.year !== anchorLocal.year;
  const label = options.anchorLabel ?? defaultLabel(spec.anchor);
  // With @HH:mm the anchor's own time of day does not matter, so only its day is shown.
  const anchorText =
    spec.timeOfDay === undefined ? formatInstant(anchorLocal, withYear) : formatDay(anchorLocal, withYear);
  const offset = spec.offset;
  const head =
    offset && offset.amount > 0
      ? `${offset.amount} ${UNIT_WORDS[offset.unit][offset.amount === 1 ? 0 : 1]} ${offset.direction} ${label} on ${anchorText}`
      : `${label} on ${anchorText}`;
  const notes: string[] = [];
  for (const day of skipped) {
    if (day.reason === 'weekend') continue; // weekends go without saying; they stay in `skipped`
    notes.push(`${formatShortDay(day.date)} is ${describeDay(day, ctx)}`);
  }
  if (movedFrom) {
    notes.push(
      `moved from ${formatInstant(DateTime.fromJSDate(movedFrom.instant, { zone }), withYear)} (${reasonWords(movedFrom.day)}) to the ${
        dueLocal < DateTime.fromJSDate(movedFrom.instant, { zone }) ? 'previous' : 'next'
      } business day`
    );
  }
  if (movedToWorkingTime) {
    const from = formatInstant(DateTime.fromJSDate(movedToWorkingTime.instant, { zone }), withYear);
    const why = movedToWorkingTime.day ? reasonWords(movedToWorkingTime.day) : 'outside working hours';
    notes.push(`moved from ${from} (${why}) to the next working time`);
  }
  if (fallsOn) notes.push(`note: ${formatShortDay(fallsOn.date)} is not a business day (${reasonWords(fallsOn)})`);
  return [`${formatInstant(dueLocal, withYear)}: ${head}`, ...dedupe(notes)].join('; ');
}

function describeDay(day: NonBusinessDay, ctx: CalendarContext): string {
  switch (day.reason) {
    case 'publicHoliday':
      return `a public holiday in ${placeName(ctx)} (${day.name ?? 'holiday'})`;
    case 'companyDayOff':
      return day.name ? `a company day off (${day.name})` : 'a company day off';
    case 'weekend':
      return 'a weekend day';
  }
}

function reasonWords(day: NonBusinessDay): string {
  return day.reason === 'publicHoliday'
    ? `public holiday: ${day.name ?? 'holiday'}`
    : day.reason === 'weekend'
      ? 'weekend'
      : day.name
        ? `company day off: ${day.name}`
        : 'company day off';
}

function placeName(ctx: CalendarContext): string {
  const { country, region } = ctx.calendar;
  let name = country;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    // An engine without Intl.DisplayNames shows the code; the sentence stays correct.
  }
  return region === undefined ? name : `${name} (${region})`;
}

// English names spelled out here rather than taken from Intl, so an explanation reads the same on every
// engine and ICU version (it may end up in workflow history).
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatInstant(local: DateTime, withYear: boolean): string {
  return `${formatDay(local, withYear)} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
}

function formatDay(local: DateTime, withYear: boolean): string {
  const day = `${WEEKDAYS[local.weekday - 1]} ${local.day} ${MONTHS[local.month - 1]}`;
  return withYear ? `${day} ${local.year}` : day;
}

function formatShortDay(isoDate: string): string {
  const [, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]}`;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
