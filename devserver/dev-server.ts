import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { Engine } from './engine/engine';
import { listen, type RpcHandler } from './grpc-server';
import { Schedules } from './engine/schedules';
import { scheduleHandlers } from './schedule.handlers';
import { StandaloneActivities } from './engine/standalone-activities';
import { standaloneActivityHandlers } from './standalone-activity.handlers';
import { VirtualClock } from './engine/time-skipping';
import { testServiceHandlers } from './test-service.handlers';
import { MemoryStorage } from './storage/memory.storage';
import type { DevServerStorage } from './storage/storage';
import { operatorHandlers, registerStartupSearchAttributes } from './visibility/handlers';
import { workflowHandlers } from './workflow.handlers';

export interface DevServer {
  /** host:port the gRPC service listens on. */
  address: string;
  port: number;
  engine: Engine;
  standaloneActivities: StandaloneActivities;
  stop(): Promise<void>;
}

export interface StartDevServerOptions {
  ip?: string;
  port?: number;
  namespaces?: string[];
  storage?: DevServerStorage;
  logger: Logger;
  historyPageSize?: number;
  /** Eager activity dispatch (default on, as `system.enableActivityEagerExecution` in the official dev server). */
  eagerActivities?: boolean;
  /** How many closed runs keep their history in memory (least recently used go first); the rest are read on demand. */
  closedHistoryCache?: number;
  /** Registered through --search-attribute in every namespace above (persisted with the namespace). */
  searchAttributes?: { name: string; type: string }[];
  longPollMs?: number;
  onFatal?: (error: Error) => void;
  /** Serve temporal.api.testservice.v1.TestService with a virtual clock that skips time, like the test server. */
  timeSkipping?: boolean;
  /** Retention of closed runs for the served namespaces; unset keeps each namespace's own (24 h by default). */
  retentionMs?: number;
  /** How often closed runs past their retention are deleted (default 10 min; the first sweep 5 s after start). */
  retentionSweepMs?: number;
}

export const serverVersion = '1.24.0-baton';

/** Loads state from storage, then serves the WorkflowService; used by the CLI and by in-process tests. */
export async function startDevServer(options: StartDevServerOptions): Promise<DevServer> {
  const storage = options.storage ?? new MemoryStorage();
  const clock = options.timeSkipping ? new VirtualClock() : undefined;
  // Time skipping checks right after the state changed (a workflow task completed, an activity finished) instead of
  // waiting for the next tick of an interval; one check per turn of the event loop however many changes came.
  let skipCheckQueued = false;
  const checkSkip = () => {
    if (!clock || skipCheckQueued || stopped) return;
    skipCheckQueued = true;
    setImmediate(() => {
      skipCheckQueued = false;
      if (clock.unlocked && !stopped) engine.skipTime(clock);
    });
  };
  let stopped = false;
  const engine = new Engine({
    onChange: clock ? checkSkip : undefined,
    // The per-timer path: the jump happens before the completed task's answer, in its commit.
    onWorkflowTaskDone: clock
      ? () => {
          if (clock.unlocked && !stopped) engine.skipTime(clock);
        }
      : undefined,
    storage,
    now: clock?.now,
    logger: options.logger,
    historyPageSize: options.historyPageSize,
    eagerActivities: options.eagerActivities,
    closedHistoryCache: options.closedHistoryCache,
    longPollMs: options.longPollMs,
    onFatal: options.onFatal,
  });
  await engine.start(options.namespaces ?? ['default']);
  if (options.retentionMs !== undefined)
    for (const name of options.namespaces ?? ['default']) engine.setRetention(name, options.retentionMs);
  registerStartupSearchAttributes(engine, options.namespaces ?? ['default'], options.searchAttributes ?? []);
  // Schedules catch up on what came due while the server was down (within their catch-up windows).
  const schedules = new Schedules(engine, options.logger);
  schedules.start();
  // Standalone activity executions re-offer their waiting attempts and re-arm their timeouts.
  const standaloneActivities = new StandaloneActivities(engine, options.logger);
  standaloneActivities.start();
  await engine.flush();
  const ip = options.ip ?? '127.0.0.1';
  const workflowService = workflowHandlers(engine, serverVersion);
  const services: Record<string, Record<string, RpcHandler>> = {
    'temporal.api.workflowservice.v1.WorkflowService': {
      ...workflowService,
      ...scheduleHandlers(engine, schedules),
      ...standaloneActivityHandlers(engine, standaloneActivities, workflowService),
    },
    'temporal.api.operatorservice.v1.OperatorService': operatorHandlers(engine),
  };
  let skipper: NodeJS.Timeout | undefined;
  if (clock) {
    services['temporal.api.testservice.v1.TestService'] = testServiceHandlers(clock, checkSkip);
    // A slow safety net beside the checks after each change: real time passing can also make a skip possible.
    skipper = setInterval(() => {
      if (clock.unlocked) engine.skipTime(clock);
    }, 50);
  }
  // Retention: closed runs go once their namespace's retention has passed, so memory and start-up follow what is
  // open and recent rather than everything ever run.
  // The time-skipping test server keeps every run, as the official one does: months pass there in seconds.
  const sweep = () => {
    if (stopped || clock) return;
    engine
      .sweepRetention()
      .then(() => (standaloneActivities.sweepRetention() > 0 ? engine.flush() : undefined))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'retention sweep failed'));
  };
  const firstSweep = setTimeout(sweep, 5_000);
  firstSweep.unref();
  const sweeper = setInterval(sweep, options.retentionSweepMs ?? 600_000);
  sweeper.unref();
  const { server, port } = await listen(services, {
    ip,
    port: options.port ?? 0,
    logger: options.logger,
  });
  return {
    address: `${ip}:${port}`,
    port,
    engine,
    standaloneActivities,
    stop: async () => {
      stopped = true;
      clearInterval(skipper);
      clearTimeout(firstSweep);
      clearInterval(sweeper);
      schedules.shutdown();
      standaloneActivities.shutdown();
      engine.shutdown();
      await shutdownServer(server);
      await engine.flush().catch(() => undefined);
      await storage.close();
    },
  };
}

function shutdownServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2_000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
