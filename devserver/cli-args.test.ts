import { describe, expect, it } from 'vitest';
import { UsageError, parseDevServerArgs } from './cli-args';

describe('parseDevServerArgs', () => {
  it('reads a retention for the served namespaces and refuses one it cannot read', () => {
    expect(parseDevServerArgs(['server', 'start-dev', '--retention', '7d']).retentionMs).toBe(7 * 86_400_000);
    expect(parseDevServerArgs(['server', 'start-dev', '--retention=36h']).retentionMs).toBe(36 * 3_600_000);
    expect(parseDevServerArgs(['server', 'start-dev']).retentionMs).toBeUndefined();
    for (const wrong of ['7', '0d', 'a week', '-1h'])
      expect(() => parseDevServerArgs(['server', 'start-dev', '--retention', wrong])).toThrow(/--retention expects/);
  });

  it('accepts every argument @temporalio/testing passes for createLocal', () => {
    const options = parseDevServerArgs([
      'server',
      'start-dev',
      '--port',
      '7300',
      '--namespace',
      'default',
      '--ip',
      '127.0.0.1',
      '--log-format',
      'pretty',
      '--log-level',
      'warn',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--db-filename',
      'postgres://user:secret@127.0.0.1:5432/baton',
      '--headless',
      '--search-attribute',
      'Customer=Keyword',
      '--namespace',
      'second',
    ]);
    expect(options).toMatchObject({
      port: 7300,
      ip: '127.0.0.1',
      namespaces: ['default', 'second'],
      databaseUrl: 'postgres://user:secret@127.0.0.1:5432/baton',
      logFormat: 'pretty',
      logLevel: 'warn',
      searchAttributes: [{ name: 'Customer', type: 'Keyword' }],
    });
    expect(options.dynamicConfig['frontend.enableUpdateWorkflowExecution']).toBe('true');
  });

  it('names an unknown flag', () => {
    expect(() => parseDevServerArgs(['server', 'start-dev', '--frobnicate', '1'])).toThrow(
      'unknown flag: --frobnicate'
    );
  });

  it('refuses a SQLite file name with a message asking for a PostgreSQL URL', () => {
    expect(() => parseDevServerArgs(['server', 'start-dev', '--db-filename', '/tmp/temporal.db'])).toThrow(
      /expects a PostgreSQL URL/
    );
  });

  it('defaults to the default namespace and in-memory storage; accepts --flag=value', () => {
    const options = parseDevServerArgs(['server', 'start-dev', '--port=0']);
    expect(options).toMatchObject({ port: 0, namespaces: ['default'], databaseUrl: undefined });
  });

  it('accepts the test-server form: a bare port, time skipping on, only warnings logged unless asked', () => {
    expect(parseDevServerArgs(['7233'])).toMatchObject({
      port: 7233,
      timeSkipping: true,
      databaseUrl: undefined,
      logLevel: 'warn',
    });
    expect(parseDevServerArgs(['7233', '--log-level', 'info']).logLevel).toBe('info');
    expect(parseDevServerArgs(['server', 'start-dev']).logLevel).toBe('info');
  });

  it('rejects other commands and malformed values', () => {
    expect(() => parseDevServerArgs(['serve'])).toThrow(UsageError);
    expect(() => parseDevServerArgs(['server', 'start-dev', '--port', 'x'])).toThrow('--port must be a port number');
    expect(() => parseDevServerArgs(['server', 'start-dev', '--search-attribute', 'A=Nope'])).toThrow(/NAME=TYPE/);
    expect(() => parseDevServerArgs(['server', 'start-dev', '--port'])).toThrow('flag --port needs a value');
  });
});
