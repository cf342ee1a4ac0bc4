import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import pg from 'pg';
import type { AppDeps, DependencyCheck } from '../api/app';
import type { CreatedWorker, RunningWorker } from '../worker/worker';
import { cachedWorkflowBundle, WORKFLOWS_PATH } from '../worker/workflow-bundle';
import { designerBuildDue, ensureDesignerBuild } from './designer-build';
import type { Config } from './env';
import { getFreePort } from './free-port';
import { acquireInstanceLock, type InstanceLock } from './instance-lock';
import type { Logger } from './logger';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded-postgres';
import {
  toConnectionOptions,
  workerConnectionOptions,
  type TemporalConnectionOptions,
} from './temporal/connection-options';
import { startEmbeddedDevserver, type EmbeddedDevserver } from './temporal/embedded-devserver';

export const DEVSERVER_BIN = fileURLToPath(new URL('../devserver/bin/baton-devserver.js', import.meta.url));
// Defined by the precompiled build (server/server-bundle.js): the devserver's compiled entry, made with this one.
declare const BATON_DEVSERVER_ENTRY: string | undefined;
const DEVSERVER_COMPILED = typeof BATON_DEVSERVER_ENTRY === 'string' ? BATON_DEVSERVER_ENTRY : undefined;

/** How long requests in flight may take to finish when Baton stops, before their connections are closed. */
const API_DRAIN_MS = 2_000;

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** The designer's source folder; its production build is made when missing or stale, then served. */
  designerSource?: string;
  /** Aborted by a Ctrl-C during start-up: the start stops at the next step and undoes what it started. */
  interrupt?: AbortSignal;
}

export interface RunningBaton {
  url: string;
  /** Stops every part in reverse start order. Safe to call twice. */
  stop(): Promise<void>;
  /** Last resort after a second Ctrl-C: kill child processes without waiting. */
  kill(): void;
  /** Resolves with the error if a part (worker, devserver, PostgreSQL) stops on its own. Never rejects. */
  crashed: Promise<Error>;
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * Brings Baton up in order (PostgreSQL, Temporal service, migrations, worker, API, designer) with a log line for each.
 * If a step fails, the parts already started are stopped again before the error is thrown.
 */
export class StartInterruptedError extends Error {
  override name = 'StartInterruptedError';
}

/**
 * The order parts stop in is the reverse of this one, whichever of the parts that start side by side came up first:
 * the API stops before the worker it waits on, the worker before the Temporal service, everything before PostgreSQL.
 */
const STOP_RANK = {
  lock: 0,
  postgres: 1,
  pool: 2,
  devserver: 3,
  workerConnection: 4,
  worker: 5,
  temporalClient: 6,
  reports: 7,
  outbox: 8,
  api: 9,
  late: 10,
} as const;

/**
 * Waits for every promise to settle, then throws the first failure, so nothing a failed start-up began is still
 * starting (and registering parts to stop) while the others are stopped. A real error is preferred over the
 * interruption it may have caused.
 */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((failure) => !(failure instanceof StartInterruptedError)) ?? failures[0];
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export async function startBaton({ config, logger, designerSource, interrupt }: StartOptions): Promise<RunningBaton> {
  const checkpoint = () => {
    if (interrupt?.aborted) throw new StartInterruptedError('start-up interrupted');
  };
  const cleanups: { name: string; rank: number; run: () => Promise<void> | void; done?: string }[] = [];
  const killers: (() => void)[] = [];
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => (reportCrash = resolve));
  let stopping = false;
  const watch = (name: string, settled: Promise<unknown>) => {
    settled.then(
      () => !stopping && reportCrash(new Error(`${name} stopped`)),
      (error: unknown) => !stopping && reportCrash(error instanceof Error ? error : new Error(String(error)))
    );
  };

  // Aborted first thing on stop: the API answers 503 from then on and step actions stop waiting on workflows.
  const shutdown = new AbortController();
  const stopAll = async () => {
    stopping = true;
    shutdown.abort();
    // Highest rank first; within a rank, the part started last stops first.
    const order = cleanups.map((cleanup, index) => ({ cleanup, index }));
    order.sort((a, b) => b.cleanup.rank - a.cleanup.rank || b.index - a.index);
    cleanups.length = 0;
    for (const { cleanup } of order) {
      try {
        await cleanup.run();
        logger.info(`${cleanup.name}: ${cleanup.done ?? 'stopped'}`);
      } catch (error) {
        logger.error({ err: error }, `${cleanup.name}: did not stop cleanly`);
      }
    }
  };

