import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { PageQuerySchema, pageSchema } from '../lib/pagination';
import { errorResponses, notFoundResponse, security } from '../lib/schemas';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const NumericIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/, 'expected a number')
    .openapi({ param: { name: 'id', in: 'path' }, example: '7' }),
});

export const ReportSchema = z
  .object({
    id: z.string(),
    recipient: z.string(),
    period: z.enum(['daily', 'weekly', 'monthly']),
    periodStart: z.string(),
    periodEnd: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('Report');

export const NotificationSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    processId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    processId: z.string(),
    recipient: z.string(),
    subject: z.string(),
    message: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');

const recipientQuery = z
  .uuid()
  .optional()
  .openapi({ description: 'Whose (managers: their team; admins: anyone); the caller by default' });

export const listReports = createRoute({
  method: 'get',
  path: '/api/reports',
  tags: ['Reports'],
  summary: 'Reports for the caller (or, for staff, `recipient`), newest period first',
  security,
  middleware: authorize(),
  request: {
    query: PageQuerySchema.extend({
      recipient: recipientQuery,
      period: z.enum(['daily', 'weekly', 'monthly']).optional(),
    }),
  },
  responses: { 200: json(pageSchema(ReportSchema).openapi('ReportPage'), 'A page'), ...errorResponses },
});

export const getReport = createRoute({
  method: 'get',
  path: '/api/reports/{id}',
  tags: ['Reports'],
  summary: 'One report',
  security,
  middleware: authorize(),
  request: { params: NumericIdParamSchema },
  responses: { 200: json(ReportSchema, 'The report'), ...errorResponses, ...notFoundResponse },
});

export const listNotifications = createRoute({
  method: 'get',
  path: '/api/notifications',
  tags: ['Notifications'],
  summary: 'The caller’s in-app notifications, newest first',
  security,
  middleware: authorize(),
  request: { query: PageQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: json(
      pageSchema(NotificationSchema).extend({ unreadCount: z.number().int() }).openapi('NotificationPage'),
      'A page, with how many are unread in all'
    ),
    ...errorResponses,
  },
});

export const markNotificationRead = createRoute({
  method: 'post',
  path: '/api/notifications/{id}/read',
  tags: ['Notifications'],
  summary: 'Mark one notification read',
  security,
  middleware: authorize(),
  request: { params: NumericIdParamSchema },
  responses: { 200: json(NotificationSchema, 'The notification'), ...errorResponses, ...notFoundResponse },
});

export const markAllNotificationsRead = createRoute({
  method: 'post',
  path: '/api/notifications/read-all',
  tags: ['Notifications'],
  summary: 'Mark every notification of the caller read',
  security,
  middleware: authorize(),
  responses: { 200: json(z.object({ marked: z.number().int() }), 'How many were unread'), ...errorResponses },
});

export const listOutbox = createRoute({
  method: 'get',
  path: '/api/outbox',
  tags: ['Notifications'],
  summary: 'Messages queued for delivery (email, webhooks, in-app): admins see all, others their own',
  security,
  middleware: authorize(),
  request: {
    query: PageQuerySchema.extend({
      recipient: recipientQuery,
      unsent: z.enum(['true', 'false']).optional().openapi({ description: 'Only those not delivered yet' }),
    }),
  },
  responses: {
    200: json(pageSchema(OutboxMessageSchema).openapi('OutboxPage'), 'A page, newest first'),
    ...errorResponses,
  },
});
