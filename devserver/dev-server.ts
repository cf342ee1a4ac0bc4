import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { Engine } from './engine/engine';
import { listen, type RpcHandler } from './grpc-server';
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
  stop(): Promise<void>;
}

export interface StartDevServerOptions {
  ip?: string;
  port?: number;
  namespaces?: string[];
  storage?: DevServerStorage;
  logger: Logger;
  historyPageSize?: number;
  /** Registered through --search-attribute in every namespace above (persisted with the namespace). */
  searchAttributes?: { name: string; type: string }[];
  longPollMs?: number;
  onFatal?: (error: Error) => void;
  /** Serve temporal.api.testservice.v1.TestService with a virtual clock that skips time, like the test server. */
  timeSkipping?: boolean;
}

export const serverVersion = '1.24.0-baton';

/** Loads state from storage, then serves the WorkflowService; used by the CLI and by in-process tests. */
export async function startDevServer(options: StartDevServerOptions): Promise<DevServer> {
  const storage = options.storage ?? new MemoryStorage();
  const clock = options.timeSkipping ? new VirtualClock() : undefined;
  const engine = new Engine({
    storage,
    now: clock?.now,
    logger: options.logger,
    historyPageSize: options.historyPageSize,
    longPollMs: options.longPollMs,
    onFatal: options.onFatal,
  });
  await engine.start(options.namespaces ?? ['default']);
  registerStartupSearchAttributes(engine, options.namespaces ?? ['default'], options.searchAttributes ?? []);
  await engine.flush();
  const ip = options.ip ?? '127.0.0.1';
  const services: Record<string, Record<string, RpcHandler>> = {
    'temporal.api.workflowservice.v1.WorkflowService': workflowHandlers(engine, serverVersion),
    'temporal.api.operatorservice.v1.OperatorService': operatorHandlers(engine),
  };
  let skipper: NodeJS.Timeout | undefined;
  if (clock) {
    services['temporal.api.testservice.v1.TestService'] = testServiceHandlers(clock);
    // Check often whether every workflow waits on a timer; if so and skipping is unlocked, jump ahead.
    skipper = setInterval(() => {
      if (clock.unlocked) engine.skipTime(clock);
    }, 10);
  }
  const { server, port } = await listen(services, {
    ip,
    port: options.port ?? 0,
    logger: options.logger,
  });
  return {
    address: `${ip}:${port}`,
    port,
    engine,
    stop: async () => {
      clearInterval(skipper);
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
