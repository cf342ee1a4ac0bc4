import { createRoute, z } from '@hono/zod-openapi';
import { ISSUE_CODES } from '../../workflows/template';
import { authorize } from '../lib/auth.middleware';
import { PageQuerySchema, pageSchema } from '../lib/pagination';
import {
  conflictResponse,
  errorResponses,
  IdempotencyHeaderSchema,
  IdParamSchema,
  notFoundResponse,
  preconditionResponse,
  security,
} from '../lib/schemas';
import { safeJson, text } from '../lib/text';

/** A template as the designer writes it (see workflows/template); a draft may be incomplete or invalid. */
const DraftSchema = safeJson(z.record(z.string(), z.unknown())).openapi('TemplateDraft', {
  description: 'A template document (workflows/template TemplateInput), possibly invalid',
});

export const TemplateSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    title: z.string().openapi({
      description: "The name as the reader sees it: a built-in template's name in their language, else the name",
    }),
    revision: z.number().int().openapi({ description: 'Increases on each draft change; the ETag carries it' }),
    archived: z.boolean(),
    latestVersion: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TemplateSummary');

export const TemplateSchema = TemplateSummarySchema.extend({ draft: DraftSchema }).openapi('Template');

export const TemplateInputSchema = z
  .object({ name: text({ min: 1, max: 200 }), draft: DraftSchema })
  .openapi('TemplateInput');

export const IssueSchema = z
  .object({
    code: z.enum(ISSUE_CODES),
    severity: z.enum(['error', 'warning']),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    message: z.string(),
    hint: z.string(),
  })
  .openapi('ValidationIssue');

export const ValidationResultSchema = z
  .object({ valid: z.boolean(), issues: z.array(IssueSchema) })
  .openapi('ValidationResult');

export const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.uuid().nullable(),
    releaseNotes: z.string().nullable().openapi({ description: 'What changed, as the publisher wrote it' }),
  })
  .openapi('TemplateVersionSummary');

export const PublishInputSchema = z
  .object({
    releaseNotes: text({ max: 5000 })
      .optional()
      .openapi({ description: 'What changed in this version, shown in the version history' }),
  })
  .openapi('PublishInput');

export const VersionSchema = VersionSummarySchema.extend({
  templateId: z.uuid(),
  definition: DraftSchema,
}).openapi('TemplateVersion');

const ChangesSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
});
export const DiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    nodes: ChangesSchema,
    edges: ChangesSchema,
    settings: z.array(z.string()).openapi({ description: 'Top-level fields (name, parameters, …) that differ' }),
  })
  .openapi('TemplateDiff');

export const ExportSchema = z
  .object({
    format: z.literal('baton-template'),
    name: text({ min: 1, max: 200 }),
    draft: DraftSchema,
    versions: z
      .array(z.object({ version: z.number().int().min(1), definition: DraftSchema }))
      .max(1000)
      .default([]),
  })
  .openapi('TemplateExport');

const VersionParamSchema = IdParamSchema.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

const IfMatchSchema = z.object({
  'if-match': z.string().optional().openapi({ description: 'The ETag from the last read; required to change a draft' }),
});

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const managers = authorize('admin', 'manager');
const tags = ['Templates'];

export const listTemplates = createRoute({
  method: 'get',
  path: '/api/templates',
  tags,
  summary: 'List templates',
  security,
  middleware: managers,
  request: {
    query: PageQuerySchema.extend({
      archived: z.enum(['true', 'false']).optional().openapi({ description: 'Archived ones only, or none (default)' }),
      q: text({ max: 200 }).optional().openapi({ description: 'Part of the name' }),
    }),
  },
  responses: { 200: json(pageSchema(TemplateSummarySchema).openapi('TemplatePage'), 'A page'), ...errorResponses },
});

export const createTemplate = createRoute({
  method: 'post',
  path: '/api/templates',
  tags,
  summary: 'Create a template with a draft',
  security,
  middleware: managers,
  request: { headers: IdempotencyHeaderSchema, body: body(TemplateInputSchema) },
  responses: { 201: json(TemplateSchema, 'Created; the ETag header is its revision'), ...errorResponses },
});

export const getTemplate = createRoute({
  method: 'get',
  path: '/api/templates/{id}',
  tags,
  summary: 'A template and its draft (with an ETag)',
  security,
  middleware: managers,
  request: { params: IdParamSchema },
  responses: { 200: json(TemplateSchema, 'The template'), ...errorResponses, ...notFoundResponse },
});

