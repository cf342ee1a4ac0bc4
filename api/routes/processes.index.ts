import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './processes.handlers';
import * as routes from './processes.routes';
import { commentOnProcessHandler } from './process-comments.handlers';
import { commentOnProcess } from './process-comments.routes';
import { listRequestFormsHandler } from './request-forms.handlers';
import { listRequestForms } from './request-forms.routes';
import { eraseSensitiveValuesHandler, getSensitiveValuesStatusHandler } from './sensitive-values.handlers';
import { eraseSensitiveValues, getSensitiveValuesStatus } from './sensitive-values.routes';
import { intakeWebhookHandler } from './intake.handlers';
import { intakeWebhook } from './intake.routes';

export function registerProcessRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listProcesses, handlers.listProcessesHandler)
    .openapi(routes.startProcess, handlers.startProcessHandler)
    .openapi(routes.getProcess, handlers.getProcessHandler)
    .openapi(routes.getProcessDiagram, handlers.getProcessDiagramHandler)
    .openapi(routes.getProcessState, handlers.getProcessStateHandler)
    .openapi(routes.listProcessAudit, handlers.listProcessAuditHandler)
    .openapi(routes.cancelProcess, handlers.cancelProcessHandler)
    .openapi(routes.changeProcessParameter, handlers.changeProcessParameterHandler)
    .openapi(commentOnProcess, commentOnProcessHandler)
    .openapi(listRequestForms, listRequestFormsHandler)
    .openapi(eraseSensitiveValues, eraseSensitiveValuesHandler)
    .openapi(getSensitiveValuesStatus, getSensitiveValuesStatusHandler)
    .openapi(intakeWebhook, intakeWebhookHandler);
}
