import { z } from 'zod';

/** The event types of `GET /api/events` (api/routes/events.routes.ts). */
export const USER_EVENT_TYPES = [
  'step.created',
  'step.changed',
  'escalation',
  'comment',
  'decision',
  'notification',
  'process.changed',
] as const;

// The data of one SSE message, as `api/routes/events.routes.ts` declares it (UserEvent); checked, not trusted.
const UserEventSchema = z.object({
  id: z.string(),
  type: z.enum(USER_EVENT_TYPES),
  processId: z.string(),
  nodeId: z.string().nullable(),
  stepId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type UserEvent = z.infer<typeof UserEventSchema>;

export function parseUserEvent(text: string): UserEvent | undefined {
  try {
    const parsed = UserEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
