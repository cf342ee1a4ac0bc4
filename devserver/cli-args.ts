export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface DevServerOptions {
  ip: string;
  port: number;
  namespaces: string[];
  /** A PostgreSQL URL; absent means in-memory storage. */
  databaseUrl: string | undefined;
  /** How long to wait for the database to come up before loading storage (0: not at all). */
  databaseWaitMs: number;
  logFormat: LogFormat;
  logLevel: LogLevel;
  searchAttributes: { name: string; type: string }[];
  dynamicConfig: Record<string, string>;
  /** The test-server form (`baton-devserver <port>`): in-memory, with the TestService and time skipping. */
  timeSkipping: boolean;
  /** Stop when this process (the one that started us) is gone: set by Baton, which holds our stdin open. */
  parentPid: number | undefined;
  /** `--retention 7d`: how long closed runs of the served namespaces are kept (default: the namespace's, 24 h). */
  retentionMs: number | undefined;
}

/**
 * Settings a parent passes through the environment rather than the command line, which anyone may read with `ps`:
 * the database URL with its password, and the parent pid to die with.
 */
export const ENV_DATABASE_URL = 'BATON_DEVSERVER_DATABASE_URL';
export const ENV_PARENT_PID = 'BATON_DEVSERVER_PARENT_PID';
/**
 * Set by a parent that starts the devserver while its PostgreSQL is still starting: how long (ms) to wait for the
 * database to accept connections (and for the database itself to be created) before loading storage.
 */
export const ENV_DATABASE_WAIT_MS = 'BATON_DEVSERVER_DATABASE_WAIT_MS';

export class UsageError extends Error {
  override name = 'UsageError';
}

const valueFlags = new Set([
  '--port',
  '--ip',
  '--namespace',
  '--db-filename',
  '--db-url',
  '--ui-port',
  '--ui-ip',
  '--log-format',
  '--log-level',
  '--dynamic-config-value',
  '--search-attribute',
  '--retention',
]);
const booleanFlags = new Set(['--headless']);
const searchAttributeTypes = new Set(['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList']);
const logLevels = new Map<string, LogLevel>([
  ['debug', 'debug'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['fatal', 'error'],
]);

/**
 * Parses the official CLI's `server start-dev` arguments, the ones @temporalio/testing passes.
 * `--db-filename` must be a PostgreSQL URL: this server has no SQLite, and silently keeping
 * data in memory when the caller asked for durability would lose it.
 */
export function parseDevServerArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {}
): DevServerOptions {
  const [command, subcommand] = argv;
  const testServer = command !== undefined && /^\d+$/.test(command);
  if (!testServer && (command !== 'server' || subcommand !== 'start-dev')) {
    throw new UsageError(
      `expected "server start-dev [flags]" or "<port>" (time-skipping test server), got "${argv.slice(0, 2).join(' ')}"`
    );
  }
  const rest = argv.slice(testServer ? 1 : 2);
  const options: DevServerOptions = {
    ip: '127.0.0.1',
    port: 7233,
    namespaces: [],
    databaseUrl: undefined,
    databaseWaitMs: 0,
    logFormat: 'pretty',
    // The test-server form runs under test runners and benchmarks, which start one per suite: like the server it
    // stands in for, it says only what went wrong unless asked (`--log-level info`).
    logLevel: testServer ? 'warn' : 'info',
    searchAttributes: [],
    dynamicConfig: {},
    timeSkipping: testServer,
    parentPid: undefined,
    retentionMs: undefined,
  };
  if (testServer) options.port = parsePort('<port>', command);
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? '';
    const equals = arg.indexOf('=');
    const flag = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    if (booleanFlags.has(flag)) continue;
    if (!valueFlags.has(flag)) throw new UsageError(`unknown flag: ${flag}`);
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(equals + 1);
    else value = rest[++index];
    if (value === undefined) throw new UsageError(`flag ${flag} needs a value`);
    applyFlag(options, flag, value);
  }
  if (options.namespaces.length === 0) options.namespaces.push('default');
  const fromEnv = env[ENV_DATABASE_URL];
  if (fromEnv && !options.databaseUrl && !testServer) applyFlag(options, '--db-filename', fromEnv);
  const parent = env[ENV_PARENT_PID];
  if (parent) {
    const pid = Number(parent);
    if (!Number.isInteger(pid) || pid <= 1) throw new UsageError(`${ENV_PARENT_PID} must be a process id`);
    options.parentPid = pid;
  }
  const wait = env[ENV_DATABASE_WAIT_MS];
  if (wait) {
    const ms = Number(wait);
    if (!Number.isInteger(ms) || ms < 0)
      throw new UsageError(`${ENV_DATABASE_WAIT_MS} must be a number of milliseconds`);
    options.databaseWaitMs = ms;
  }
  if (testServer && options.databaseUrl)
    throw new UsageError('the time-skipping test server keeps its state in memory');
  return options;
}

function applyFlag(options: DevServerOptions, flag: string, value: string): void {
  switch (flag) {
    case '--port':
      options.port = parsePort(flag, value);
      return;
    case '--ip':
      options.ip = value;
      return;
    case '--namespace':
      if (!options.namespaces.includes(value)) options.namespaces.push(value);
      return;
    case '--db-filename':
    case '--db-url':
      if (!/^postgres(ql)?:\/\//.test(value)) {
        throw new UsageError(`${flag} expects a PostgreSQL URL (postgres://user:pass@host:port/db), got "${value}"`);
      }
      options.databaseUrl = value;
      return;
    case '--ui-port':
      parsePort(flag, value);
      return;
    case '--ui-ip':
      return;
    case '--log-format':
      if (value !== 'json' && value !== 'pretty') throw new UsageError(`--log-format must be json or pretty`);
      options.logFormat = value;
      return;
    case '--log-level': {
      const level = logLevels.get(value.toLowerCase());
      if (!level) throw new UsageError(`--log-level must be one of ${[...logLevels.keys()].join(', ')}`);
      options.logLevel = level;
      return;
    }
    case '--dynamic-config-value': {
      const equals = value.indexOf('=');
      if (equals <= 0) throw new UsageError(`--dynamic-config-value expects KEY=VALUE, got "${value}"`);
      // Unknown keys are accepted and ignored, as the official server's tests rely on.
      options.dynamicConfig[value.slice(0, equals)] = value.slice(equals + 1);
      return;
    }
    case '--retention': {
      const match = /^(\d+)(s|m|h|d)$/.exec(value);
      const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
      if (!match || Number(match[1]) <= 0)
        throw new UsageError(`--retention expects a duration such as 24h or 7d (s, m, h, d), got "${value}"`);
      options.retentionMs = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
      return;
    }
    case '--search-attribute': {
      const [name, type] = value.split('=');
      if (!name || !type || !searchAttributeTypes.has(type)) {
        throw new UsageError(
          `--search-attribute expects NAME=TYPE with TYPE one of ${[...searchAttributeTypes].join(', ')}, got "${value}"`
        );
      }
      options.searchAttributes.push({ name, type });
      return;
    }
  }
}

function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number`);
  return port;
}
