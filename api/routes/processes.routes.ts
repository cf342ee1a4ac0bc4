import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { PageQuerySchema, pageSchema } from '../lib/pagination';
import {
  conflictResponse,
  DueMessagesSchema,
  errorResponses,
  IdempotencyHeaderSchema,
  notFoundResponse,
  ProblemSchema,
  security,
} from '../lib/schemas';
import { FileIdsSchema } from './files.routes';
import { safeJson, text } from '../lib/text';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const unavailableResponse = {
  503: {
    description: 'Temporal is unreachable: retry after the Retry-After seconds',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;
const tags = ['Processes'];

export const PROCESS_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'rejected'] as const;

/** A process workflow id: `process-<uuid>` for started processes, other workflow-id characters for subprocesses. */
export const ProcessIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:@-]+$/, 'expected a process id such as process-0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'process-0b8f4c1e-4d7a-4c3e-9c53-2d1f0b4e8a11' }),
});

export const ProcessSummarySchema = z
  .object({
    id: z.string().openapi({ description: 'The workflow id' }),
    templateId: z.string(),
    templateVersion: z.number().int(),
    templateName: z.string(),
    starter: z.string(),
    starterName: z.string().nullable().openapi({ description: 'The starter’s name' }),
    owner: z.string().nullable(),
    ownerName: z.string().nullable().openapi({ description: 'The client’s (owner’s) name' }),
    params: z.record(z.string(), z.unknown()),
    status: z.string().openapi({ description: 'running, completed, cancelled, failed or rejected' }),
    startedAt: z.string(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
    openSteps: z.number().int(),
    overdueSteps: z.number().int(),
  })
  .openapi('ProcessSummary');

export const ProcessTaskSchema = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    round: z.number().int(),
    title: z.string(),
    assignee: z.string(),
    reviewer: z.string().nullable(),
    actingFor: z.string().nullable().openapi({ description: 'The absent person the assignee stands in for, if any' }),
    reviewerActingFor: z
      .string()
      .nullable()
      .openapi({ description: 'The absent reviewer the reviewer stands in for, if any' }),
    status: z.string(),
    dueAt: z.string().nullable(),
    dueMessages: DueMessagesSchema,
    escalationLevel: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ProcessStep');

export const ProcessDetailSchema = ProcessSummarySchema.extend({
  steps: z.array(ProcessTaskSchema),
  people: z
    .record(z.string(), z.string())
    .openapi({ description: 'Names of the people the process, its steps and its history mention, by id' }),
  mayCancel: z
    .boolean()
    .openapi({ description: 'Whether the caller may cancel it (the same rule the cancel route applies)' }),
  clientView: z.boolean().openapi({
    description:
      'The caller is the process’s client (an observer): the history and steps it reads hold public comments only',
  }),
}).openapi('ProcessDetail');

export const StartProcessSchema = z
  .object({
    templateId: z.uuid(),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'A published version; the latest when omitted' }),
    params: safeJson(z.record(z.string(), z.unknown())).default({}),
    owner: z
      .uuid()
      .optional()
      .openapi({
        description:
          'Whom the process is for (an observer sees it); the starter by default. An assistant logging a request ' +
          'names the client here; a client may leave it out (it is the owner).',
      }),
    receivedAt: z.iso
      .datetime({ offset: true, message: 'an ISO 8601 date-time with an offset, e.g. "2027-03-31T09:15:00+02:00"' })
      .optional()
      .openapi({
        description:
          'When the request came in (a call, a letter), at most 30 days ago: deadlines relative to the start run ' +
          'from it. Now by default; not for clients.',
      }),
    files: FileIdsSchema.openapi({
      description: 'Files uploaded with `POST /api/files` that come with the request; its client reads them',
    }),
  })
  .openapi('StartProcess');

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    nodeId: z.string().nullable(),
    action: z.string(),
    actor: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

const ProcessStateSchema = z
  .record(z.string(), z.unknown())
  .openapi('ProcessState', { description: 'The workflow query answer (workflows/interpreter ProcessState)' });

export const listProcesses = createRoute({
  method: 'get',
  path: '/api/processes',
  tags,
  summary: 'Processes the caller may see, newest first',
  security,
  middleware: authorize(),
  request: {
    query: PageQuerySchema.extend({
      templateId: z.uuid().optional(),
      status: z.enum(PROCESS_STATUSES).optional(),
      assignee: z.uuid().optional().openapi({ description: 'Processes with a step assigned to this person' }),
      overdue: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Only processes with an overdue open step' }),
    }),
  },
  responses: { 200: json(pageSchema(ProcessSummarySchema).openapi('ProcessPage'), 'A page'), ...errorResponses },
});

