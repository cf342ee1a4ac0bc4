import { createRoute, z } from '@hono/zod-openapi';
import { BusinessCalendarSchema } from '../../workflows/calendar';
import { resolvePublicHolidays, UnsupportedHolidayRegionError } from '../../workflows/calendar/holidays';
import { authorize, authorizeSelfOr } from '../lib/auth.middleware';
import { PageQuerySchema, pageSchema } from '../lib/pagination';
import {
  errorResponses,
  IdempotencyHeaderSchema,
  IdParamSchema,
  notFoundResponse,
  conflictResponse,
  security,
} from '../lib/schemas';
import { RoleSchema } from './auth.routes';
import { safeJson, text } from '../lib/text';
import { newPasswordSchema } from '../people/password-policy';

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    teamId: z.uuid().nullable(),
    reportsTo: z.uuid().nullable().openapi({ description: 'The user this one reports to' }),
    deputyId: z.uuid().nullable().openapi({ description: 'Who takes over new and open steps during an absence' }),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

export const NewUserSchema = z
  .object({
    email: z.email().max(320),
    name: text({ min: 1, max: 200 }),
    role: RoleSchema,
    password: newPasswordSchema,
    teamId: z.uuid().nullable().optional(),
    reportsTo: z.uuid().nullable().optional(),
    deputyId: z.uuid().nullable().optional(),
  })
  .openapi('NewUser');

export const UserPatchSchema = z
  .object({
    name: text({ min: 1, max: 200 }),
    role: RoleSchema,
    password: newPasswordSchema,
    teamId: z.uuid().nullable(),
    reportsTo: z.uuid().nullable(),
    deputyId: z.uuid().nullable(),
    disabled: z.boolean(),
  })
  .partial()
  .openapi('UserPatch');

export const TeamSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    calendar: BusinessCalendarSchema.nullable().openapi({ description: 'The business calendar of this team' }),
  })
  .openapi('Team');

/** A calendar whose public holidays date-holidays knows: with an unknown country or region no process could start. */
const KnownCalendarSchema = safeJson(BusinessCalendarSchema).superRefine((calendar, ctx) => {
  try {
    resolvePublicHolidays(calendar, 2026, 2026);
  } catch (error) {
    if (!(error instanceof UnsupportedHolidayRegionError)) throw error;
    ctx.addIssue({ code: 'custom', path: [error.region === undefined ? 'country' : 'region'], message: error.message });
  }
});

export const TeamInputSchema = z
  .object({ name: text({ min: 1, max: 200 }), calendar: KnownCalendarSchema.nullable().optional() })
  .openapi('TeamInput');

export const AbsenceSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    deputyId: z.uuid().nullable(),
    note: z.string().nullable(),
    endedAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'When the absence was ended early (the person is back since); null if not' }),
  })
  .openapi('Absence');

export const AbsencePatchSchema = z
  .object({
    startsOn: z.iso.date().optional(),
    endsOn: z.iso.date().optional(),
    deputyId: z.uuid().nullable().optional(),
    note: text({ max: 1000 }).nullable().optional(),
  })
  .refine((patch) => patch.startsOn === undefined || patch.endsOn === undefined || patch.endsOn >= patch.startsOn, {
    path: ['endsOn'],
    message: 'an absence ends on or after the day it starts',
  })
  .openapi('AbsencePatch');

export const AbsenceParamSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  absenceId: z.uuid().openapi({ param: { name: 'absenceId', in: 'path' } }),
});

export const NewAbsenceSchema = z
  .object({
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    deputyId: z.uuid().nullable().optional(),
    note: text({ max: 1000 }).optional(),
  })
  .refine((absence) => absence.endsOn >= absence.startsOn, {
    path: ['endsOn'],
    message: 'an absence ends on or after the day it starts',
  })
  .openapi('NewAbsence');

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const listUsers = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['People'],
  summary: 'List people (admins and managers)',
  security,
  middleware: [authorize('admin', 'manager')] as const,
  request: {
    query: PageQuerySchema.extend({ role: RoleSchema.optional(), teamId: z.uuid().optional() }),
  },
  responses: { 200: json(pageSchema(UserSchema).openapi('UserPage'), 'A page of people'), ...errorResponses },
});

export const createUser = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['People'],
  summary: 'Create a user (admins)',
  security,
  middleware: [authorize('admin')] as const,
  request: { headers: IdempotencyHeaderSchema, body: body(NewUserSchema) },
  responses: { 201: json(UserSchema, 'Created'), ...errorResponses, ...conflictResponse },
});

export const getUser = createRoute({
  method: 'get',
  path: '/api/users/{id}',
  tags: ['People'],
  summary: 'One person (admins, managers, or the person)',
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: IdParamSchema },
  responses: { 200: json(UserSchema, 'The person'), ...errorResponses, ...notFoundResponse },
});

