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
import { FileIdsSchema, FileRefSchema } from './files.routes';
import { safeJson, text } from '../lib/text';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const tags = ['Inbox'];
const unavailableResponse = {
  503: {
    description: 'Temporal is unreachable: retry after the Retry-After seconds',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

export const QUADRANTS = ['doFirst', 'schedule', 'delegate', 'drop'] as const;

export const TaskIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/, 'expected a step id (a number)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '42' }),
});

export const InboxItemSchema = z
  .object({
    id: z.string(),
    processId: z.string(),
    processName: z.string().nullable(),
    nodeId: z.string(),
    round: z.number().int(),
    title: z.string(),
    assignee: z.string(),
    actingFor: z
      .string()
      .nullable()
      .openapi({ description: 'The absent person the assignee stands in for as deputy, if any' }),
    actingForName: z.string().nullable().openapi({ description: 'Their name' }),
    reviewerActingFor: z
      .string()
      .nullable()
      .openapi({ description: 'The absent reviewer the reviewer stands in for as deputy, if any' }),
    reviewerActingForName: z.string().nullable().openapi({ description: 'Their name' }),
    reviewer: z.string().nullable(),
    waitingFor: z
      .string()
      .nullable()
      .openapi({ description: 'Who must answer the step’s pending decision request, if one waits' }),
    status: z.string().openapi({ description: 'open, inProgress, inReview, done, returned, cancelled' }),
    /** Whether the caller acts on it as the assignee, reviews it, or must answer its decision request. */
    as: z.enum(['assignee', 'reviewer', 'decider']),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    priority: z.object({ urgent: z.boolean(), important: z.boolean() }),
    quadrant: z.enum(QUADRANTS),
    escalationLevel: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    team: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'The team whose queue the step was sent to (`assignee` is `team:<id>` until claimed)' }),
  })
  .openapi('InboxItem');

const StepRoundSchema = z.object({
  round: z.number().int(),
  stepId: z.string(),
  status: z.string(),
  assignee: z.string(),
  reviewer: z.string().nullable(),
  submittedAt: z.string().nullable(),
  values: z.record(z.string(), z.unknown()).nullable(),
  checklist: z.array(z.string()).nullable().openapi({ description: 'Checklist items ticked when submitted' }),
  timeLog: z.array(z.object({ by: z.string(), minutes: z.number(), at: z.string() })),
  ticked: z
    .array(z.object({ item: z.string(), by: z.string(), at: z.string() }))
    .openapi({ description: 'Checklist items ticked in this round so far, with who ticked each and when' }),
  minutes: z.number().int(),
  outcome: z.enum(['approved', 'returned', 'rejected']).nullable(),
  reviewComment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
const StepRecordSchema = z
  .object({
    rounds: z.array(StepRoundSchema),
    decisions: z.array(
      z.object({
        round: z.number().int(),
        question: z.string(),
        askedBy: z.string(),
        askedAt: z.string(),
        to: z.string().nullable(),
        answer: z.string().nullable(),
        answeredBy: z.string().nullable(),
        answeredAt: z.string().nullable(),
      })
    ),
    comments: z.array(
      z.object({
        round: z.number().int(),
        by: z.string(),
        text: z.string(),
        at: z.string(),
        kind: z.string(),
        visibility: z.enum(['public', 'internal']),
        files: z.array(FileRefSchema).optional(),
      })
    ),
    history: z.array(
      z.object({
        id: z.string(),
        round: z.number().int().nullable(),
        action: z.string(),
        actor: z.string(),
        detail: z.record(z.string(), z.unknown()),
        at: z.string(),
      })
    ),
  })
  .openapi('StepRecord');

const FormFieldSchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  type: z.string(),
  required: z.boolean().optional(),
});
export const StepDetailSchema = InboxItemSchema.extend({
  dueMessages: DueMessagesSchema,
  processStatus: z.string().nullable(),
  templateId: z.string().nullable(),
  templateVersion: z.number().int().nullable(),
  kind: z.string().nullable().openapi({ description: 'task or approval' }),
  instructions: z.string().nullable(),
  checklist: z.array(z.object({ id: z.string(), text: z.string(), required: z.boolean().optional() })),
  form: z.array(FormFieldSchema.passthrough()),
  allowDecisionRequests: z.boolean(),
  decisionPending: z.boolean().openapi({ description: 'A decision was requested and waits for an answer' }),
  latestStepId: z
    .string()
    .openapi({ description: 'The step id of this step’s latest round (differs once it was returned for rework)' }),
  people: z.record(z.string(), z.string()).openapi({ description: 'Names of everyone the record mentions, by id' }),
  processParameters: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), value: z.unknown() })),
  record: StepRecordSchema,
  actions: z
    .array(z.string())
    .openapi({ description: 'Actions the caller may try now (the workflow has the final word)' }),
  sensitiveValues: z
    .array(
      z.object({
        round: z.number().int(),
        field: z.string(),
        kind: z.enum(['iban', 'card', 'credential']),
        value: z.string().nullable().openapi({ description: 'null once erased' }),
        erasedAt: z.string().nullable(),
      })
    )
    .openapi({
      description:
        'Values of the form fields marked sensitive, for the step’s assignees and reviewers only (empty for anyone ' +
        'else); the record and the history hold masks',
    }),
}).openapi('StepDetail');

