import type { RouteHandler } from '@hono/zod-openapi';
import type { AppDeps, DependencyCheck } from '../app';
import type { AppEnv } from '../lib/app-env';
import type { liveness, readiness } from './health.routes';

export const livenessHandler: RouteHandler<typeof liveness, AppEnv> = (c) => c.json({ status: 'ok' as const }, 200);

export function readinessHandler(deps: Pick<AppDeps, 'checks' | 'role'>): RouteHandler<typeof readiness, AppEnv> {
  return async (c) => {
    const [postgres, temporal, worker] = await Promise.all([
      deps.checks.postgres(),
      deps.checks.temporal(),
      deps.checks.worker?.(),
    ]);
    const ready = postgres.ok && temporal.ok && (worker?.ok ?? true);
    // The details name hosts, ports and the data folder: worth knowing for an admin, and for an attacker.
    const admin = c.get('user')?.role === 'admin';
    const shown = (check: DependencyCheck) => (admin ? check : { ok: check.ok });
    const body = {
      ready,
      role: deps.role ?? 'all',
      checks: { postgres: shown(postgres), temporal: shown(temporal), ...(worker && { worker: shown(worker) }) },
    };
    if (!ready) c.header('Retry-After', '5');
    return ready ? c.json(body, 200) : c.json(body, 503);
  };
}
