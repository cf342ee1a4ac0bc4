import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { passwordProblem } from '../api/people/password-policy';

// The only module that reads process.env: everything else receives a validated Config.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BATON_ROLES = ['all', 'api', 'worker'] as const;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected one of true, false, 1, 0, yes, no' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
  error: 'expected a PostgreSQL URL such as postgres://user:password@host:5432/baton',
});

const hostPort = z
  .string()
  .regex(/^[^\s:/]+:\d{1,5}$/, { error: 'expected host:port, e.g. temporal.example.com:7233' });

const port = z
  .string()
  .regex(/^\d+$/, { error: 'expected an integer from 0 to 65535' })
  .transform(Number)
  .refine((value) => value <= 65535, { error: 'expected an integer from 0 to 65535' });

const EnvSchema = z
  .object({
    DATABASE_URL: postgresUrl.optional(),
    TEMPORAL_ADDRESS: hostPort.optional(),
    TEMPORAL_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, { error: 'expected a Temporal namespace name, e.g. default' })
      .default('default'),
    TEMPORAL_TASK_QUEUE: z
      .string()
      .regex(/^\S{1,200}$/, { error: 'expected a task queue name without spaces' })
      .default('baton'),
    TEMPORAL_TLS: booleanFlag.optional(),
    TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    BATON_DATA_DIR: z.string().min(1).default('.baton'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json'], { error: 'expected one of auto, pretty, json' }).default('auto'),
    // The same policy as a password set in the app: a weak one would be the admin's password until someone changes it.
    BATON_ADMIN_PASSWORD: z
      .string()
      .min(8, {
        error: 'expected at least 8 characters; set a longer password, or unset it to get a random one',
        abort: true,
      })
      .superRefine((password, ctx) => {
        const problem = passwordProblem(password);
        if (problem !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `the password ${problem.replace(/; choose another$/, '')}: set a stronger one, or unset it to get a random one printed at the first start`,
          });
      })
      .optional(),
    BATON_DEMO: booleanFlag.optional(),
    BATON_ROLE: z.enum(BATON_ROLES, { error: `expected one of ${BATON_ROLES.join(', ')}` }).default('all'),
    TRUST_PROXY: booleanFlag.optional(),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value) && URL.canParse(value), {
        error: 'expected an SMTP URL such as smtp://user:password@mail.example.com:587 or smtps://...:465',
      })
      .optional(),
    BATON_MAIL_FROM: z
      .string()
      .regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
        error: 'expected an address such as baton@example.com or "Baton <baton@example.com>"',
      })
      .default('Baton <baton@localhost>'),
    BATON_PUBLIC_URL: z
      .string()
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
        error: 'expected the http(s) address people open Baton at, such as https://baton.example.com',
      })
      .optional(),
    BATON_WEBHOOK_URL: z
      .string()
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
        error: 'expected an http(s) URL that receives notification webhooks',
      })
      .optional(),
    BATON_WEBHOOK_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
    BATON_INTAKE_SECRET: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
    BATON_FILES_DIR: z.string().min(1).optional(),
    BATON_MAIL_INTAKE: z
      .string()
      .regex(/^[^\s@<>]+@[^\s@<>]+$/, {
        error: 'expected the address requests are mailed to, e.g. requests@example.com',
      })
      .optional(),
    BATON_MAIL_INTAKE_PORT: port.optional(),
    BATON_MAIL_INTAKE_HOST: z.string().min(1).default('127.0.0.1'),
    BATON_MAIL_INTAKE_USER: z.string().min(1).optional(),
    BATON_MAIL_INTAKE_PASSWORD: z.string().min(8, { error: 'expected at least 8 characters' }).optional(),
    BATON_MAIL_INTAKE_KEY: z.string().min(1).optional(),
    BATON_MAIL_INTAKE_CERT: z.string().min(1).optional(),
    BATON_INTAKE_DEFAULT: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(
        z.string().regex(/^[a-z0-9-]{1,60}$/, {
          error: 'expected the part after "+" of a template’s intake address, e.g. general for requests+general@…',
        })
      )
      .optional(),
    BATON_FILE_MAX_MB: z
      .string()
      .regex(/^\d+$/, { error: 'expected a whole number of megabytes, e.g. 25' })
      .transform(Number)
      .refine((value) => value >= 1 && value <= 2048, { error: 'expected 1 to 2048 (megabytes)' })
      .optional(),
    BATON_UPLOAD_KEEP_HOURS: z
      .string()
      .regex(/^\d+$/, { error: 'expected a whole number of hours, e.g. 24' })
      .transform(Number)
      .refine((value) => value >= 1 && value <= 8760, { error: 'expected 1 to 8760 (hours)' })
      .optional(),
    BATON_WORKFLOW_CACHE: z
      .string()
      .regex(/^\d+$/, { error: 'expected a whole number of processes, e.g. 500' })
      .transform(Number)
      .refine((value) => value >= 2 && value <= 100_000, { error: 'expected 2 to 100000 (processes)' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'mutual TLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
      });
    }
    // The embedded PostgreSQL and devserver belong to one Baton process; split roles share real ones.
    if (env.BATON_ROLE !== 'all') {
      for (const [variable, what] of [
        ['DATABASE_URL', 'a PostgreSQL server'],
        ['TEMPORAL_ADDRESS', 'a Temporal service (a cluster, or `baton-devserver server start-dev` on its own)'],
      ] as const) {
        if (!env[variable])
          ctx.addIssue({
            code: 'custom',
            path: [variable],
            message: `the ${env.BATON_ROLE} role shares ${what} with the other Baton processes: set ${variable}`,
          });
      }
    }
    if ((env.BATON_MAIL_INTAKE === undefined) !== (env.BATON_MAIL_INTAKE_PORT === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.BATON_MAIL_INTAKE === undefined ? 'BATON_MAIL_INTAKE' : 'BATON_MAIL_INTAKE_PORT'],
        message: 'the mail intake needs both BATON_MAIL_INTAKE and BATON_MAIL_INTAKE_PORT',
      });
    }
    if (Boolean(env.BATON_MAIL_INTAKE_KEY) !== Boolean(env.BATON_MAIL_INTAKE_CERT)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.BATON_MAIL_INTAKE_KEY ? 'BATON_MAIL_INTAKE_CERT' : 'BATON_MAIL_INTAKE_KEY'],
        message: 'STARTTLS of the mail intake needs both BATON_MAIL_INTAKE_KEY and BATON_MAIL_INTAKE_CERT (PEM files)',
      });
    }
    if (env.BATON_MAIL_INTAKE_KEY && env.BATON_MAIL_INTAKE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BATON_MAIL_INTAKE'],
        message: 'BATON_MAIL_INTAKE_KEY and _CERT are for the mail intake: set BATON_MAIL_INTAKE and its port too',
      });
    }
    if (env.BATON_INTAKE_DEFAULT !== undefined && env.BATON_MAIL_INTAKE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BATON_MAIL_INTAKE'],
        message: 'BATON_INTAKE_DEFAULT names a template of the mail intake: set BATON_MAIL_INTAKE too',
      });
    }
    if (Boolean(env.BATON_MAIL_INTAKE_USER) !== Boolean(env.BATON_MAIL_INTAKE_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BATON_MAIL_INTAKE_PASSWORD'],
        message: 'SMTP AUTH of the mail intake needs both BATON_MAIL_INTAKE_USER and BATON_MAIL_INTAKE_PASSWORD',
      });
    }
    if (env.BATON_WEBHOOK_URL && !env.BATON_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['BATON_WEBHOOK_SECRET'],
        message: 'a webhook needs a secret to sign its requests (BATON_WEBHOOK_SECRET, at least 16 characters)',
      });
    }
    const usesTemporalSecurity =
      env.TEMPORAL_TLS !== undefined ||
      env.TEMPORAL_TLS_CERT_PATH ||
      env.TEMPORAL_TLS_CA_PATH ||
      env.TEMPORAL_TLS_SERVER_NAME ||
      env.TEMPORAL_API_KEY;
    if (usesTemporalSecurity && !env.TEMPORAL_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ADDRESS'],
        message: 'TLS and API key settings apply to a Temporal cluster: set TEMPORAL_ADDRESS too',
      });
    }
  });

