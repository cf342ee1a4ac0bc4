import { z } from 'zod';

/** The urgent/important matrix: four quadrants that order the inbox. */
export const PrioritySchema = z.object({
  urgent: z.boolean(),
  important: z.boolean(),
});
export type Priority = z.infer<typeof PrioritySchema>;

export const DEFAULT_PRIORITY: Priority = { urgent: false, important: true };

export type PriorityQuadrant = 'doFirst' | 'schedule' | 'delegate' | 'drop';

export function priorityQuadrant(priority: Priority): PriorityQuadrant {
  if (priority.urgent) return priority.important ? 'doFirst' : 'delegate';
  return priority.important ? 'schedule' : 'drop';
}
