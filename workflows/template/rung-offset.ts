import type { DeadlineSpec } from '../deadline/deadline-spec';
import type { RungTiming } from './escalation.schema';

/**
 * A rung's timing as a deadline offset from the due time, the shape the deadline engine's `applyOffset` takes; a
 * share of the time allowed has none (see `shareInstant`).
 */
export function rungOffset(timing: Exclude<RungTiming, { relation: 'share' }>): NonNullable<DeadlineSpec['offset']> {
  return timing.relation === 'at'
    ? { amount: 0, unit: 'minutes', direction: 'after' }
    : { amount: timing.amount, unit: timing.unit, direction: timing.relation };
}