  const runsWorker = config.role !== 'api';
  const runsApi = config.role !== 'worker';
  // The Temporal SDK, the activities and the API are most of a warm start's CPU, and loading blocks this thread. What
  // making the worker needs loads once PostgreSQL is spawned (the steps before are short, and the devserver waits
  // for them), while PostgreSQL and the devserver (other processes) start. The rest of the worker's side, then the
  // API's, load once the worker is being made, so its workflow thread loads on the other core meanwhile (begun
  // earlier, they held the worker up). Awaited where first needed; a failure to load surfaces there.
  let workerPartsDue: () => void = () => undefined;
  const workerParts = new Promise<void>((resolve) => (workerPartsDue = resolve)).then(
    () => import('./start-worker-parts')
  );
  const loadWorkerParts = () => runsWorker && workerPartsDue();
  let loadLateParts: () => void = () => undefined;
  const latePartsDue = new Promise<void>((resolve) => (loadLateParts = resolve));
  const clientParts = latePartsDue.then(() => import('./start-client-parts'));
  const apiParts = clientParts.then(() => import('./start-parts'));
  workerParts.catch(() => undefined);
  clientParts.catch(() => undefined);
  apiParts.then(
    () => logger.debug('start-up: the Temporal SDK, activity and API modules are loaded'),
    () => undefined
  );
  // Whether the web app must be built is a walk of its source folders, answered at the last step: asked once the
  // worker is being made (while its workflow thread loads), so the walk does not hold up the steps before.
  let designerCheck: ReturnType<typeof designerBuildDue> | undefined;
  const checkDesigner = () => {
    if (designerCheck || !designerSource || !runsApi) return;
    designerCheck = designerBuildDue(designerSource);
    designerCheck.catch(() => undefined);
  };

  // The devserver is started as soon as PostgreSQL's address is known, before PostgreSQL accepts connections: it
  // loads its modules (on the other core) while PostgreSQL starts and Baton's own modules load, and waits for the
  // database by itself. `databaseUp` settles once the database answers; rejected, the devserver is killed again.
  let markDatabaseUp: () => void = () => undefined;
  let markDatabaseFailed: (error: unknown) => void = () => undefined;
  const databaseUp = new Promise<void>((resolve, reject) => {
    markDatabaseUp = resolve;
    markDatabaseFailed = reject;
  });
  databaseUp.catch(() => undefined);
  let devserverStarted: Promise<EmbeddedDevserver> | undefined;
  let workerMade: Promise<CreatedWorker | undefined> | undefined;
  const launchDevserver = (databaseUrl: string) => {
    if (config.temporal || !existsSync(DEVSERVER_BIN)) return;
    devserverStarted = (async () => {
      const devserver = await startEmbeddedDevserver({
        bin: DEVSERVER_BIN,
        ...(DEVSERVER_COMPILED && { compiledBin: DEVSERVER_COMPILED }),
        port: await getFreePort(),
        namespace: config.namespace,
        databaseUrl,
        databaseReady: databaseUp,
        debug: config.logLevel === 'debug' || config.logLevel === 'trace',
        logger,
      });
      // Registered as soon as it runs, whichever step is under way: a failed start-up stops it with the rest.
      killers.push(() => devserver.kill());
      cleanups.push({ name: 'temporal devserver', rank: STOP_RANK.devserver, run: () => devserver.stop() });
      // A devserver that dies is started again; one that cannot be brought back stops Baton as a whole.
      void devserver.failed.then((error) => !stopping && reportCrash(error));
      return devserver;
    })();
    devserverStarted.catch(() => undefined);
  };

