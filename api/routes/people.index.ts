import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './people.handlers';
import * as routes from './people.routes';

export function registerPeopleRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listUsers, handlers.listUsersHandler)
    .openapi(routes.createUser, handlers.createUserHandler)
    .openapi(routes.getUser, handlers.getUserHandler)
    .openapi(routes.updateUser, handlers.updateUserHandler)
    .openapi(routes.listAbsences, handlers.listAbsencesHandler)
    .openapi(routes.createAbsence, handlers.createAbsenceHandler)
    .openapi(routes.updateAbsence, handlers.updateAbsenceHandler)
    .openapi(routes.endAbsence, handlers.endAbsenceHandler)
    .openapi(routes.deleteAbsence, handlers.deleteAbsenceHandler)
    .openapi(routes.listTeams, handlers.listTeamsHandler)
    .openapi(routes.createTeam, handlers.createTeamHandler)
    .openapi(routes.updateTeam, handlers.updateTeamHandler);
}
