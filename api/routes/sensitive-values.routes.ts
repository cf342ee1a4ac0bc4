import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { conflictResponse, errorResponses, notFoundResponse, security } from '../lib/schemas';
import { ProcessIdParamSchema } from './processes.routes';

export const eraseSensitiveValues = createRoute({
  method: 'post',
  path: '/api/processes/{id}/sensitive-values/erase',
  tags: ['Processes'],
  summary: 'Erase the values of sensitive form fields (bank accounts, card numbers, credentials) of a closed process',
  description:
    'Sensitive values are kept apart from the history (which shows masks) and read only by each step’s assignee and ' +
    'reviewer. Once the process is closed, whoever may manage it (its starter, managers, admins; never its client) ' +
    'erases them; who erased them and when is kept. 409 while it runs.',
  security,
  middleware: authorize(),
  request: { params: ProcessIdParamSchema },
  responses: {
    200: {
      description: 'The values are erased',
      content: { 'application/json': { schema: z.object({ processId: z.string(), erased: z.number().int() }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});