  try {
    // 1. PostgreSQL
    let databaseUrl: string;
    let postgresDetail: string;
    let workflowBundle: Promise<{ code: string; cached: boolean }> | undefined;
    let bundleAtHand = false;
    const readBundle = () => {
      // Read from the cache (or made) while the other parts start; the worker waits for it.
      if (!runsWorker || (!config.temporal && !existsSync(DEVSERVER_BIN))) return undefined;
      const bundle = cachedWorkflowBundle({
        workflowsPath: WORKFLOWS_PATH,
        cacheDir: path.join(config.dataDir, 'cache'),
        logger,
      });
      bundle.then(
        () => (bundleAtHand = true),
        () => undefined
      );
      return bundle;
    };
    if (config.databaseUrl) {
      workflowBundle = readBundle();
      databaseUrl = config.databaseUrl;
      launchDevserver(databaseUrl);
      loadWorkerParts();
      postgresDetail = `PostgreSQL at ${describeUrl(databaseUrl)} (DATABASE_URL)`;
    } else {
      const lock: InstanceLock = acquireInstanceLock(config.dataDir);
      cleanups.push({ name: 'data directory lock', rank: STOP_RANK.lock, run: () => lock.release(), done: 'released' });
      // After the lock: the cache folder is this instance's.
      workflowBundle = readBundle();
      const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
        directory: path.join(config.dataDir, 'postgres'),
        logger,
        // All of Baton's modules load during a first start's initdb (seconds of an idle thread); otherwise the worker's
        // load after the spawn, which they would delay.
        onInitialising: () => {
          loadWorkerParts();
          loadLateParts();
        },
        onSpawned: (url) => {
          launchDevserver(url('baton'));
          loadWorkerParts();
        },
      });
      cleanups.push({ name: 'postgres', rank: STOP_RANK.postgres, run: () => embedded.stop() });
      watch('PostgreSQL', embedded.exited);
      await embedded.ensureDatabase('baton');
      databaseUrl = embedded.databaseUrl('baton');
      postgresDetail = `embedded PostgreSQL ${embedded.version} on 127.0.0.1:${embedded.port}, data in ${path.join(config.dataDir, 'postgres')}`;
    }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    pool.on('error', (error) => !stopping && logger.warn({ err: error }, 'postgres: idle client error'));
    cleanups.push({ name: 'database pool', rank: STOP_RANK.pool, run: () => pool.end() });
    const version = await pool.query<{ server_version: string }>('SHOW server_version');
    logger.info(`postgres: ${postgresDetail} (server ${version.rows[0]?.server_version ?? 'unknown'})`);
    markDatabaseUp();

    checkpoint();
    // 2. Temporal service and 3. migrations, side by side: both need only PostgreSQL. Logged in this order.
    const startTemporal = async (): Promise<TemporalConnectionOptions | undefined> => {
      if (config.temporal) {
        const options = await toConnectionOptions(config.temporal);
        logger.info(`temporal: using the cluster at ${options.address}, namespace ${config.namespace}`);
        return options;
      }
      if (!existsSync(DEVSERVER_BIN)) {
        logger.warn(
          'temporal: the embedded devserver is not part of this build yet, and TEMPORAL_ADDRESS is not set: ' +
            'workflows will not run until you point TEMPORAL_ADDRESS at a Temporal cluster'
        );
        return undefined;
      }
      if (!devserverStarted) throw new Error('unreachable: the devserver is launched with PostgreSQL');
      const devserver = await devserverStarted;
      logger.info(
        `temporal: embedded devserver on ${devserver.address}, namespace ${config.namespace}, stored in PostgreSQL`
      );
      return { address: devserver.address };
    };
    const migrateAndSeed = async () => {
      const { migrate } = await import('./postgres/migrate');
      const applied = await migrate(databaseUrl, logger, { pool });
      const { seedTemplateLibrary } = await clientParts;
      return { applied, seeded: await seedTemplateLibrary(pool) };
    };
    const temporalStarted = startTemporal();
    // 4a. The worker (roles all and worker) is made as soon as the Temporal service is up, while the migrations run:
    // making it (its workflow thread loads the workflow code) is most of its start. It polls after the migrations.
    const makeWorker = async (): Promise<CreatedWorker | undefined> => {
      const temporal = await temporalStarted;
      if (!temporal || !runsWorker) return undefined;
      const { NativeConnection, createWorker, installTemporalRuntime } = await workerParts;
      installTemporalRuntime(logger);
      logger.info('worker: loading the workflow code and connecting…');
      const nativeConnection = await NativeConnection.connect(workerConnectionOptions(temporal));
      cleanups.push({
        name: 'worker connection',
        rank: STOP_RANK.workerConnection,
        run: () => nativeConnection.close(),
      });
      // A bundle still being made (a first start, changed workflows) takes a second or two: the migrations' seeding
      // and the API need not wait for it.
      if (!bundleAtHand) loadLateParts();
      const created = await createWorker({
        connection: nativeConnection,
        namespace: config.namespace,
        taskQueue: config.taskQueue,
        pool,
        logger,
        bundleCacheDir: path.join(config.dataDir, 'cache'),
        ...(workflowBundle && { workflowBundle }),
        ...(config.workflowCache !== undefined && { workflowCache: config.workflowCache }),
        // The SDK spawns the workflow thread within the microtasks of its start: the other modules load after that.
        onCreating: () => setImmediate(loadLateParts),
      });
      cleanups.push({ name: 'worker', rank: STOP_RANK.worker, run: () => created.shutdown() });
      return created;
    };
    workerMade = makeWorker();
    // Whatever happens to the worker, the other modules load once it is being made, or failed, at the latest.
    void workerMade.finally(loadLateParts).catch(() => undefined);
    void apiParts.finally(checkDesigner).catch(() => undefined);
    const [temporal, schema] = await settleAll<
      [TemporalConnectionOptions | undefined, { applied: string[]; seeded: string[] }]
    >([temporalStarted, migrateAndSeed()]);
    logger.info(
      schema.applied.length
        ? `migrations: applied ${schema.applied.join(', ')}`
        : 'migrations: database schema is up to date'
    );
    if (schema.seeded.length)
      logger.info(`templates: published ${schema.seeded.length} built-in templates (${schema.seeded.join(', ')})`);

    checkpoint();
    const { API_CONNECTION_OPTIONS, Client, Connection, OutboxDispatcher, scheduleReportWorkflows } = await clientParts;

    // 4. Worker (roles all and worker), the Temporal client, and 5. the API (roles all and api), side by side: the
    // API listens while the worker is made and passes its self-check; Baton is ready when both are done.
    const connectClient = async (): Promise<Client | undefined> => {
      if (!temporal) return undefined;
      const connection = await Connection.connect({ ...temporal, ...API_CONNECTION_OPTIONS });
      cleanups.push({ name: 'temporal client', rank: STOP_RANK.temporalClient, run: () => connection.close() });
      return new Client({ connection, namespace: config.namespace });
    };
    const clientConnected = connectClient();
    let worker: RunningWorker | undefined;
    const startWorkerPart = async (): Promise<void> => {
      if (!temporal || !runsWorker) {
        logger[temporal ? 'info' : 'warn'](
          temporal
            ? `worker: not in this process (role api); workflows run on the worker processes polling "${config.taskQueue}"`
            : 'worker: not started, there is no Temporal service to poll'
        );
        return;
      }
      const created = await workerMade;
      if (!created) return;
      const running: RunningWorker = (worker = created.run());
      watch('the Temporal worker', running.done);
      const client = await clientConnected;
      if (!client) return;
      // Kept at every start: proves that this worker polls the queue and runs workflow and activity code end to end.
      const check = await client.workflow.execute('selfCheckWorkflow', {
        taskQueue: config.taskQueue,
        workflowId: `baton-self-check-${Date.now()}`,
        workflowExecutionTimeout: '1 minute',
      });
      logger.info(`worker: polling task queue "${config.taskQueue}"; self-check passed (instance ${check.instanceId})`);
      const stopReports = scheduleReportWorkflows({ client, pool, taskQueue: config.taskQueue, logger });
      cleanups.push({ name: 'report schedules', rank: STOP_RANK.reports, run: async () => stopReports() });
    };
    const workerStarted = startWorkerPart();
    if (runsWorker) {
      const outbox = new OutboxDispatcher({
        pool,
        logger,
        mail: config.mail,
        ...(config.webhook && { webhook: config.webhook }),
      });
      outbox.start();
      cleanups.push({ name: 'outbox dispatcher', rank: STOP_RANK.outbox, run: () => outbox.stop() });
      logger.info(
        `outbox: delivering notifications in-app${config.mail.smtpUrl ? ', by email' : ' (emails kept: SMTP_URL is not set)'}` +
          (config.webhook ? ' and to the webhook' : '')
      );
    } else {
      logger.info('outbox: not in this process (role api); the worker processes deliver notifications');
    }

    // 5. API (roles all and api; the worker role serves only its health endpoints)
    const startApi = async (): Promise<string> => {
      const {
        DEFAULT_MAX_FILE_BYTES,
        DEFAULT_UNATTACHED_HOURS,
        EventHub,
        FileStore,
        announceFirstAdmin,
        createApp,
        createHealthApp,
        ensureFirstAdmin,
        reconcileStepClaims,
        releaseKeysInProgress,
        seedDemo,
        serve,
        startUploadSweeper,
      } = await apiParts;
      const client = await clientConnected;
      checkpoint();
      const designerDir = designerSource && runsApi ? path.join(designerSource, 'dist') : undefined;
      // The build may only appear below, after the API listens: the static handler needs its folder now.
      if (designerDir) await mkdir(designerDir, { recursive: true });
      // With the embedded PostgreSQL this is the only Baton on the database, so no request of an earlier run is still
      // waiting: step claims and keys it left behind are released now. On a shared database another instance may be
      // in the middle of those requests; what a crashed one left expires after its 60 s lease instead.
      if (runsApi && !config.databaseUrl) {
        const releasedClaims = await reconcileStepClaims(pool);
        if (releasedClaims) logger.info(`api: released ${releasedClaims} step claim(s) left by an earlier run`);
        const releasedKeys = await releaseKeysInProgress(pool);
        if (releasedKeys)
          logger.info(`api: released ${releasedKeys} idempotency key(s) left in progress by an earlier run`);
      }
      const admin = runsApi ? await ensureFirstAdmin(pool, config.adminPassword) : undefined;
      if (admin) {
        // The password goes to the console only, never into the log (which may be shipped elsewhere); shown once.
        logger.warn(`first start: created the admin ${admin.email}; the password is printed on the console`);
        announceFirstAdmin(admin, {
          passwordFromEnv: Boolean(config.adminPassword),
          json: config.logFormat === 'json',
        });
      }
      if (config.demo && runsApi)
        for (const account of await seedDemo(pool))
          logger.warn(`demo: ${account.role} ${account.email} password ${account.password} (shown once)`);
      const events = runsApi ? new EventHub(pool.options, logger) : undefined;
      if (events) cleanups.push({ name: 'live events', rank: STOP_RANK.api, run: () => events.close() });
      const checks: AppDeps['checks'] = {
        postgres: async (): Promise<DependencyCheck> => {
          try {
            await pool.query('SELECT 1');
            return { ok: true, detail: postgresDetail };
          } catch (error) {
            return { ok: false, detail: `PostgreSQL does not answer: ${(error as Error).message}` };
          }
        },
        temporal: async (): Promise<DependencyCheck> => {
          if (!client || !temporal)
            return { ok: false, detail: 'No Temporal service is configured (set TEMPORAL_ADDRESS).' };
          try {
            await client.connection.withDeadline(Date.now() + 2000, () =>
              client.connection.workflowService.getSystemInfo({})
            );
            return { ok: true, detail: `Temporal at ${temporal.address}, namespace ${config.namespace}` };
          } catch (error) {
            return {
              ok: false,
              detail: `Temporal at ${temporal.address} does not answer: ${(error as Error).message}`,
            };
          }
        },
        ...(temporal &&
          runsWorker && {
            worker: async (): Promise<DependencyCheck> => {
              // The API may listen before the worker is made (they start side by side).
              const state = worker?.worker.getState() ?? 'STARTING';
              return state === 'RUNNING'
                ? { ok: true, detail: `polling task queue "${config.taskQueue}"` }
                : { ok: false, detail: `the worker is ${state.toLowerCase()}` };
            },
          }),
      };
      const files = runsApi
        ? await new FileStore(
            config.files?.dir ?? path.join(config.dataDir, 'files'),
            (config.files?.maxMegabytes ?? DEFAULT_MAX_FILE_BYTES / 1024 / 1024) * 1024 * 1024
          ).init()
        : undefined;
      const app = runsApi
        ? createApp({
            logger,
            pool,
            designerDir,
            ...(events && { events }),
            shutdown: shutdown.signal,
            role: config.role,
            ...(config.trustProxy && { trustProxy: true }),
            ...(config.intakeSecret && { intakeSecret: config.intakeSecret }),
            ...(files && { files }),
            ...(client && { temporal: { client, taskQueue: config.taskQueue } }),
            checks,
          })
        : createHealthApp({ checks, role: config.role, shutdown: shutdown.signal });
      const server = await new Promise<ServerType>((resolve, reject) => {
        const listening = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
          resolve(listening)
        );
        listening.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'EADDRINUSE'
              ? new Error(`PORT ${config.port} is already in use on ${config.host}: set PORT to a free port`)
              : error
          )
        );
      });
      cleanups.push({
        name: 'api',
        rank: STOP_RANK.api,
        run: async () => {
          // Open live-event streams end at once (browsers reconnect with Last-Event-ID); requests in flight get
          // API_DRAIN_MS to finish, then their connections are closed, so no client can hold the shutdown up.
          await events?.close();
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          const http = server as Partial<Pick<HttpServer, 'closeIdleConnections' | 'closeAllConnections'>>;
          http.closeIdleConnections?.();
          let timer: NodeJS.Timeout | undefined;
          const drained = await Promise.race([
            closed.then(() => true),
            new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), API_DRAIN_MS))),
          ]);
          clearTimeout(timer);
          if (!drained) {
            http.closeAllConnections?.();
            await closed;
          }
        },
      });
      if (files) {
        const sweeper = startUploadSweeper({
          pool,
          store: files,
          logger,
          maxAgeMs: (config.files?.unattachedHours ?? DEFAULT_UNATTACHED_HOURS) * 3600_000,
        });
        cleanups.push({ name: 'upload sweeper', rank: STOP_RANK.late, run: () => sweeper.stop() });
      }
      if (runsApi && config.mailIntake && client && files) {
        // Loaded only when configured: its mail parser is a large module graph.
        const { startMailIntake } = await import('../api/intake/mail-intake');
        const mailIntake = await startMailIntake({
          pool,
          temporal: { client, taskQueue: config.taskQueue },
          files,
          logger,
          ...config.mailIntake,
        });
        cleanups.push({ name: 'mail intake', rank: STOP_RANK.late, run: () => mailIntake.close() });
        logger.info(
          `mail intake: SMTP on ${config.mailIntake.host}:${mailIntake.port} takes requests for ${config.mailIntake.address}` +
            (config.mailIntake.tls ? ' (STARTTLS offered)' : '')
        );
      }
      const address = server.address() as AddressInfo;
      const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      logger.info(
        runsApi
          ? `api: listening on ${url}/api (OpenAPI document at ${url}/api/openapi.json)`
          : `api: not in this process (role worker); health at ${url}/api/health and ${url}/api/ready`
      );
      return url;
    };
    const [, url] = await settleAll<[void, string]>([workerStarted, startApi()]);

    checkpoint();
    // 6. Designer
    if (designerSource && runsApi) {
      checkDesigner();
      const build = await ensureDesignerBuild(designerSource, logger, designerCheck);
      logger.info(
        build.built
          ? `designer: built in ${(build.milliseconds / 1000).toFixed(1)} s, served at ${url}/`
          : `designer: build is up to date, served at ${url}/`
      );
    } else if (runsApi) {
      logger.warn('designer: source folder not found, serving the API only');
    }

    logger.info(
      runsApi ? `Baton is ready: open ${url}` : `Baton worker is ready (role worker; health at ${url}/api/ready)`
    );
    let stopped: Promise<void> | undefined;
    return {
      url,
      stop: () => (stopped ??= stopAll()),
      kill: () => {
        stopping = true;
        for (const kill of killers) kill();
      },
      crashed,
    };
  } catch (error) {
    // A devserver still starting is killed (its database is not coming) or, once up, registered to stop with the rest.
    markDatabaseFailed(error);
    await devserverStarted?.catch(() => undefined);
    await workerMade?.catch(() => undefined);
    await stopAll();
    throw error;
  }
}
