import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

const load = (env: Record<string, string>) => loadConfig(env, { cwd: '/srv/baton', isTTY: false });

function problemsOf(env: Record<string, string>) {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is set', () => {
    expect(load({})).toEqual({
      role: 'all',
      namespace: 'default',
      taskQueue: 'baton',
      host: '127.0.0.1',
      port: 3000,
      dataDir: path.resolve('/srv/baton', '.baton'),
      logLevel: 'info',
      logFormat: 'json',
      mail: { from: 'Baton <baton@localhost>', publicUrl: 'http://127.0.0.1:3000' },
    });
  });

  it('runs one role from BATON_ROLE or --role, and splits roles only over a shared database and Temporal', () => {
    const shared = {
      DATABASE_URL: 'postgres://baton@db.example.com/baton',
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
    };
    expect(load(shared).role).toBe('all');
    expect(load({ ...shared, BATON_ROLE: 'worker' }).role).toBe('worker');
    const withArgs = (env: Record<string, string>, argv: string[]) =>
      loadConfig(env, { cwd: '/srv/baton', isTTY: false, argv: ['node', 'server/main.ts', ...argv] });
    expect(withArgs({ ...shared, BATON_ROLE: 'worker' }, ['--role', 'api']).role).toBe('api');
    expect(withArgs(shared, ['--role=worker']).role).toBe('worker');
    expect(() => withArgs({}, ['--role', 'api'])).toThrow(
      /DATABASE_URL: the api role shares a PostgreSQL server[\s\S]*TEMPORAL_ADDRESS: the api role shares a Temporal service/
    );
    expect(problemsOf({ ...shared, BATON_ROLE: 'both' })).toEqual([
      { variable: 'BATON_ROLE', message: 'expected one of all, api, worker', received: 'both' },
    ]);
  });

  it('reads after how many hours an upload never attached is removed', () => {
    expect(load({ BATON_UPLOAD_KEEP_HOURS: '48' }).files).toEqual({ unattachedHours: 48 });
    expect(load({}).files).toBeUndefined();
    for (const wrong of ['0', '1.5', 'a day', '9000'])
      expect(problemsOf({ BATON_UPLOAD_KEEP_HOURS: wrong }).map((problem) => problem.variable)).toEqual([
        'BATON_UPLOAD_KEEP_HOURS',
      ]);
  });

  it('reads how many processes the worker keeps in memory', () => {
    expect(load({ BATON_WORKFLOW_CACHE: '300' }).workflowCache).toBe(300);
    expect(load({}).workflowCache).toBeUndefined();
    for (const wrong of ['0', '1', '2.5', 'many', '100001'])
      expect(problemsOf({ BATON_WORKFLOW_CACHE: wrong }).map((problem) => problem.variable)).toEqual([
        'BATON_WORKFLOW_CACHE',
      ]);
  });

  it('trusts a reverse proxy only when TRUST_PROXY says so', () => {
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(load({}).trustProxy).toBeUndefined();
    expect(problemsOf({ TRUST_PROXY: 'maybe' }).map((problem) => problem.variable)).toEqual(['TRUST_PROXY']);
  });

  it('reads SMTP and a signed webhook endpoint', () => {
    const config = load({
      SMTP_URL: 'smtps://baton:pw@mail.example.com:465',
      BATON_MAIL_FROM: 'Office <office@example.com>',
      BATON_WEBHOOK_URL: 'https://hooks.example.com/baton',
      BATON_WEBHOOK_SECRET: 'a-long-enough-secret',
      BATON_PUBLIC_URL: 'https://baton.example.com',
    });
    expect(config.mail).toEqual({
      smtpUrl: 'smtps://baton:pw@mail.example.com:465',
      from: 'Office <office@example.com>',
      publicUrl: 'https://baton.example.com',
    });
    expect(problemsOf({ BATON_PUBLIC_URL: 'baton.example.com' }).map((problem) => problem.variable)).toEqual([
      'BATON_PUBLIC_URL',
    ]);
    expect(config.webhook).toEqual({ url: 'https://hooks.example.com/baton', secret: 'a-long-enough-secret' });
  });

  it('reads an external PostgreSQL and a TLS Temporal cluster with an API key', () => {
    const config = load({
      DATABASE_URL: 'postgres://baton:secret@db.internal:5432/baton',
      TEMPORAL_ADDRESS: 'acme.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'acme.baton',
      TEMPORAL_API_KEY: 'key-123',
      PORT: '8080',
      BATON_DATA_DIR: '/var/lib/baton',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
    });
    expect(config.databaseUrl).toBe('postgres://baton:secret@db.internal:5432/baton');
    expect(config.temporal).toEqual({ address: 'acme.tmprl.cloud:7233', tls: {}, apiKey: 'key-123' });
    expect(config).toMatchObject({ namespace: 'acme.baton', port: 8080, dataDir: '/var/lib/baton', logLevel: 'debug' });
    expect(config.logFormat).toBe('pretty');
  });

  it('connects in plain text unless TLS is asked for, and uses mutual TLS files when given', () => {
    expect(load({ TEMPORAL_ADDRESS: 'localhost:7233' }).temporal?.tls).toBe(false);
    expect(
      load({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
        TEMPORAL_TLS_KEY_PATH: '/certs/client.key',
        TEMPORAL_TLS_CA_PATH: '/certs/ca.pem',
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      }).temporal?.tls
    ).toEqual({
      clientCertPath: '/certs/client.pem',
      clientKeyPath: '/certs/client.key',
      caPath: '/certs/ca.pem',
      serverName: 'temporal.internal',
    });
  });

  it('treats empty values as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ port: 3000 });
    expect(load({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'expected an integer from 0 to 65535', 'abc'],
    [{ PORT: '70000' }, 'PORT', 'expected an integer from 0 to 65535', '70000'],
    [{ DATABASE_URL: 'mysql://localhost/baton' }, 'DATABASE_URL', 'expected a PostgreSQL URL', undefined],
    [{ TEMPORAL_ADDRESS: 'http://temporal:7233' }, 'TEMPORAL_ADDRESS', 'expected host:port', 'http://temporal:7233'],
    [
      { TEMPORAL_NAMESPACE: 'my namespace' },
      'TEMPORAL_NAMESPACE',
      'expected a Temporal namespace name',
      'my namespace',
    ],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL',
      'expected one of fatal, error, warn, info, debug, trace, silent',
      'verbose',
    ],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', 'expected one of auto, pretty, json', 'xml'],
    [{ TEMPORAL_ADDRESS: 't:7233', TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS', 'expected one of true, false', 'maybe'],
    [{ TEMPORAL_API_KEY: 'k' }, 'TEMPORAL_ADDRESS', 'set TEMPORAL_ADDRESS too', undefined],
    [
      { TEMPORAL_ADDRESS: 't:7233', TEMPORAL_TLS_CERT_PATH: '/c.pem' },
      'TEMPORAL_TLS_KEY_PATH',
      'needs both',
      undefined,
    ],
    [{ SMTP_URL: 'mail.example.com:25' }, 'SMTP_URL', 'expected an SMTP URL', undefined],
    [{ BATON_MAIL_FROM: 'nobody' }, 'BATON_MAIL_FROM', 'expected an address', 'nobody'],
    [
      { BATON_WEBHOOK_URL: 'ftp://x', BATON_WEBHOOK_SECRET: 'a-long-enough-secret' },
      'BATON_WEBHOOK_URL',
      'expected an http(s) URL',
      'ftp://x',
    ],
    [{ BATON_WEBHOOK_URL: 'https://h.example.com' }, 'BATON_WEBHOOK_SECRET', 'needs a secret', undefined],
    [
      { BATON_WEBHOOK_URL: 'https://h.example.com', BATON_WEBHOOK_SECRET: 'short' },
      'BATON_WEBHOOK_SECRET',
      'at least 16',
      undefined,
    ],
  ])('rejects %o naming %s', (env, variable, message, received) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(variable);
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.received).toBe(received);
  });

  it('reports every wrong variable at once and never echoes secrets', () => {
    try {
      load({ PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'postgres//user:hunter2@db' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      expect(message).toContain('PORT: expected an integer');
      expect(message).toContain('LOG_LEVEL: expected one of');
      expect(message).toContain('DATABASE_URL: expected a PostgreSQL URL');
      expect(message).not.toContain('hunter2');
    }
  });
});
