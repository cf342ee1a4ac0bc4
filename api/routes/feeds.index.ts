import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './feeds.handlers';
import * as routes from './feeds.routes';
import * as settingsHandlers from './report-settings.handlers';
import * as settingsRoutes from './report-settings.routes';

/** Reports, the in-app notification feed and the outbox: read-only views of what workflows produced. */
export function registerFeedRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listReports, handlers.listReportsHandler)
    .openapi(routes.getReport, handlers.getReportHandler)
    .openapi(routes.listNotifications, handlers.listNotificationsHandler)
    .openapi(routes.markAllNotificationsRead, handlers.markAllNotificationsReadHandler)
    .openapi(routes.markNotificationRead, handlers.markNotificationReadHandler)
    .openapi(routes.listOutbox, handlers.listOutboxHandler)
    .openapi(settingsRoutes.getReportSettings, settingsHandlers.getReportSettingsHandler)
    .openapi(settingsRoutes.putReportSettings, settingsHandlers.putReportSettingsHandler);
}
