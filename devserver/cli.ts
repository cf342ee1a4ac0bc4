import pino from 'pino';
import { UsageError, parseDevServerArgs } from './cli-args';
import { startDevServer } from './dev-server';
import { watchParent } from './parent-watch';
import { MemoryStorage } from './storage/memory.storage';
import type { DevServerStorage } from './storage/storage';

async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  const options = parseDevServerArgs(argv, env);
  const logger = pino(
    { level: options.logLevel, base: { service: 'baton-devserver' } },
    options.logFormat === 'pretty'
      ? pino.transport({ target: 'pino-pretty', options: { destination: 2 } })
      : pino.destination(2)
  );
  // Watched from the start: a parent killed while storage loads must not leave us running afterwards.
  const running: { stop?: () => void } = {};
  if (options.parentPid !== undefined)
    watchParent({
      parentPid: options.parentPid,
      stdin: process.stdin,
      onGone: (reason) => {
        logger.warn(`stopping: ${reason}`);
        if (running.stop) running.stop();
        else process.exit(0);
      },
    });
  const historyPageSize = Number(options.dynamicConfig['frontend.historyMaxPageSize']) || undefined;
  // pg is loaded only when asked for: start-up time counts (the SDK's launcher waits 5 s at most).
  let storage: DevServerStorage;
  if (options.databaseUrl) {
    const { PostgresStorage, waitForDatabase } = await import('./storage/postgres.storage');
    if (options.databaseWaitMs > 0) await waitForDatabase(options.databaseUrl, options.databaseWaitMs);
    storage = new PostgresStorage(options.databaseUrl, logger);
  } else {
    storage = new MemoryStorage();
  }
  const server = await startDevServer({
    ip: options.ip,
    port: options.port,
    namespaces: options.namespaces,
    storage,
    logger,
    historyPageSize,
    // `--dynamic-config-value system.enableActivityEagerExecution=false` turns eager activity dispatch off.
    eagerActivities: options.dynamicConfig['system.enableActivityEagerExecution'] !== 'false',
    searchAttributes: options.searchAttributes,
    timeSkipping: options.timeSkipping,
    ...(options.retentionMs !== undefined && { retentionMs: options.retentionMs }),
    onFatal: () => process.exit(1),
  });
  logger.info(
    { address: server.address, storage: options.databaseUrl ? 'postgres' : 'memory', namespaces: options.namespaces },
    'devserver listening'
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A stuck shutdown must not keep an orphan alive.
    setTimeout(() => process.exit(1), 5_000).unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  running.stop = stop;
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`baton-devserver: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`baton-devserver: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