export const updateUser = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['People'],
  summary: 'Change role, team, reporting line, deputy, password (admins)',
  security,
  middleware: [authorize('admin')] as const,
  request: { params: IdParamSchema, body: body(UserPatchSchema) },
  responses: { 200: json(UserSchema, 'Updated'), ...errorResponses, ...notFoundResponse },
});

export const listAbsences = createRoute({
  method: 'get',
  path: '/api/users/{id}/absences',
  tags: ['People'],
  summary: "A person's absences (the person, a manager of their team or reporting line, or an admin)",
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: IdParamSchema },
  responses: { 200: json(z.array(AbsenceSchema), 'Absences'), ...errorResponses, ...notFoundResponse },
});

export const createAbsence = createRoute({
  method: 'post',
  path: '/api/users/{id}/absences',
  tags: ['People'],
  summary: 'Record an absence; the deputy takes over meanwhile (admins, managers, or the person)',
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: IdParamSchema, headers: IdempotencyHeaderSchema, body: body(NewAbsenceSchema) },
  responses: {
    201: json(
      AbsenceSchema.extend({
        handOver: z
          .object({
            processes: z.number().int().openapi({ description: 'Running processes told about the absence' }),
            failed: z
              .array(z.string())
              .openapi({ description: 'Processes that could not be told (closed, or Temporal down)' }),
            deputy: z.string().nullable().openapi({ description: 'Who takes the steps; null when nobody is set' }),
          })
          .openapi('AbsenceHandOver'),
      }),
      'Recorded; open and new steps of the person go to the deputy while away'
    ),
    ...errorResponses,
    ...notFoundResponse,
  },
});

const AbsenceHandOverSchema = z
  .object({
    processes: z.number().int().openapi({ description: 'Running processes told about the absence' }),
    failed: z.array(z.string()).openapi({ description: 'Processes that could not be told (closed, or Temporal down)' }),
    deputy: z.string().nullable().openapi({ description: 'Who takes the steps; null when nobody is set' }),
  })
  .openapi('AbsenceHandOver');

export const updateAbsence = createRoute({
  method: 'patch',
  path: '/api/users/{id}/absences/{absenceId}',
  tags: ['People'],
  summary: "Change an absence's days or deputy; running processes follow at once (admins, managers, or the person)",
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: AbsenceParamSchema, body: body(AbsencePatchSchema) },
  responses: {
    200: json(
      AbsenceSchema.extend({ handOver: AbsenceHandOverSchema }),
      'Changed; steps go to whoever stands in now, or back to the person when the absence no longer covers today'
    ),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const endAbsence = createRoute({
  method: 'post',
  path: '/api/users/{id}/absences/{absenceId}/end',
  tags: ['People'],
  summary: 'End an absence now: the person is back and their steps return to them (admins, managers, or the person)',
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: AbsenceParamSchema },
  responses: {
    200: json(
      AbsenceSchema.extend({ handOver: AbsenceHandOverSchema }),
      'Ended; steps not done are back with the person'
    ),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const deleteAbsence = createRoute({
  method: 'delete',
  path: '/api/users/{id}/absences/{absenceId}',
  tags: ['People'],
  summary: 'Withdraw an absence recorded by mistake; steps return to the person (admins, managers, or the person)',
  security,
  middleware: [authorizeSelfOr('admin', 'manager')] as const,
  request: { params: AbsenceParamSchema },
  responses: {
    200: json(z.object({ handOver: AbsenceHandOverSchema }), 'Withdrawn'),
    ...errorResponses,
    ...notFoundResponse,
  },
});

export const listTeams = createRoute({
  method: 'get',
  path: '/api/teams',
  tags: ['People'],
  summary: 'Teams with their calendars',
  security,
  middleware: [authorize()] as const,
  responses: { 200: json(z.array(TeamSchema), 'Teams'), ...errorResponses },
});

export const createTeam = createRoute({
  method: 'post',
  path: '/api/teams',
  tags: ['People'],
  summary: 'Create a team (admins)',
  security,
  middleware: [authorize('admin')] as const,
  request: { headers: IdempotencyHeaderSchema, body: body(TeamInputSchema) },
  responses: { 201: json(TeamSchema, 'Created'), ...errorResponses, ...conflictResponse },
});

export const updateTeam = createRoute({
  method: 'patch',
  path: '/api/teams/{id}',
  tags: ['People'],
  summary: 'Rename a team or set its business calendar (admins)',
  security,
  middleware: [authorize('admin')] as const,
  request: { params: IdParamSchema, body: body(TeamInputSchema.partial().openapi('TeamPatch')) },
  responses: { 200: json(TeamSchema, 'Updated'), ...errorResponses, ...notFoundResponse, ...conflictResponse },
});