export const StepActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('start') }),
    z.object({
      type: z.literal('logTime'),
      minutes: z
        .number()
        .int()
        .min(-24 * 60)
        .max(24 * 60)
        .refine((minutes) => minutes !== 0, 'log at least one minute (a negative number corrects time logged)')
        .openapi({ description: 'Minutes spent; a negative number removes time logged by mistake in this round' }),
    }),
    z.object({
      type: z.literal('check'),
      item: text({ min: 1, max: 200 }).openapi({ description: 'The checklist item id' }),
      done: z.boolean(),
    }),
    z.object({
      type: z.literal('submit'),
      values: safeJson(z.record(z.string(), z.unknown())).optional(),
      checklist: z
        .array(text({ max: 200 }))
        .max(200)
        .optional(),
    }),
    z.object({ type: z.literal('approve'), comment: text({ max: 10_000 }).optional() }),
    z.object({ type: z.literal('reject'), comment: text({ max: 10_000 }).optional() }),
    z.object({ type: z.literal('returnForRework'), comment: text({ min: 1, max: 10_000 }) }),
    z.object({
      type: z.literal('requestDecision'),
      question: text({ min: 1, max: 10_000 }),
      from: z.uuid().optional(),
    }),
    z.object({ type: z.literal('answerDecision'), answer: text({ min: 1, max: 10_000 }) }),
    z.object({ type: z.literal('flagRisk'), text: text({ min: 1, max: 10_000 }) }),
    z.object({
      type: z.literal('comment'),
      text: text({ min: 1, max: 10_000 }),
      visibility: z.enum(['public', 'internal']).optional().openapi({
        description: 'internal (the default): staff only; public: the process’s client reads it too',
      }),
      files: FileIdsSchema,
    }),
    z.object({ type: z.literal('reassign'), to: z.uuid() }),
    z
      .object({
        type: z.literal('changeDue'),
        due: z.iso.datetime({ offset: true }).openapi({ description: 'The new deadline, in the future' }),
        reason: text({ min: 1, max: 2000 }),
      })
      .openapi({ description: 'A manager moves the deadline; the escalation ladder follows; audited with the reason' }),
    z
      .object({
        type: z.literal('setPriority'),
        urgent: z.boolean(),
        important: z.boolean(),
        reason: text({ max: 2000 }).optional(),
      })
      .openapi({ description: 'A manager sets the priority: the inbox quadrant and order follow' }),
    z
      .object({ type: z.literal('claim') })
      .openapi({ description: 'A team member takes the step from the team queue; 409 names who has it already' }),
    z.object({ type: z.literal('release') }).openapi({ description: 'Whoever has a team step puts it back' }),
    z.object({ type: z.literal('assign'), to: z.uuid() }).openapi({
      description: 'The team’s manager, the process starter or an admin gives a team step to a member of the team',
    }),
  ])
  .openapi('StepAction');
export type StepAction = z.infer<typeof StepActionSchema>;

export const listInbox = createRoute({
  method: 'get',
  path: '/api/inbox',
  tags,
  summary: 'Steps waiting for the caller (or, for staff, for `assignee`): by quadrant, then due date',
  security,
  middleware: authorize(),
  request: {
    query: PageQuerySchema.extend({
      assignee: z.uuid().optional().openapi({ description: 'Whose inbox (managers: their team; admins: anyone)' }),
      quadrant: z.enum(QUADRANTS).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      processId: text({ max: 200 }).optional(),
      q: text({ max: 200 }).optional().openapi({ description: 'Part of the step title' }),
      status: z
        .enum(['active', 'done', 'all'])
        .default('active')
        .openapi({ description: 'active (default): what needs doing; done; or all' }),
    }),
  },
  responses: { 200: json(pageSchema(InboxItemSchema).openapi('InboxPage'), 'A page'), ...errorResponses },
});

export const getStep = createRoute({
  method: 'get',
  path: '/api/steps/{id}',
  tags,
  summary: 'One step with its instructions, checklist and form',
  security,
  middleware: authorize(),
  request: { params: TaskIdParamSchema },
  responses: { 200: json(StepDetailSchema, 'The step'), ...errorResponses, ...notFoundResponse },
});

