import type { RouteHandler } from '@hono/zod-openapi';
import type { AppDeps, DependencyCheck } from '../app';
import type { AppEnv } from '../lib/app-env';
import type { liveness, readiness } from './health.routes';

export const livenessHandler: RouteHandler<typeof liveness, AppEnv> = (c) => c.json({ status: 'ok' as const }, 200);

export function readinessHandler(deps: AppDeps): RouteHandler<typeof readiness, AppEnv> {
  return async (c) => {
    const [postgres, temporal] = await Promise.all([deps.checks.postgres(), deps.checks.temporal()]);
    const ready = postgres.ok && temporal.ok;
    // The details name hosts, ports and the data folder: worth knowing for an admin, and for an attacker.
    const admin = c.get('user')?.role === 'admin';
    const shown = (check: DependencyCheck) => (admin ? check : { ok: check.ok });
    const body = { ready, checks: { postgres: shown(postgres), temporal: shown(temporal) } };
    if (!ready) c.header('Retry-After', '5');
    return ready ? c.json(body, 200) : c.json(body, 503);
  };
}
