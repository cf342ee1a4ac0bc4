import type { CalendarContext } from '../calendar/business-calendar';
import { addBusinessTime, businessTimeBetween } from '../calendar/business-time';

/**
 * The SLA clock pauses while a decision request is pending; the due instant then moves by the business
 * time that passed during the pause, so a pause over a weekend or a holiday costs nothing.
 */

/** Business time (ms) during which the clock was paused, e.g. between a decision request and its answer. */
export function pausedBusinessTime(ctx: CalendarContext, pausedAt: Date, resumedAt: Date): number {
  return Math.max(0, businessTimeBetween(ctx, pausedAt, resumedAt));
}

/**
 * The due instant moved later by `pausedMs` of business time. A due instant outside working hours is first
 * taken to the next opening, because that is where the remaining work would resume.
 */
export function shiftDueByPause(ctx: CalendarContext, due: Date, pausedMs: number): Date {
  if (pausedMs < 0) throw new RangeError(`paused business time cannot be negative, got ${pausedMs} ms`);
  return addBusinessTime(ctx, due, pausedMs);
}

/** Both steps at once: the new due instant after a pause from `pausedAt` to `resumedAt`. */
export function dueAfterPause(ctx: CalendarContext, due: Date, pausedAt: Date, resumedAt: Date): Date {
  return shiftDueByPause(ctx, due, pausedBusinessTime(ctx, pausedAt, resumedAt));
}