export const updateTemplate = createRoute({
  method: 'put',
  path: '/api/templates/{id}',
  tags,
  summary: 'Replace the draft (If-Match required)',
  security,
  middleware: managers,
  request: { params: IdParamSchema, headers: IfMatchSchema, body: body(TemplateInputSchema) },
  responses: {
    200: json(TemplateSchema, 'Saved; the new ETag is in the header'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...preconditionResponse,
  },
});

export const validateDraft = createRoute({
  method: 'post',
  path: '/api/templates/{id}/validate',
  tags,
  summary: 'Validate the draft: explained errors and warnings',
  security,
  middleware: managers,
  request: { params: IdParamSchema },
  responses: { 200: json(ValidationResultSchema, 'Issues, if any'), ...errorResponses, ...notFoundResponse },
});

const TimelineRowSchema = z
  .object({
    nodeId: z.string(),
    title: z.string(),
    rule: z.string().openapi({ description: 'The deadline in its text form' }),
    due: z.string().nullable().openapi({ description: 'ISO 8601; null when the rule cannot be computed' }),
    from: z.string().nullable().openapi({ description: 'When the step can start: the start, or its anchor step done' }),
    explanationMessages: z
      .array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }))
      .nullable()
      .openapi({
        description:
          'Why the date is what it is, skipped days included: message keys with parameters (ISO dates, counts, ' +
          "units, reasons, names) to say in the reader's language with the shared deadline catalog " +
          '(workflows/i18n/deadline-messages.ts)',
      }),
    warnings: z.array(z.enum(['past', 'nonBusinessDay', 'movedToWorkingTime'])),
    problem: z
      .object({
        key: z.enum(['unreadable', 'missingAnchor', 'invalidAnchor', 'notComputed']),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      })
      .nullable()
      .openapi({
        description:
          'Why the rule cannot be computed, as a key with parameters (`at`: where reading stopped; the anchor), ' +
          'null when it can',
      }),
  })
  .openapi('TimelineRow');

export const previewTimeline = createRoute({
  method: 'post',
  path: '/api/templates/{id}/timeline',
  tags,
  summary: "Every step's due date in the draft for a start and parameter values, with the reasons",
  security,
  middleware: managers,
  request: {
    params: IdParamSchema,
    body: body(
      z.object({
        start: z.iso.datetime({ offset: true }).openapi({ description: 'When the process would start' }),
        parameters: z
          .record(text({ max: 100 }), text({ max: 100 }))
          .optional()
          .openapi({ description: 'Date and datetime parameters, e.g. { "eventDate": "2027-03-31" }' }),
        occurrence: z.iso
          .datetime({ offset: true })
          .optional()
          .openapi({ description: 'A duty occurrence the steps hang off (the start when omitted)' }),
      })
    ),
  },
  responses: {
    200: json(
      z.object({
        calendar: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
        rows: z.array(TimelineRowSchema),
      }),
      'Rows by due date; rows that cannot be computed last, with their error'
    ),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const publishTemplate = createRoute({
  method: 'post',
  path: '/api/templates/{id}/publish',
  tags,
  summary: 'Publish the draft as an immutable version',
  security,
  middleware: managers,
  request: {
    params: IdParamSchema,
    headers: IfMatchSchema.extend(IdempotencyHeaderSchema.shape),
    query: z.object({
      version: z.coerce
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .openapi({ description: 'The version number to publish as; the next one when omitted' }),
    }),
    body: { required: false, content: { 'application/json': { schema: PublishInputSchema } } },
  },
  responses: {
    201: json(VersionSchema, 'Published'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...preconditionResponse,
  },
});

export const listVersions = createRoute({
  method: 'get',
  path: '/api/templates/{id}/versions',
  tags,
  summary: 'Published versions',
  security,
  middleware: managers,
  request: { params: IdParamSchema },
  responses: {
    200: json(z.array(VersionSummarySchema), 'Versions, oldest first'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const getVersion = createRoute({
  method: 'get',
  path: '/api/templates/{id}/versions/{version}',
  tags,
  summary: 'One published version',
  security,
  middleware: managers,
  request: { params: VersionParamSchema },
  responses: { 200: json(VersionSchema, 'The version'), ...errorResponses, ...notFoundResponse },
});

export const diffVersions = createRoute({
  method: 'get',
  path: '/api/templates/{id}/diff',
  tags,
  summary: 'What changed between two published versions',
  security,
  middleware: managers,
  request: {
    params: IdParamSchema,
    query: z.object({
      from: z.coerce.number().int().min(1).max(1_000_000),
      to: z.coerce.number().int().min(1).max(1_000_000),
    }),
  },
  responses: {
    200: json(DiffSchema, 'Added, removed and changed nodes and edges'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const archiveTemplate = createRoute({
  method: 'post',
  path: '/api/templates/{id}/archive',
  tags,
  summary: 'Archive: no new processes; running ones continue',
  security,
  middleware: managers,
  request: { params: IdParamSchema, headers: IdempotencyHeaderSchema },
  responses: {
    200: json(TemplateSummarySchema, 'Archived'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
  },
});

export const exportTemplate = createRoute({
  method: 'get',
  path: '/api/templates/{id}/export',
  tags,
  summary: 'Export the draft and every version as JSON',
  security,
  middleware: managers,
  request: { params: IdParamSchema },
  responses: { 200: json(ExportSchema, 'The export document'), ...errorResponses, ...notFoundResponse },
});

export const importTemplate = createRoute({
  method: 'post',
  path: '/api/templates/import',
  tags,
  summary: 'Import an export document as a new template',
  security,
  middleware: managers,
  request: { headers: IdempotencyHeaderSchema, body: body(ExportSchema) },
  responses: { 201: json(TemplateSchema, 'Imported'), ...errorResponses },
});
