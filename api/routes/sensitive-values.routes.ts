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

export const SensitiveValuesStatusSchema = z
  .object({
    fields: z
      .array(
        z.object({
          nodeId: z.string(),
          field: z.string(),
          label: z.string().openapi({ description: 'The form field’s label (its name when the template has none)' }),
          kind: z.enum(['iban', 'card', 'credential']),
          stored: z.number().int().openapi({ description: 'Values of this field still kept (one per round)' }),
        })
      )
      .openapi({ description: 'The sensitive fields of the process that hold values, erased or not' }),
    stored: z.number().int().openapi({ description: 'Values still kept, over all fields' }),
    erasedAt: z.string().nullable().openapi({ description: 'When values were last erased' }),
    erasedBy: z.string().nullable(),
    erasedByName: z.string().nullable(),
    mayErase: z.boolean().openapi({ description: 'The caller may erase them now (the process is closed)' }),
  })
  .openapi('SensitiveValuesStatus');

export const getSensitiveValuesStatus = createRoute({
  method: 'get',
  path: '/api/processes/{id}/sensitive-values',
  tags: ['Processes'],
  summary: 'What sensitive values a process keeps (never the values), and who erased them and when',
  description:
    'For staff who may see the process (not its client): the sensitive fields holding values, how many are still ' +
    'kept, whether the caller may erase them now, and the last erasure.',
  security,
  middleware: authorize('admin', 'manager', 'assistant'),
  request: { params: ProcessIdParamSchema },
  responses: {
    200: {
      description: 'The sensitive values’ state',
      content: { 'application/json': { schema: SensitiveValuesStatusSchema } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});
