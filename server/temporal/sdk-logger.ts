import {
  makeTelemetryFilterString,
  Runtime,
  type Logger as SdkLogger,
  type LogLevel,
  type LogMetadata,
} from '@temporalio/worker';
import type { Logger } from '../logger';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Routes the Temporal SDK's logs into Baton's pino logger. The worker's own INFO chatter (bundler output, state
 * changes) becomes debug; logs from workflow and activity code keep their level.
 */
class PinoSdkLogger implements SdkLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const component = typeof meta.sdkComponent === 'string' ? meta.sdkComponent : 'sdk';
    const fromUserCode = component === 'workflow' || component === 'activity';
    const pinoLevel = level === 'INFO' && !fromUserCode ? 'debug' : PINO_LEVEL[level];
    this.logger[pinoLevel]({ ...meta, component: `temporal-${component}` }, message);
  }
  trace(message: string, meta?: LogMetadata) {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata) {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata) {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata) {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata) {
    this.log('ERROR', message, meta);
  }
}

let installed = false;

/** Installs the SDK runtime with Baton's logger; the runtime is process-wide, so only the first call counts. */
export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  Runtime.install({
    logger: new PinoSdkLogger(logger),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'WARN' }), forward: {} } },
  });
  installed = true;
}
