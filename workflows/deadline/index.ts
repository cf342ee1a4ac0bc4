/**
 * Deadlines: the spec and its text form (`start + 3bd @17:00`), due-instant computation with an
 * explanation, offsets for escalation rungs, and SLA pauses. Pure; safe in Temporal workflow code.
 */
export * from './deadline-spec';
export * from './compute-due';
export * from './pause';
export * from './timeline';
