import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './files.handlers';
import * as routes from './files.routes';

export function registerFileRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.uploadFile, handlers.uploadFileHandler)
    .openapi(routes.downloadFile, handlers.downloadFileHandler)
    .openapi(routes.listProcessFiles, handlers.listProcessFilesHandler);
}
