import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './env';

export type { Logger };

/**
 * Pretty, colourised lines in a terminal; one JSON object per line otherwise (CI, containers, log shippers).
 * pino-pretty runs in-process as a stream so every line is written before the process exits.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  const options = {
    level: config.logLevel,
    redact: {
      paths: ['password', '*.password', 'apiKey', '*.apiKey', 'databaseUrl', '*.databaseUrl'],
      censor: '[redacted]',
    },
  };
  if (config.logFormat === 'json') return pino(options);
  return pino(
    options,
    pretty({ colorize: Boolean(process.stdout.isTTY), translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true })
  );
}
