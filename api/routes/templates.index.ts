import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './templates.handlers';
import * as routes from './templates.routes';

export function registerTemplateRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listTemplates, handlers.listTemplatesHandler)
    .openapi(routes.createTemplate, handlers.createTemplateHandler)
    .openapi(routes.importTemplate, handlers.importTemplateHandler)
    .openapi(routes.getTemplate, handlers.getTemplateHandler)
    .openapi(routes.updateTemplate, handlers.updateTemplateHandler)
    .openapi(routes.validateDraft, handlers.validateDraftHandler)
    .openapi(routes.previewTimeline, handlers.previewTimelineHandler)
    .openapi(routes.publishTemplate, handlers.publishTemplateHandler)
    .openapi(routes.listVersions, handlers.listVersionsHandler)
    .openapi(routes.getVersion, handlers.getVersionHandler)
    .openapi(routes.diffVersions, handlers.diffVersionsHandler)
    .openapi(routes.archiveTemplate, handlers.archiveTemplateHandler)
    .openapi(routes.exportTemplate, handlers.exportTemplateHandler);
}
