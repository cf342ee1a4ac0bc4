import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { problem } from './lib/problem';
import { livenessHandler, readinessHandler } from './routes/health.handlers';
import { liveness, readiness } from './routes/health.routes';

export interface DependencyCheck {
  ok: boolean;
  detail: string;
}

export interface AppDeps {
  logger: Logger;
  checks: {
    postgres: () => Promise<DependencyCheck>;
    temporal: () => Promise<DependencyCheck>;
  };
  /** Folder of the designer's production build, served at `/`; omitted when the API runs alone. */
  designerDir?: string;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    // Every validation failure becomes a 422 problem that lists what to fix.
    defaultHook: (result, c) => {
      if (!result.success) {
        return problem(c, 422, 'The request is not valid', {
          detail: 'Fix the fields listed in `issues` and send the request again.',
          issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        });
      }
    },
  });

  app.openapi(liveness, livenessHandler);
  app.openapi(readiness, readinessHandler(deps));
  app.doc('/api/openapi.json', { openapi: '3.1.0', info: { title: 'Baton API', version: '0.1.0' } });

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? problem(c, 404, 'Not found', { detail: `No endpoint ${c.req.method} ${c.req.path}.` })
      : problem(c, 404, 'Not found')
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException) return problem(c, error.status, error.message || 'Request failed');
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    return problem(c, 500, 'Internal error', { detail: 'The error has been logged.' });
  });

  if (deps.designerDir) {
    const root = path.relative(process.cwd(), deps.designerDir) || '.';
    const designer = new OpenAPIHono();
    designer.use('/*', serveStatic({ root }));
    // Client-side routes of the single-page app fall back to index.html.
    designer.get('*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
    app.use('/*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : designer.fetch(c.req.raw)));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
