import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, security } from '../lib/schemas';

export const USER_EVENT_TYPES = [
  'step.created',
  'step.changed',
  'escalation',
  'comment',
  'decision',
  'notification',
  'process.changed',
] as const;

export const UserEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(USER_EVENT_TYPES),
    processId: z.string(),
    nodeId: z.string().nullable(),
    stepId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('UserEvent');

export const streamEvents = createRoute({
  method: 'get',
  path: '/api/events',
  tags: ['Live events'],
  summary: 'Server-Sent Events for the caller: new step, step changed, escalation, comment',
  description:
    'Each message has `id`, `event` (the type) and `data` (a UserEvent as JSON). Reconnect with `Last-Event-ID` ' +
    '(browsers do it by themselves) to receive everything after that id; without it the stream starts now.',
  security,
  middleware: authorize(),
  request: {
    headers: z.object({
      'last-event-id': z
        .string()
        .regex(/^\d{1,18}$/)
        .optional(),
    }),
    query: z.object({
      lastEventId: z
        .string()
        .regex(/^\d{1,18}$/)
        .optional()
        .openapi({ description: 'Same as the Last-Event-ID header, for clients that cannot set headers' }),
    }),
  },
  responses: {
    200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses,
  },
});
