import type { RouteHandler } from '@hono/zod-openapi';
import { defaultReportChoice, receivesReports, reportChoiceOf } from '../../workflows/report/report-choice';
import type { AppEnv } from '../lib/app-env';
import { forbidden } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import type * as routes from './report-settings.routes';

const settings = (role: string, stored: string | null) => ({
  period: reportChoiceOf(role, stored),
  chosen: stored !== null,
  default: defaultReportChoice(role),
  receives: receivesReports(role),
});

export const getReportSettingsHandler: RouteHandler<typeof routes.getReportSettings, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { rows } = await c
    .get('pool')
    .query<{ report_period: string | null }>('SELECT report_period FROM users WHERE id = $1', [user.id]);
  return c.json(settings(user.role, rows[0]?.report_period ?? null), 200);
};

export const putReportSettingsHandler: RouteHandler<typeof routes.putReportSettings, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { period } = c.req.valid('json');
  if (!receivesReports(user.role))
    throw forbidden('Reports are sent to managers and clients only.', 'reportsForManagersAndClients');
  await c.get('pool').query('UPDATE users SET report_period = $2 WHERE id = $1', [user.id, period]);
  return c.json(settings(user.role, period), 200);
};
