import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import {
  conflictResponse,
  errorResponses,
  IdempotencyHeaderSchema,
  notFoundResponse,
  ProblemSchema,
  security,
} from '../lib/schemas';
import { text } from '../lib/text';
import { FileIdsSchema } from './files.routes';
import { ProcessIdParamSchema } from './processes.routes';

export const ProcessCommentSchema = z
  .object({
    text: text({ min: 1, max: 10_000 }),
    visibility: z
      .enum(['public', 'internal'])
      .optional()
      .openapi({
        description:
          'Staff: internal (the default) is read by staff only, public by the process’s client too. A client’s ' +
          'comments are always public (internal is refused).',
      }),
    files: FileIdsSchema,
  })
  .openapi('ProcessComment');

export const commentOnProcess = createRoute({
  method: 'post',
  path: '/api/processes/{id}/comments',
  tags: ['Processes'],
  summary: 'Comment on a running process: its client (public) or its staff (internal unless public)',
  description:
    'Anyone who may see the process comments on it. A client’s comment tells the assignees of its open steps and ' +
    'its starter; a public staff comment tells the client. The comment is in the history as `commented` with its ' +
    '`visibility`; a client never reads internal ones through any route.',
  security,
  middleware: authorize(),
  request: {
    params: ProcessIdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: ProcessCommentSchema } } },
  },
  responses: {
    201: {
      description: 'The comment is in the process’s history',
      content: {
        'application/json': {
          schema: z.object({ processId: z.string(), visibility: z.enum(['public', 'internal']) }),
        },
      },
    },
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    503: {
      description: 'Temporal is unreachable: retry after the Retry-After seconds',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});
