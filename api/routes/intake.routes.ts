import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../worker/outbox/webhook-signature';
import type { AppEnv } from '../lib/app-env';
import { ApiError } from '../lib/api-error';
import { conflictResponse, ProblemSchema } from '../lib/schemas';
import { safeJson, text } from '../lib/text';

/** How far a delivery's timestamp may be from now: older (or replayed) deliveries are refused. */
const TOLERANCE_SECONDS = 300;

const unauthorized = (detail: string) => new ApiError(401, 'The webhook is not signed', { detail });

/**
 * Checks the signature before anything reads the body: `X-Baton-Timestamp` and `X-Baton-Signature: sha256=<hex>`, an
 * HMAC-SHA256 of `<timestamp>.<raw body>` with BATON_INTAKE_SECRET, the same scheme as Baton's outgoing webhooks.
 */
const signed = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.get('intakeSecret');
  if (!secret)
    throw new ApiError(404, 'The request intake is off', {
      detail: 'Set BATON_INTAKE_SECRET (16 characters or more) to accept requests by webhook.',
    });
  const signature = c.req.header(SIGNATURE_HEADER);
  const timestamp = c.req.header(TIMESTAMP_HEADER);
  if (!signature || !timestamp) throw unauthorized('Send X-Baton-Timestamp and X-Baton-Signature: sha256=<hex>.');
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(Date.now() / 1000 - seconds) > TOLERANCE_SECONDS)
    throw unauthorized(
      `X-Baton-Timestamp must be the sending time in Unix seconds, within ${TOLERANCE_SECONDS} s of now.`
    );
  const body = await c.req.text();
  if (!verifyWebhook(secret, { signature, timestamp }, body, { toleranceSeconds: TOLERANCE_SECONDS }))
    throw unauthorized('The signature does not match the body: sign "<timestamp>.<raw body>" with the intake secret.');
  await next();
});

export const IntakeRequestSchema = z
  .object({
    id: text({ min: 1, max: 200 }).openapi({
      description: 'The delivery’s own id, the same on every retry: one id starts one process',
      example: 'msg-2027-03-31-0042',
    }),
    client: z.object({
      // Matched case-insensitively against the people in Baton, so only its shape is checked here.
      email: text({ min: 3, max: 320 })
        .refine((value) => value.includes('@'), { message: 'an email address such as client@example.com' })
        .openapi({ description: 'The client (an active observer) the request is from' }),
    }),
    templateId: z.uuid().optional().openapi({
      description: 'A template marked “clients may start”; by default the only one so marked',
    }),
    params: safeJson(z.record(z.string(), z.unknown())).default({}),
    receivedAt: z.iso
      .datetime({ offset: true, message: 'an ISO 8601 date-time with an offset, e.g. "2027-03-31T09:15:00+02:00"' })
      .optional()
      .openapi({
        description: 'When the request came in, at most 30 days ago; the deadlines run from it (now by default)',
      }),
  })
  .openapi('IntakeRequest');

export const intakeWebhook = createRoute({
  method: 'post',
  path: '/api/intake/webhook',
  tags: ['Processes'],
  summary: 'A client request by signed webhook: starts the client-request process with the client as owner',
  description:
    'Signed like Baton’s outgoing webhooks: `X-Baton-Timestamp` (Unix seconds, within 5 minutes) and ' +
    '`X-Baton-Signature: sha256=<hex>`, an HMAC-SHA256 of `<timestamp>.<raw body>` with BATON_INTAKE_SECRET; a ' +
    'missing or wrong signature gets 401 saying what is wrong. The client is matched by email; the same `id` ' +
    'delivered again answers 200 with the process it started (`duplicate: true`).',
  security: [],
  middleware: [signed],
  request: {
    body: { required: true, content: { 'application/json': { schema: IntakeRequestSchema } } },
  },
  responses: {
    201: {
      description: 'The process started',
      content: {
        'application/json': {
          schema: z.object({ processId: z.string(), duplicate: z.literal(false) }).openapi('IntakeStarted'),
        },
      },
    },
    200: {
      description: 'This delivery id started a process before: that process',
      content: { 'application/json': { schema: z.object({ processId: z.string(), duplicate: z.literal(true) }) } },
    },
    ...Object.fromEntries(
      (
        [
          [401, 'Missing, stale or wrong signature'],
          [403, 'The template is not marked “clients may start”'],
          [404, 'The intake is off (no BATON_INTAKE_SECRET), or no such template'],
          [422, 'The body is not valid, or no active client has this email'],
          [503, 'Temporal is unreachable: retry after the Retry-After seconds'],
        ] as const
      ).map(([status, description]) => [
        status,
        { description, content: { 'application/problem+json': { schema: ProblemSchema } } },
      ])
    ),
    ...conflictResponse,
  },
});
