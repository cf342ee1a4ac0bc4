import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { Engine } from './engine/engine';
import { listen } from './grpc-server';
import { MemoryStorage } from './storage/memory.storage';
import type { DevServerStorage } from './storage/storage';
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
  /** Registered through --search-attribute; reported by GetSearchAttributes (values are not validated). */
  searchAttributes?: { name: string; type: string }[];
  longPollMs?: number;
  onFatal?: (error: Error) => void;
}

export const serverVersion = '1.24.0-baton';

/** Loads state from storage, then serves the WorkflowService; used by the CLI and by in-process tests. */
export async function startDevServer(options: StartDevServerOptions): Promise<DevServer> {
  const storage = options.storage ?? new MemoryStorage();
  const engine = new Engine({
    storage,
    logger: options.logger,
    historyPageSize: options.historyPageSize,
    longPollMs: options.longPollMs,
    onFatal: options.onFatal,
  });
  await engine.start(options.namespaces ?? ['default']);
  const ip = options.ip ?? '127.0.0.1';
  const { server, port } = await listen(workflowHandlers(engine, serverVersion, options.searchAttributes), {
    ip,
    port: options.port ?? 0,
    logger: options.logger,
  });
  return {
    address: `${ip}:${port}`,
    port,
    engine,
    stop: async () => {
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
