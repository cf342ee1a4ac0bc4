import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { errorResponses, notFoundResponse, ProblemSchema, security } from '../lib/schemas';

export const FileRefSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string().openapi({ description: 'Recognised from the bytes for images and PDFs' }),
  })
  .openapi('FileRef');

export const FileIdsSchema = z
  .array(z.uuid())
  .max(20)
  .optional()
  .openapi({ description: 'Files uploaded with `POST /api/files` to attach (at most 20)' });

export const uploadFile = createRoute({
  method: 'post',
  path: '/api/files',
  tags: ['Files'],
  summary: 'Upload a file (the raw bytes as the body), to attach to a request, a comment or a step’s file field',
  description:
    'The body is the file itself, its `Content-Type` the file’s type, `name` its name. The file is the uploader’s ' +
    'alone until a request, comment or step submission names its id; then whoever may see that process reads it (a ' +
    'client only public ones). Bytes are written durably before the answer; a larger file than the limit is 413.',
  security,
  middleware: authorize(),
  request: { query: z.object({ name: z.string().min(1).max(1000) }) },
  responses: {
    201: { description: 'The file is stored', content: { 'application/json': { schema: FileRefSchema } } },
    413: {
      description: 'The file is larger than the limit',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    ...errorResponses,
  },
});

export const downloadFile = createRoute({
  method: 'get',
  path: '/api/files/{id}',
  tags: ['Files'],
  summary: 'Read a file: images and PDFs inline, everything else as a download of application/octet-stream',
  description:
    'Only for who may see the file: its uploader before it is attached; afterwards whoever may see its process, a ' +
    'client only public files (its requests’ and public comments’). `X-Content-Type-Options: nosniff` and a ' +
    'sandboxing Content-Security-Policy make sure no file runs as a page.',
  security,
  middleware: authorize(),
  request: { params: z.object({ id: z.uuid() }), query: z.object({ download: z.enum(['1']).optional() }) },
  responses: {
    200: { description: 'The file’s bytes', content: { 'application/octet-stream': { schema: z.string() } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const ProcessFileSchema = FileRefSchema.extend({
  visibility: z.enum(['public', 'internal']),
  nodeId: z.string().nullable(),
  uploadedBy: z.string().openapi({ description: 'The uploader’s name' }),
  uploadedAt: z.string(),
}).openapi('ProcessFile');

export const listProcessFiles = createRoute({
  method: 'get',
  path: '/api/processes/{id}/files',
  tags: ['Files'],
  summary: 'The files attached to a process that the caller may read (a client: the public ones)',
  security,
  middleware: authorize(),
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[\w.:@-]+$/, 'expected a process id')
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'Oldest first',
      content: { 'application/json': { schema: z.object({ files: z.array(ProcessFileSchema) }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});
