import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/app-env';
import { ApiError, forbidden } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { loadVisibleProcess, mayManage } from '../processes/access';
import { eraseSensitiveValues, sensitiveValuesStatus } from '../processes/sensitive-values';
import type * as routes from './sensitive-values.routes';

export const eraseSensitiveValuesHandler: RouteHandler<typeof routes.eraseSensitiveValues, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const row = await loadVisibleProcess(pool, user, id);
  if (!mayManage(user, row))
    throw forbidden(
      'Only whoever started the process, a manager or an admin may erase its sensitive values.',
      'onlyStarterErasesSensitive'
    );
  if (row.status === 'running')
    throw new ApiError(409, 'The process is still running', {
      detail: 'Its steps may still need these values: erase them once it is closed.',
      code: 'sensitiveWhileRunning',
    });
  return c.json({ processId: id, erased: await eraseSensitiveValues(pool, id, user) }, 200);
};

export const getSensitiveValuesStatusHandler: RouteHandler<typeof routes.getSensitiveValuesStatus, AppEnv> = async (
  c
) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const row = await loadVisibleProcess(pool, user, id);
  const status = await sensitiveValuesStatus(pool, id);
  return c.json({ ...status, mayErase: row.status !== 'running' && status.stored > 0 && mayManage(user, row) }, 200);
};
