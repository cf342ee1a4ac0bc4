import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    code: z.string().optional().openapi({
      description:
        'Why the request was refused, as a key of the shared refusal catalogs (workflows/i18n/refusals.ts for a step’s actions, workflows/i18n/api-refusals.ts for the rest); `detail` says the same in English',
      example: 'stepNotOpen',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .openapi({ description: 'The values the sentence of `code` names (a person’s or team’s name, a number)' }),
  })
  .openapi('Problem');

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error answers shared by every authenticated route, for the OpenAPI document. */
export const errorResponses = {
  401: problemResponse('Not signed in, or the API token is unknown'),
  403: problemResponse('The caller may not do this, or a cookie request came from another site'),
  422: problemResponse('The request is not valid: `issues` names each field to fix'),
} as const;
export const notFoundResponse = { 404: problemResponse('No such object') } as const;
export const conflictResponse = { 409: problemResponse('The object is not in a state that allows this') } as const;
export const preconditionResponse = {
  412: problemResponse('The If-Match ETag is stale: someone else changed the object'),
  428: problemResponse('If-Match is required'),
} as const;

export const IdParamSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11' }),
});

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ description: 'Send the same key when retrying: the action happens at most once.' }),
});

export const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

/** Why a due date is what it is, as message keys with parameters, said in the reader's language by the web app. */
export const DueMessagesSchema = z
  .array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }))
  .nullable()
  .openapi('DueMessages', {
    description:
      'Clauses (ISO dates and instants, counts, units, reasons, the anchor named in the reader’s language), said ' +
      'with the shared deadline catalog (workflows/i18n/deadline-messages.ts); null when the date was set by hand',
  });
