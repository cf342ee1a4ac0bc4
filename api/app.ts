import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type pg from 'pg';
import type { Logger } from 'pino';
import { ApiError } from './lib/api-error';
import type { AppEnv } from './lib/app-env';
import { authenticate } from './lib/auth.middleware';
import { emptyJsonBody } from './lib/empty-json-body.middleware';
import { idempotency } from './lib/idempotency.middleware';
import { EventHub } from './lib/event-hub';
import { problem } from './lib/problem';
import type { TemporalDeps } from './lib/temporal';
import type { FileStore } from './files/file-store';
import { registerFileRoutes } from './routes/files.index';
import { registerAuthRoutes } from './routes/auth.index';
import { streamEventsHandler } from './routes/events.handlers';
import { streamEvents } from './routes/events.routes';
import { registerDutyRoutes } from './routes/duties.index';
import { registerFeedRoutes } from './routes/feeds.index';
import { registerInboxRoutes } from './routes/inbox.index';
import { registerProcessRoutes } from './routes/processes.index';
import { registerPeopleRoutes } from './routes/people.index';
import { registerTemplateRoutes } from './routes/templates.index';
import { docsAsset, docsInit, docsPage } from './routes/docs.handlers';
import { livenessHandler, readinessHandler } from './routes/health.handlers';
import { liveness, readiness } from './routes/health.routes';

export interface DependencyCheck {
  ok: boolean;
  detail: string;
}

export interface AppDeps {
  logger: Logger;
  pool: pg.Pool;
  checks: {
    postgres: () => Promise<DependencyCheck>;
    temporal: () => Promise<DependencyCheck>;
    /** Where this process runs the worker: whether it is polling. */
    worker?: () => Promise<DependencyCheck>;
  };
  /** What this Baton process runs (`BATON_ROLE`); reported by `/api/ready`. */
  role?: 'all' | 'api' | 'worker';
  /** Folder of the designer's production build, served at `/`; omitted when the API runs alone. */
  designerDir?: string;
  /** Starts, updates, queries and cancels workflows; without it those routes answer 503. */
  temporal?: TemporalDeps;
  /** The LISTEN/NOTIFY fan-out for live events; one is made from the pool's settings when omitted. */
  events?: EventHub;
  /**
   * Aborted when the server starts stopping: new requests get 503, a step action waiting on its workflow gives up
   * (503), and whatever fails because a dependency is being closed answers 503 rather than 500.
   */
  shutdown?: AbortSignal;
  /** Behind one reverse proxy (TRUST_PROXY): the client address and HTTPS come from its X-Forwarded-* headers. */
  trustProxy?: boolean;
  /** Secret of the inbound request webhook (BATON_INTAKE_SECRET); without it the intake answers 404. */
  intakeSecret?: string;
  /** Attached files' bytes (BATON_FILES_DIR, by default under BATON_DATA_DIR); without it file routes answer 503. */
  files?: FileStore;
}

/** Largest request body accepted: a large template is well under this. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

// PostgreSQL error classes that mean "unreachable or overloaded", answered with 503 and a retry hint.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', '53300']);

/**
 * Headers on every response. The policy fits what Baton serves: the web app (Vite's module scripts from /assets;
 * Mantine and React Flow set inline styles) and the API reference page (swagger-ui's files, no inline script).
 * HSTS is left to the TLS-terminating proxy, which knows the domain.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  xContentTypeOptions: true,
  strictTransportSecurity: false,
} satisfies Parameters<typeof secureHeaders>[0];

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    // Every validation failure becomes a 422 problem that lists what to fix.
    defaultHook: (result, c) => {
      if (!result.success) {
        return problem(c, 422, 'The request is not valid', {
          detail: 'Fix the fields listed in `issues` and send the request again.',
          issues: result.error.issues.map((issue) => ({
            path: issue.path.join('.') || '(body)',
            message: issue.message,
          })),
        });
      }
    },
  });
}

/**
 * What a Baton process in the worker role serves: liveness and readiness for a load balancer or systemd, and a 404
 * that says where the API is, for everything else.
 */
export function createHealthApp(deps: Pick<AppDeps, 'checks' | 'role' | 'shutdown'>) {
  const app = createRouter();
  app.use('*', secureHeaders(SECURITY_HEADERS));
  app.openapi(liveness, livenessHandler).openapi(readiness, readinessHandler({ ...deps, role: deps.role ?? 'worker' }));
  app.notFound((c) =>
    problem(c, 404, 'Not found', {
      detail: 'This Baton process runs the worker role; the API and the web app are served by the api processes.',
    })
  );
  return app;
}

