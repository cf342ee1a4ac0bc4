import pino from 'pino';
import { UsageError, parseDevServerArgs } from './cli-args';
import { startDevServer } from './dev-server';
import { MemoryStorage } from './storage/memory.storage';

async function main(argv: string[]): Promise<void> {
  const options = parseDevServerArgs(argv);
  const logger = pino(
    { level: options.logLevel, base: { service: 'baton-devserver' } },
    options.logFormat === 'pretty'
      ? pino.transport({ target: 'pino-pretty', options: { destination: 2 } })
      : pino.destination(2)
  );
  const historyPageSize = Number(options.dynamicConfig['frontend.historyMaxPageSize']) || undefined;
  // pg is loaded only when asked for: start-up time counts (the SDK's launcher waits 5 s at most).
  const storage = options.databaseUrl
    ? new (await import('./storage/postgres.storage')).PostgresStorage(options.databaseUrl, logger)
    : new MemoryStorage();
  const server = await startDevServer({
    ip: options.ip,
    port: options.port,
    namespaces: options.namespaces,
    storage,
    logger,
    historyPageSize,
    searchAttributes: options.searchAttributes,
    timeSkipping: options.timeSkipping,
    onFatal: () => process.exit(1),
  });
  logger.info(
    { address: server.address, storage: options.databaseUrl ? 'postgres' : 'memory', namespaces: options.namespaces },
    'devserver listening'
  );
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`baton-devserver: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`baton-devserver: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