export const StartWarningSchema = z
  .object({
    code: z.literal('escalation-target-missing'),
    nodeId: z.string(),
    step: z.string().openapi({ description: 'The step’s title' }),
    rung: z.number().int().openapi({ description: 'The rung of the step’s ladder, counted from 1' }),
    missing: z.enum(['assigneeManager', 'deputy', 'delegatorManager']),
    person: z.string().openapi({ description: 'Whose manager or deputy is missing, by name' }),
    message: z.string(),
  })
  .openapi('StartWarning');

export const startProcess = createRoute({
  method: 'post',
  path: '/api/processes',
  tags,
  summary: 'Start a process from a published template version',
  description:
    'Managers and admins start any template. A template marked `clientsMayStart` is also started by a client ' +
    '(an observer: for itself, person parameters from their defaults) and by an assistant on a client’s behalf ' +
    '(`owner` the client, `receivedAt` when the request came in); anyone else gets 403.',
  security,
  middleware: authorize(),
  request: { headers: IdempotencyHeaderSchema, body: body(StartProcessSchema) },
  responses: {
    201: json(
      ProcessSummarySchema.extend({
        warnings: z.array(StartWarningSchema).openapi({
          description:
            'Escalation rungs that cannot reach the level they name with today’s org chart (someone reports to ' +
            'nobody or has no deputy). The process runs: such a rung goes to the next person up when it fires.',
        }),
      }).openapi('StartedProcess'),
      'Started'
    ),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

export const getProcess = createRoute({
  method: 'get',
  path: '/api/processes/{id}',
  tags,
  summary: 'A process and its steps (every round)',
  security,
  middleware: authorize(),
  request: { params: ProcessIdParamSchema },
  responses: { 200: json(ProcessDetailSchema, 'The process'), ...errorResponses, ...notFoundResponse },
});

export const getProcessDiagram = createRoute({
  method: 'get',
  path: '/api/processes/{id}/diagram',
  tags,
  summary: 'The published template version the process runs, to draw its diagram (everyone who may see the process)',
  security,
  middleware: authorize(),
  request: { params: ProcessIdParamSchema },
  responses: {
    200: json(
      z
        .object({
          templateId: z.string(),
          templateVersion: z.number().int(),
          definition: z
            .record(z.string(), z.unknown())
            .openapi({ description: 'The version snapshot (workflows/template Template): nodes, edges, parameters' }),
        })
        .openapi('ProcessDiagram'),
      'The version the process runs'
    ),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const getProcessState = createRoute({
  method: 'get',
  path: '/api/processes/{id}/state',
  tags,
  summary: 'The live state, from the workflow query',
  security,
  middleware: authorize(),
  request: { params: ProcessIdParamSchema },
  responses: {
    200: json(ProcessStateSchema, 'Nodes, steps with due dates and explanations, variables'),
    ...errorResponses,
    ...notFoundResponse,
    ...unavailableResponse,
  },
});

export const listProcessAudit = createRoute({
  method: 'get',
  path: '/api/processes/{id}/audit',
  tags,
  summary: 'History: everything that happened, oldest first',
  security,
  middleware: authorize(),
  request: { params: ProcessIdParamSchema, query: PageQuerySchema },
  responses: {
    200: json(pageSchema(AuditEntrySchema).openapi('AuditPage'), 'A page'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const cancelProcess = createRoute({
  method: 'post',
  path: '/api/processes/{id}/cancel',
  tags,
  summary: 'Cancel a running process (its open steps are cancelled)',
  security,
  middleware: authorize(),
  request: {
    params: ProcessIdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ reason: text({ max: 2000 }).optional() }) } },
    },
  },
  responses: {
    202: json(z.object({ id: z.string(), status: z.literal('cancelling') }), 'Cancellation requested'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

export const changeProcessParameter = createRoute({
  method: 'post',
  path: '/api/processes/{id}/parameters',
  tags,
  summary: 'Change a parameter of a running process (e.g. move the event date): open deadlines are re-planned',
  description:
    'Only whoever started the process may change its parameters. Every open step and wait whose deadline hangs off ' +
    'the parameter gets a new due date and escalation timers; a deadline already past flags its step at risk.',
  security,
  middleware: authorize(),
  request: {
    params: ProcessIdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: body(
      z
        .object({ name: text({ min: 1, max: 200 }), value: safeJson(z.unknown()) })
        .refine((input) => input.value !== undefined, { message: 'value is required', path: ['value'] })
        .openapi('ParameterChange')
    ),
  },
  responses: {
    200: json(z.object({ id: z.string(), name: z.string(), value: z.unknown() }), 'The parameter was changed'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});
