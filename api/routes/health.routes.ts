import { createRoute, z } from '@hono/zod-openapi';

export const CheckSchema = z
  .object({
    ok: z.boolean(),
    detail: z.string().optional().openapi({
      example: 'PostgreSQL 17 on 127.0.0.1:5432',
      description: 'Where the dependency is and what it answered: for admins only (it names hosts, ports, folders).',
    }),
  })
  .openapi('Check');

export const ReadinessSchema = z
  .object({
    ready: z.boolean(),
    role: z.enum(['all', 'api', 'worker']).openapi({
      description: 'What this Baton process runs: everything, the HTTP API only, or the worker only',
    }),
    checks: z.object({
      postgres: CheckSchema,
      temporal: CheckSchema,
      worker: CheckSchema.optional().openapi({
        description: 'The Temporal worker polls its task queue (roles all, worker)',
      }),
    }),
  })
  .openapi('Readiness');

export const liveness = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['Health'],
  summary: 'Liveness: the API process answers',
  responses: {
    200: {
      description: 'The process is alive',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

export const readiness = createRoute({
  method: 'get',
  path: '/api/ready',
  tags: ['Health'],
  summary:
    'Readiness of this process’s role: PostgreSQL, the Temporal service and, where it runs, the worker (details for admins only)',
  responses: {
    200: { description: 'Every dependency is reachable', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'A dependency is unreachable', content: { 'application/json': { schema: ReadinessSchema } } },
  },
});