export type LogLevel = (typeof LOG_LEVELS)[number];
export type BatonRole = (typeof BATON_ROLES)[number];

export interface TemporalClusterConfig {
  address: string;
  /** `false` for plain text; an object (possibly empty: system CAs) for TLS. */
  tls:
    | false
    | {
        serverName?: string;
        caPath?: string;
        clientCertPath?: string;
        clientKeyPath?: string;
      };
  apiKey?: string;
}

export interface Config {
  /** External PostgreSQL; undefined means Baton starts its embedded PostgreSQL. */
  databaseUrl?: string;
  /** External Temporal cluster; undefined means Baton starts its embedded devserver. */
  temporal?: TemporalClusterConfig;
  namespace: string;
  taskQueue: string;
  host: string;
  port: number;
  /** Absolute path of the folder holding the embedded PostgreSQL data and the instance lock. */
  dataDir: string;
  logLevel: LogLevel;
  logFormat: 'pretty' | 'json';
  /** Password of the admin created at the very first start; a random one is printed when unset. */
  adminPassword?: string;
  /**
   * What this process runs (`BATON_ROLE` or `npm start -- --role X`): `all` (API, web app, worker, outbox, report
   * schedules), `api` (API, web app and live events) or `worker` (Temporal worker, outbox and report schedules).
   */
  role: BatonRole;
  /** Seed the demo organisation (`BATON_DEMO=true` or `npm start -- --demo`). */
  demo?: boolean;
  /**
   * Baton runs behind one reverse proxy (`TRUST_PROXY=true`): the client address is the last `X-Forwarded-For`
   * entry, and a request counts as HTTPS when `X-Forwarded-Proto` says so.
   */
  trustProxy?: boolean;
  /** Outgoing mail; without `smtpUrl` emails are kept in the outbox (visible in the app), never lost. */
  /** `publicUrl`: where people open Baton (`BATON_PUBLIC_URL`, else this host and port), for links in emails. */
  mail: {
    smtpUrl?: string;
    from: string;
    publicUrl: string;
    /** The mail intake's address: a client's emails about their request say to reply there (`Reply-To`). */
    replyTo?: string;
  };
  /** A webhook endpoint configured from the environment, signed with HMAC-SHA256. */
  webhook?: { url: string; secret: string };
  /** Secret of the inbound request webhook (`POST /api/intake/webhook`); unset: the intake is off. */
  intakeSecret?: string;
  /**
   * Attached files: their folder (`BATON_FILES_DIR`; `<dataDir>/files` when unset), size limit in MB, and after how
   * many hours an upload never attached is removed (`BATON_UPLOAD_KEEP_HOURS`, 24 by default).
   */
  files?: { dir?: string; maxMegabytes?: number; unattachedHours?: number };
  /** Baton's own SMTP listener for requests by mail (`BATON_MAIL_INTAKE_*`); unset: off. */
  mailIntake?: {
    address: string;
    host: string;
    port: number;
    auth?: { user: string; password: string };
    /** The key of the template mail to the bare address starts when several templates may be (`+<key>`). */
    defaultKey?: string;
    /** PEM files of the listener's key and certificate (`BATON_MAIL_INTAKE_KEY`, `_CERT`): STARTTLS is offered. */
    tls?: { keyPath: string; certPath: string };
  };
  /**
   * How many processes the worker keeps in memory between their steps (`BATON_WORKFLOW_CACHE`); unset: derived
   * from the worker's memory limit (worker/workflow-cache.ts).
   */
  workflowCache?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string; received?: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems
          .map(
            (p) =>
              `  ${p.variable}: ${p.message}${p.received === undefined ? '' : ` (got ${JSON.stringify(p.received)})`}`
          )
          .join('\n')
    );
    this.name = 'ConfigError';
  }
}

