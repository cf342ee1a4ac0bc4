import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../lib/auth.middleware';
import { PageQuerySchema, pageSchema } from '../lib/pagination';
import {
  conflictResponse,
  errorResponses,
  IdempotencyHeaderSchema,
  IdParamSchema,
  notFoundResponse,
  ProblemSchema,
  security,
} from '../lib/schemas';
import { DutyScheduleSchema } from '../../workflows/duty/duty.schema';
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
const tags = ['Duties'];
const staff = authorize('admin', 'manager');

/**
 * A duty schedule: how it recurs (daily, weekly on days, monthly on a day or the n-th weekday, the last business day,
 * quarterly, yearly, or an RFC 5545 rule), the time of day in a time zone, what happens on a weekend or holiday, and
 * the first (and optionally last) day. The workflows' own schema, so the document and the engine agree.
 */
const ScheduleSchema = safeJson(DutyScheduleSchema).openapi('DutySchedule');
const OverlapSchema = z.enum(['startAnyway', 'skip', 'escalate']);

export const DutySchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    name: z.string(),
    templateId: z.string(),
    templateVersion: z.number().int(),
    recurrence: z.record(z.string(), z.unknown()),
    schedule: z.record(z.string(), z.unknown()),
    timeZone: z.string(),
    assignee: z.string(),
    assigneeName: z.string().openapi({ description: 'Who does the work, by name' }),
    owner: z.string(),
    ownerName: z.string().openapi({ description: 'Whom the duty is for, by name' }),
    overlap: z.string(),
    status: z.string().openapi({ description: 'active, paused, ended or failed' }),
    failure: z.string().nullable().openapi({ description: 'Why the duty failed (status failed), in a sentence' }),
    nextOccurrenceAt: z.string().nullable(),
    lastOccurrenceAt: z.string().nullable(),
    lastOutcome: z.string().nullable(),
    occurrencesStarted: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Duty');

export const CreateDutySchema = z
  .object({
    templateId: z.uuid(),
    version: z.number().int().min(1).optional(),
    name: text({ min: 1, max: 200 }),
    params: safeJson(z.record(z.string(), z.unknown())).default({}),
    assignee: z.uuid(),
    owner: z
      .uuid()
      .optional()
      .openapi({ description: 'The client the duty is for (gets the reports); the caller by default' }),
    assigneeParameter: text({ min: 1, max: 100 }).optional(),
    schedule: ScheduleSchema,
    overlap: OverlapSchema.optional(),
  })
  .openapi('CreateDuty');

const DutyViewSchema = z
  .record(z.string(), z.unknown())
  .openapi('DutyView', { description: 'The duty workflow state (workflows/duty DutyView)' });
const OccurrenceSchema = z
  .object({
    nominalDate: z.string().openapi({ description: 'The date the recurrence rule gave (in the duty zone)' }),
    date: z.string().openapi({ description: 'The date it runs on after the business-day rule' }),
    at: z.string().openapi({ description: 'The instant it starts (ISO 8601, UTC)' }),
    moved: z.boolean(),
    skipped: z.enum(['nonBusinessDay', 'skipNext']).optional(),
    reason: z.string().optional().openapi({ description: 'Why it moved or is skipped' }),
    rule: z.enum(['previousBusinessDay', 'nextBusinessDay', 'skip']).optional(),
  })
  .openapi('Occurrence', { description: 'One upcoming occurrence with its adjusted date and the reason it moved' });
const ReasonSchema = z.object({ reason: text({ max: 2000 }).optional() });

export const listDuties = createRoute({
  method: 'get',
  path: '/api/duties',
  tags,
  summary: 'Duties the caller does, owns, or (managers) its team does; next occurrence first',
  security,
  middleware: authorize(),
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(['active', 'paused', 'ended', 'failed']).optional(),
      assignee: z.uuid().optional(),
    }),
  },
  responses: { 200: json(pageSchema(DutySchema).openapi('DutyPage'), 'A page'), ...errorResponses },
});

