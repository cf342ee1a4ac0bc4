import type { Router } from '../app';
import * as handlers from './people.handlers';
import * as routes from './people.routes';

export function registerPeopleRoutes(app: Router) {
  app.openapi(routes.listUsers, handlers.listUsersHandler);
  app.openapi(routes.createUser, handlers.createUserHandler);
  app.openapi(routes.getUser, handlers.getUserHandler);
  app.openapi(routes.updateUser, handlers.updateUserHandler);
  app.openapi(routes.listAbsences, handlers.listAbsencesHandler);
  app.openapi(routes.createAbsence, handlers.createAbsenceHandler);
  app.openapi(routes.listTeams, handlers.listTeamsHandler);
  app.openapi(routes.createTeam, handlers.createTeamHandler);
  app.openapi(routes.updateTeam, handlers.updateTeamHandler);
}
