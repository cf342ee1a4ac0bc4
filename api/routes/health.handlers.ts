import type { RouteHandler } from '@hono/zod-openapi';
import type { AppDeps } from '../app';
import type { AppEnv } from '../lib/app-env';
import type { liveness, readiness } from './health.routes';

export const livenessHandler: RouteHandler<typeof liveness, AppEnv> = (c) => c.json({ status: 'ok' as const }, 200);

export function readinessHandler(deps: AppDeps): RouteHandler<typeof readiness, AppEnv> {
  return async (c) => {
    const [postgres, temporal] = await Promise.all([deps.checks.postgres(), deps.checks.temporal()]);
    const ready = postgres.ok && temporal.ok;
    const body = { ready, checks: { postgres, temporal } };
    if (!ready) c.header('Retry-After', '5');
    return ready ? c.json(body, 200) : c.json(body, 503);
  };
}