export const createDuty = createRoute({
  method: 'post',
  path: '/api/duties',
  tags,
  summary: 'Create a duty: a published template run on a recurrence',
  security,
  middleware: staff,
  request: { headers: IdempotencyHeaderSchema, body: body(CreateDutySchema) },
  responses: {
    201: json(DutySchema, 'Created'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

export const getDuty = createRoute({
  method: 'get',
  path: '/api/duties/{id}',
  tags,
  summary: 'A duty',
  security,
  middleware: authorize(),
  request: { params: IdParamSchema },
  responses: { 200: json(DutySchema, 'The duty'), ...errorResponses, ...notFoundResponse },
});

export const listUpcoming = createRoute({
  method: 'get',
  path: '/api/duties/{id}/upcoming',
  tags,
  summary: 'The next occurrences, with adjusted dates and why each moved',
  security,
  middleware: authorize(),
  request: {
    params: IdParamSchema,
    query: z.object({ count: z.coerce.number().int().min(1).max(100).default(12) }),
  },
  responses: {
    200: json(z.array(OccurrenceSchema), 'Upcoming occurrences'),
    ...errorResponses,
    ...notFoundResponse,
    ...unavailableResponse,
  },
});

// The path keeps its literal type, so the typed client (hono/client) sees each action under `:id`.
const dutyAction = <Action extends string>(path: Action, summary: string, request: z.ZodTypeAny) =>
  createRoute({
    method: 'post',
    path: `/api/duties/{id}/${path}` as `/api/duties/{id}/${Action}`,
    tags,
    summary,
    security,
    middleware: authorize(),
    request: {
      params: IdParamSchema,
      headers: IdempotencyHeaderSchema,
      body: { required: false, content: { 'application/json': { schema: request } } },
    },
    responses: {
      200: json(DutyViewSchema, 'The duty after the change'),
      ...errorResponses,
      ...notFoundResponse,
      ...conflictResponse,
      ...unavailableResponse,
    },
  });

export const pauseDuty = dutyAction('pause', 'Pause: no new occurrences until resumed', ReasonSchema);
export const resumeDuty = dutyAction('resume', 'Resume from the next occurrence after now', ReasonSchema);
export const skipNextDuty = dutyAction('skip-next', 'Skip the next occurrence (again: the one after)', ReasonSchema);
export const changeDutySchedule = createRoute({
  method: 'post',
  path: '/api/duties/{id}/schedule',
  tags,
  summary: 'Replace the schedule from the next occurrence on',
  security,
  middleware: authorize(),
  request: {
    params: IdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: body(ReasonSchema.extend({ schedule: ScheduleSchema, overlap: OverlapSchema.optional() })),
  },
  responses: {
    200: json(DutyViewSchema, 'The duty after the change'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

export const changeDutyAssignee = createRoute({
  method: 'post',
  path: '/api/duties/{id}/assignee',
  tags,
  summary: 'Give the duty to someone else from the next occurrence on',
  description:
    'Occurrences already started stay with whoever has them. The new assignee must be an active assistant or ' +
    'manager in the assignee’s team, or (for a manager) in the manager’s team or reporting line; admins may choose ' +
    'anyone who does the work.',
  security,
  middleware: authorize(),
  request: {
    params: IdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: body(ReasonSchema.extend({ assignee: z.uuid().openapi({ description: 'Who does the work from now on' }) })),
  },
  responses: {
    200: json(DutyViewSchema, 'The duty after the change'),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

const DayOffSchema = z
  .object({
    date: z.string(),
    reason: z.enum(['publicHoliday', 'companyDayOff']),
    name: z.string().optional().openapi({ description: 'The holiday’s name' }),
  })
  .openapi('DayOff');

export const DutyPreviewSchema = z
  .object({
    schedule: ScheduleSchema,
    templateId: z.uuid().optional().openapi({ description: 'The template to run: its calendar applies' }),
    owner: z.uuid().optional().openapi({ description: 'Whom the duty is for: their team calendar applies' }),
    count: z.number().int().min(1).max(24).default(12),
  })
  .openapi('DutyPreview');

export const previewDuty = createRoute({
  method: 'post',
  path: '/api/duties/preview',
  tags,
  summary: 'The next occurrences a schedule would give, each moved date explained, before the duty is saved',
  description:
    'Uses the same recurrence and business-day rules as the duty workflow, on the calendar of the owner’s team ' +
    '(else the one the template names). Also lists the public holidays and company days off from today to the last ' +
    'occurrence, for a calendar view.',
  security,
  middleware: staff,
  request: { body: body(DutyPreviewSchema) },
  responses: {
    200: json(
      z
        .object({
          occurrences: z.array(OccurrenceSchema),
          daysOff: z.array(DayOffSchema),
          timeZone: z.string(),
        })
        .openapi('DutyPreviewResult'),
      'The occurrences and days off'
    ),
    ...errorResponses,
  },
});

/** Two dates, a language for holiday names, and the process or duty whose calendar to read (the caller's else). */
const DayRangeQuerySchema = z.object({
  from: z.iso.date().openapi({ example: '2026-12-01' }),
  to: z.iso.date().openapi({ example: '2027-01-31' }),
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional()
    .openapi({ example: 'pl' }),
  process: z.string().min(1).max(200).optional().openapi({ description: 'a process the caller may see' }),
  duty: z.string().min(1).max(200).optional().openapi({ description: 'a duty the caller may see' }),
});

const NonWorkingDaysSchema = z
  .object({
    calendarId: z.string(),
    calendarName: z.string(),
    timeZone: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        reason: z.enum(['weekend', 'publicHoliday', 'companyDayOff']),
        name: z.string().optional(),
      })
    ),
  })
  .openapi('NonWorkingDays');

export const listNonWorkingDays = createRoute({
  method: 'get',
  path: '/api/duties/non-working-days',
  tags,
  summary:
    'Every non-working day (weekend, public holiday, company day off) between two dates (at most a year), holiday names in the given language: on the calendar a process’s or a duty’s dates are computed on when one is named, else on the caller’s team calendar',
  security,
  middleware: authorize(),
  request: { query: DayRangeQuerySchema },
  responses: {
    200: json(NonWorkingDaysSchema, 'The calendar’s zone and its non-working days, in order'),
    ...errorResponses,
  },
});

export const listNonWorkingDaysByProcess = createRoute({
  method: 'get',
  path: '/api/duties/non-working-days/by-process',
  tags,
  summary:
    'The non-working days of the calendars several processes’ dates are computed on, in one answer: each calendar once, with the processes on it (an inbox or team list marks all its dates with one request)',
  security,
  middleware: authorize(),
  request: {
    query: DayRangeQuerySchema.omit({ process: true, duty: true }).extend({
      processes: z
        .string()
        .min(1)
        .max(20_000)
        .openapi({ description: 'Up to 100 process ids the caller may see, separated by commas' }),
    }),
  },
  responses: {
    200: json(
      z
        .object({
          calendars: z.array(
            NonWorkingDaysSchema.extend({ processes: z.array(z.string()) }).openapi('NonWorkingDaysOfProcesses')
          ),
        })
        .openapi('NonWorkingDaysByProcess'),
      'Each calendar with its non-working days in order and the asked processes whose dates it computes'
    ),
    ...errorResponses,
  },
});

export const listDaysOff = createRoute({
  method: 'get',
  path: '/api/duties/days-off',
  tags,
  summary:
    'Public holidays and company days off between two dates (at most a year), names in the given language: on the calendar a process’s or a duty’s dates are computed on when one is named, else on the caller’s team calendar',
  security,
  middleware: authorize(),
  request: { query: DayRangeQuerySchema },
  responses: { 200: json(z.array(DayOffSchema), 'The days off, in order'), ...errorResponses },
});
