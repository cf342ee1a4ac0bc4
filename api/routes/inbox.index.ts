import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './inbox.handlers';
import * as routes from './inbox.routes';
import { listTeamStepsHandler } from './team-steps.handlers';

export function registerInboxRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listInbox, handlers.listInboxHandler)
    .openapi(routes.listTeamSteps, listTeamStepsHandler)
    .openapi(routes.listTeamQueue, handlers.listTeamQueueHandler)
    .openapi(routes.getStep, handlers.getStepHandler)
    .openapi(routes.actOnStep, handlers.actOnStepHandler);
}
