import type { Router } from '../app';
import * as handlers from './templates.handlers';
import * as routes from './templates.routes';

export function registerTemplateRoutes(app: Router) {
  app.openapi(routes.listTemplates, handlers.listTemplatesHandler);
  app.openapi(routes.createTemplate, handlers.createTemplateHandler);
  app.openapi(routes.importTemplate, handlers.importTemplateHandler);
  app.openapi(routes.getTemplate, handlers.getTemplateHandler);
  app.openapi(routes.updateTemplate, handlers.updateTemplateHandler);
  app.openapi(routes.validateDraft, handlers.validateDraftHandler);
  app.openapi(routes.publishTemplate, handlers.publishTemplateHandler);
  app.openapi(routes.listVersions, handlers.listVersionsHandler);
  app.openapi(routes.getVersion, handlers.getVersionHandler);
  app.openapi(routes.diffVersions, handlers.diffVersionsHandler);
  app.openapi(routes.archiveTemplate, handlers.archiveTemplateHandler);
  app.openapi(routes.exportTemplate, handlers.exportTemplateHandler);
}