const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  'BATON_ADMIN_PASSWORD',
  'SMTP_URL',
  'BATON_WEBHOOK_SECRET',
  'BATON_INTAKE_SECRET',
  'BATON_MAIL_INTAKE_PASSWORD',
]);

/** What is wrong with a PEM file a variable names (unreadable, or not a `-----BEGIN <what>-----` block); else undefined. */
function pemProblem(
  variable: string,
  file: string | undefined,
  cwd: string,
  what: 'PRIVATE KEY' | 'CERTIFICATE'
): { variable: string; message: string; received: string } | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      variable,
      message: `cannot read the file (${code === 'ENOENT' ? 'it does not exist' : (code ?? 'unreadable')})`,
      received: file,
    };
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${what}-----`).test(text))
    return {
      variable,
      message: `expected a PEM file with a "-----BEGIN ${what === 'CERTIFICATE' ? 'CERTIFICATE' : 'PRIVATE KEY'}-----" block`,
      received: file,
    };
  return undefined;
}

/**
 * Validates the environment (process.env by default) into a Config. Empty strings count as unset so that
 * `PORT= npm start` behaves like leaving PORT out.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { cwd?: string; isTTY?: boolean; argv?: readonly string[] } = {}
): Config {
  const relevant = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value.trim() === '' ? [] : [[key, value.trim()]];
    })
  );
  // `npm start -- --role api` (or `--role=api`) wins over BATON_ROLE.
  const argv = options.argv ?? process.argv;
  const roleIndex = argv.findIndex((arg) => arg === '--role' || arg.startsWith('--role='));
  if (roleIndex >= 0) {
    const given = argv[roleIndex]!.startsWith('--role=')
      ? argv[roleIndex]!.slice('--role='.length)
      : argv[roleIndex + 1];
    relevant.BATON_ROLE = given ?? '';
  }
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const received = relevant[variable];
        return {
          variable,
          message: issue.message,
          received: SECRET_VARIABLES.has(variable) || received === undefined ? undefined : received,
        };
      })
    );
  }
  const e = parsed.data;
  const cwd = options.cwd ?? process.cwd();
  const pemProblems = [
    pemProblem('BATON_MAIL_INTAKE_KEY', e.BATON_MAIL_INTAKE_KEY, cwd, 'PRIVATE KEY'),
    pemProblem('BATON_MAIL_INTAKE_CERT', e.BATON_MAIL_INTAKE_CERT, cwd, 'CERTIFICATE'),
  ].filter((problem) => problem !== undefined);
  if (pemProblems.length > 0) throw new ConfigError(pemProblems);
  const temporal: TemporalClusterConfig | undefined = e.TEMPORAL_ADDRESS
    ? {
        address: e.TEMPORAL_ADDRESS,
        tls:
          e.TEMPORAL_TLS === true || (e.TEMPORAL_TLS === undefined && (e.TEMPORAL_API_KEY || e.TEMPORAL_TLS_CERT_PATH))
            ? {
                ...(e.TEMPORAL_TLS_SERVER_NAME && { serverName: e.TEMPORAL_TLS_SERVER_NAME }),
                ...(e.TEMPORAL_TLS_CA_PATH && { caPath: e.TEMPORAL_TLS_CA_PATH }),
                ...(e.TEMPORAL_TLS_CERT_PATH && { clientCertPath: e.TEMPORAL_TLS_CERT_PATH }),
                ...(e.TEMPORAL_TLS_KEY_PATH && { clientKeyPath: e.TEMPORAL_TLS_KEY_PATH }),
              }
            : false,
        ...(e.TEMPORAL_API_KEY && { apiKey: e.TEMPORAL_API_KEY }),
      }
    : undefined;
  return {
    ...(e.DATABASE_URL && { databaseUrl: e.DATABASE_URL }),
    ...(temporal && { temporal }),
    role: e.BATON_ROLE,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(cwd, e.BATON_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    logFormat:
      e.LOG_FORMAT === 'auto' ? ((options.isTTY ?? Boolean(process.stdout.isTTY)) ? 'pretty' : 'json') : e.LOG_FORMAT,
    ...(e.BATON_ADMIN_PASSWORD && { adminPassword: e.BATON_ADMIN_PASSWORD }),
    ...((e.BATON_DEMO ?? (options.argv ?? process.argv).includes('--demo')) && { demo: true }),
    ...(e.TRUST_PROXY && { trustProxy: true }),
    mail: {
      ...(e.SMTP_URL && { smtpUrl: e.SMTP_URL }),
      from: e.BATON_MAIL_FROM,
      ...(e.BATON_MAIL_INTAKE !== undefined && { replyTo: e.BATON_MAIL_INTAKE }),
      publicUrl:
        e.BATON_PUBLIC_URL ?? `http://${['0.0.0.0', '::', ''].includes(e.HOST) ? 'localhost' : e.HOST}:${e.PORT}`,
    },
    ...(e.BATON_WEBHOOK_URL &&
      e.BATON_WEBHOOK_SECRET && { webhook: { url: e.BATON_WEBHOOK_URL, secret: e.BATON_WEBHOOK_SECRET } }),
    ...(e.BATON_INTAKE_SECRET && { intakeSecret: e.BATON_INTAKE_SECRET }),
    ...(e.BATON_MAIL_INTAKE !== undefined &&
      e.BATON_MAIL_INTAKE_PORT !== undefined && {
        mailIntake: {
          address: e.BATON_MAIL_INTAKE,
          host: e.BATON_MAIL_INTAKE_HOST,
          port: e.BATON_MAIL_INTAKE_PORT,
          ...(e.BATON_INTAKE_DEFAULT !== undefined && { defaultKey: e.BATON_INTAKE_DEFAULT }),
          ...(e.BATON_MAIL_INTAKE_KEY &&
            e.BATON_MAIL_INTAKE_CERT && {
              tls: {
                keyPath: path.resolve(cwd, e.BATON_MAIL_INTAKE_KEY),
                certPath: path.resolve(cwd, e.BATON_MAIL_INTAKE_CERT),
              },
            }),
          ...(e.BATON_MAIL_INTAKE_USER &&
            e.BATON_MAIL_INTAKE_PASSWORD && {
              auth: { user: e.BATON_MAIL_INTAKE_USER, password: e.BATON_MAIL_INTAKE_PASSWORD },
            }),
        },
      }),
    ...((e.BATON_FILES_DIR !== undefined ||
      e.BATON_FILE_MAX_MB !== undefined ||
      e.BATON_UPLOAD_KEEP_HOURS !== undefined) && {
      files: {
        ...(e.BATON_FILES_DIR !== undefined && { dir: path.resolve(cwd, e.BATON_FILES_DIR) }),
        ...(e.BATON_FILE_MAX_MB !== undefined && { maxMegabytes: e.BATON_FILE_MAX_MB }),
        ...(e.BATON_UPLOAD_KEEP_HOURS !== undefined && { unattachedHours: e.BATON_UPLOAD_KEEP_HOURS }),
      },
    }),
    ...(e.BATON_WORKFLOW_CACHE !== undefined && { workflowCache: e.BATON_WORKFLOW_CACHE }),
  };
}

/** Test-only settings, read here so that no other module touches process.env. */
export function loadTestSettings(env: Record<string, string | undefined> = process.env): {
  /** A PostgreSQL server (with CREATEDB) for test databases instead of an embedded one. */
  testDatabaseUrl?: string;
} {
  const url = env.TEST_DATABASE_URL?.trim();
  if (!url) return {};
  const parsed = postgresUrl.safeParse(url);
  if (!parsed.success)
    throw new ConfigError([{ variable: 'TEST_DATABASE_URL', message: parsed.error.issues[0]!.message }]);
  return { testDatabaseUrl: parsed.data };
}
