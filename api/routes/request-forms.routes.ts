import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, security } from '../lib/schemas';

export const RequestFormSchema = z
  .object({
    templateId: z.string(),
    version: z.number().int(),
    name: z.string(),
    title: z.record(z.string(), z.string()).nullable().openapi({ description: 'The title by language, if any' }),
    description: z.string().nullable(),
    parameters: z
      .array(z.record(z.string(), z.unknown()))
      .openapi({ description: 'What the client fills in: the parameters, without person ones (they take defaults)' }),
  })
  .openapi('RequestForm');

export const listRequestForms = createRoute({
  method: 'get',
  path: '/api/requests/forms',
  tags: ['Processes'],
  summary: 'Client request forms: published templates marked “clients may start” (and, for staff, the clients)',
  description:
    'A client (observer) sends a request from one of these forms (`POST /api/processes`); an assistant, a manager ' +
    'or an admin logs one on a client’s behalf and gets `clients` to choose from. `/requests/new?template=<id>` in ' +
    'the web app is a shareable link to one form.',
  security,
  middleware: authorize(),
  responses: {
    200: {
      description: 'The forms the caller may send, and whom for',
      content: {
        'application/json': {
          schema: z.object({
            forms: z.array(RequestFormSchema),
            clients: z
              .array(z.object({ id: z.string(), name: z.string() }))
              .openapi({ description: 'Active clients (observers) to log a request for; empty for a client' }),
          }),
        },
      },
    },
    ...errorResponses,
  },
});