export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'baton_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });

  // A file download sets its own stricter policy; nothing else sets these headers.
  app.use('*', secureHeaders({ ...SECURITY_HEADERS, overwrite: false }));
  const stoppingProblem = (c: Context) => {
    c.header('Retry-After', '5');
    c.header('Connection', 'close');
    return problem(c, 503, 'Service unavailable', {
      detail: 'The server is stopping; retry shortly.',
      code: 'serverStopping',
    });
  };
  app.use('/api/*', async (c, next) => {
    if (deps.shutdown?.aborted) return stoppingProblem(c);
    c.set('pool', deps.pool);
    if (deps.shutdown) c.set('shutdown', deps.shutdown);
    if (deps.trustProxy) c.set('trustProxy', true);
    if (deps.intakeSecret) c.set('intakeSecret', deps.intakeSecret);
    if (deps.temporal) c.set('temporal', deps.temporal);
    if (deps.files) c.set('files', deps.files);
    await next();
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => problem(c, 413, 'Request body too large', { detail: `Send at most ${MAX_BODY_BYTES} bytes.` }),
  });
  // An upload streams to the file store, which counts its bytes against the file limit itself. A read has no body to
  // limit, and asking for one would make the Node adapter build a whole Request per read (most of a read's CPU).
  const bodiless = new Set(['GET', 'HEAD', 'OPTIONS']);
  app.use('/api/*', (c, next) =>
    bodiless.has(c.req.method) || (c.req.method === 'POST' && c.req.path === '/api/files') ? next() : limitBody(c, next)
  );
  app.use('/api/*', emptyJsonBody);
  app.use('/api/*', authenticate);
  app.use('/api/*', idempotency);

  const events = deps.events ?? new EventHub(deps.pool.options, deps.logger);
  const routes = registerFileRoutes(
    registerFeedRoutes(
      registerDutyRoutes(
        registerInboxRoutes(
          registerProcessRoutes(
            registerTemplateRoutes(
              registerPeopleRoutes(
                registerAuthRoutes(app.openapi(liveness, livenessHandler).openapi(readiness, readinessHandler(deps)))
              )
            )
          )
        )
      )
    ).openapi(streamEvents, streamEventsHandler(events))
  );

  app.doc31('/api/openapi.json', { openapi: '3.1.0', info: { title: 'Baton API', version: '0.1.0' } });
  app.get('/api/docs', docsPage);
  app.get('/api/docs/init.js', docsInit);
  app.get('/api/docs/assets/:name', docsAsset);

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? problem(c, 404, 'Not found', { detail: `No endpoint ${c.req.method} ${c.req.path}.` })
      : problem(c, 404, 'Not found')
  );
  app.onError((error, c) => {
    // A request caught by the shutdown fails on a closed pool or client: that is "retry shortly", not a bug.
    if (deps.shutdown?.aborted && !(error instanceof ApiError && error.status < 500)) return stoppingProblem(c);
    if (error instanceof ApiError) {
      const { headers, ...extra } = error.extra;
      for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
      return problem(c, error.status, error.title, extra);
    }
    if (error instanceof HTTPException) {
      // Hono's own validators throw 400 for a body that is not JSON at all.
      return problem(c, error.status, error.status === 400 ? 'Malformed request' : 'Request failed', {
        detail: error.message || undefined,
      });
    }
    const code = (error as { code?: unknown }).code;
    if (code === '23505')
      return problem(c, 409, 'Already exists', {
        detail: 'An object with this name or key exists.',
        code: 'alreadyExists',
      });
    if (code === '23503')
      return problem(c, 422, 'The request is not valid', { detail: 'A referenced object does not exist.' });
    // A Unix socket that is not there (the embedded server is stopped) fails its connect with ENOENT.
    const socketMissing = code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect';
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || socketMissing) {
      deps.logger.warn({ err: error }, 'postgres unavailable');
      c.header('Retry-After', '5');
      return problem(c, 503, 'Service unavailable', {
        detail: 'The database is unreachable; retry shortly.',
        code: 'databaseUnreachable',
      });
    }
    deps.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    return problem(c, 500, 'Internal error', { detail: 'The error has been logged.', code: 'internalError' });
  });

  if (deps.designerDir) {
    const root = path.relative(process.cwd(), deps.designerDir) || '.';
    const designer = new OpenAPIHono();
    designer.use('/*', serveStatic({ root }));
    // Client-side routes of the single-page app fall back to index.html.
    designer.get('*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
    app.use('/*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : designer.fetch(c.req.raw)));
  }
  return routes;
}

export type Router = ReturnType<typeof createRouter>;
/** The app with every route's types: what the typed client (`api/client.ts`) is derived from. */
export type App = ReturnType<typeof createApp>;
