import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import { previewCalendarImport, previewCalendarImportHandler } from './calendar-import';
import {
  listDaysOffHandler,
  listNonWorkingDaysByProcessHandler,
  listNonWorkingDaysHandler,
  previewDutyHandler,
} from './duty-preview.handlers';
import * as handlers from './duties.handlers';
import * as routes from './duties.routes';

export function registerDutyRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.listDuties, handlers.listDutiesHandler)
    .openapi(routes.previewDuty, previewDutyHandler)
    .openapi(routes.listDaysOff, listDaysOffHandler)
    .openapi(routes.listNonWorkingDays, listNonWorkingDaysHandler)
    .openapi(routes.listNonWorkingDaysByProcess, listNonWorkingDaysByProcessHandler)
    .openapi(previewCalendarImport, previewCalendarImportHandler)
    .openapi(routes.createDuty, handlers.createDutyHandler)
    .openapi(routes.getDuty, handlers.getDutyHandler)
    .openapi(routes.listUpcoming, handlers.listUpcomingHandler)
    .openapi(routes.pauseDuty, handlers.pauseDutyHandler)
    .openapi(routes.resumeDuty, handlers.resumeDutyHandler)
    .openapi(routes.skipNextDuty, handlers.skipNextDutyHandler)
    .openapi(routes.changeDutySchedule, handlers.changeDutyScheduleHandler)
    .openapi(routes.changeDutyAssignee, handlers.changeDutyAssigneeHandler);
}