export const actOnStep = createRoute({
  method: 'post',
  path: '/api/steps/{id}/actions',
  tags,
  summary:
    'Act on a step: start, log time, submit, approve, return, decide, flag a risk, comment; claim, release or ' +
    'assign a team step; managers: reassign, move the deadline, set the priority',
  description:
    'Sent to the process as a workflow update. A refusal comes back as 409 (the step is not in a state that allows ' +
    'it) or 403 (the step is not yours), with the reason in `detail`. Of several members claiming the same team ' +
    'step at once exactly one wins; the others get 409 naming who has it (`holder` is their id). A team step in ' +
    'the queue must be claimed before it is started; assigning it to someone outside the team is 422. ' +
    'A 503 means the action was certainly not ' +
    'applied (Temporal unreachable before sending): retry. When the action was sent but its answer was lost ' +
    '(timeout, connection lost, server stopping) the answer is 202 with `outcome: "unknown"` and `Location` pointing ' +
    'at the step: retrying with the same `Idempotency-Key` returns the first outcome (the key becomes the update id, ' +
    'so the action is never applied twice; 202 again while it is still running), also once the step has moved on.',
  security,
  middleware: authorize(),
  request: {
    params: TaskIdParamSchema,
    headers: IdempotencyHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: StepActionSchema } } },
  },
  responses: {
    200: json(
      z.object({
        stepId: z.string(),
        action: z.string(),
        accepted: z.literal(true),
        nextStepId: z
          .string()
          .nullable()
          .openapi({
            description:
              'After submit, approve, reject or returnForRework: the caller’s next step in this process (the newest that ' +
              'waits for them), already in their inbox; otherwise null.',
          }),
      }),
      'Done'
    ),
    202: json(
      z.object({ stepId: z.string(), action: z.string(), outcome: z.literal('unknown'), detail: z.string() }),
      'Sent, outcome unknown: retry with the same Idempotency-Key, or look at the step (Location)'
    ),
    ...errorResponses,
    ...notFoundResponse,
    ...conflictResponse,
    ...unavailableResponse,
  },
});

export const TeamQueueItemSchema = z
  .object({
    id: z.string(),
    processId: z.string(),
    processName: z.string().nullable(),
    nodeId: z.string(),
    round: z.number().int(),
    title: z.string(),
    status: z.string().openapi({ description: 'open or inProgress' }),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    priority: z.object({ urgent: z.boolean(), important: z.boolean() }),
    escalationLevel: z.number().int(),
    team: z.object({ id: z.string(), name: z.string() }),
    claimedBy: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'Who has the step now; null while it waits in the queue' }),
    mine: z.boolean().openapi({ description: 'The caller has it' }),
    actions: z
      .array(z.enum(['claim', 'release', 'assign']))
      .openapi({ description: 'Team-queue actions the caller may try now (POST /api/steps/{id}/actions)' }),
  })
  .openapi('TeamQueueItem');

export const listTeamQueue = createRoute({
  method: 'get',
  path: '/api/inbox/queue',
  tags,
  summary: 'The caller’s team queue: steps sent to the team, unclaimed first, each with who has it',
  description:
    'Every member sees the same list. A step leaves it when it is submitted or done; a claimed one stays, ' +
    'naming the member who has it.',
  security,
  middleware: authorize(),
  responses: {
    200: json(z.object({ items: z.array(TeamQueueItemSchema) }).openapi('TeamQueue'), 'The team queue'),
    ...errorResponses,
  },
});

export const TeamStepSchema = z
  .object({
    id: z.string(),
    processId: z.string(),
    processName: z.string().nullable(),
    title: z.string(),
    round: z.number().int(),
    status: z.string(),
    assignee: z.string(),
    assigneeName: z.string().nullable(),
    actingFor: z.string().nullable(),
    actingForName: z.string().nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    atRisk: z.boolean().openapi({ description: 'Not overdue but due within 24 hours, or a risk was flagged on it' }),
    escalationLevel: z.number().int(),
    quadrant: z.enum(QUADRANTS),
  })
  .openapi('TeamStep');

export const listTeamSteps = createRoute({
  method: 'get',
  path: '/api/inbox/team',
  tags,
  summary: 'The open steps of the caller’s team by person: overdue first, then at risk, then by due date',
  description: 'For a team lead’s morning look: managers see their team’s members, admins everyone’s.',
  security,
  middleware: authorize('admin', 'manager'),
  responses: {
    200: json(
      z
        .object({
          people: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              role: z
                .string()
                .openapi({ description: 'The person’s role; `team` for a team’s queue of unclaimed steps' }),
              overdue: z.number().int(),
              atRisk: z.number().int(),
              steps: z.array(TeamStepSchema),
            })
          ),
        })
        .openapi('TeamSteps'),
      'Each person with their open steps'
    ),
    ...errorResponses,
  },
});
