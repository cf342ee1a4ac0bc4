import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ENV_DATABASE_URL, ENV_PARENT_PID, parseDevServerArgs, UsageError } from './cli-args';
import { watchParent } from './parent-watch';

describe('watchParent', () => {
  it('reports the parent gone when the stdin pipe it holds closes', async () => {
    const stdin = new PassThrough();
    const reasons: string[] = [];
    const stop = watchParent({ parentPid: 4242, stdin, currentParent: () => 4242, onGone: (r) => reasons.push(r) });
    stdin.write('ignored');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reasons).toEqual([]);
    stdin.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reasons).toEqual(['its stdin pipe closed']);
    stop();
  });

  it('reports the parent gone once another process became our parent, and only once', async () => {
    let parent = 4242;
    const reasons: string[] = [];
    const stop = watchParent({
      parentPid: 4242,
      currentParent: () => parent,
      intervalMs: 10,
      onGone: (r) => reasons.push(r),
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(reasons).toEqual([]);
    parent = 1;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reasons).toEqual(['its parent (pid 4242) is gone']);
    stop();
  });
});

describe('devserver settings from the environment', () => {
  it('takes the database URL and the parent pid from the environment, off the command line', () => {
    const options = parseDevServerArgs(['server', 'start-dev', '--port', '7300'], {
      [ENV_DATABASE_URL]: 'postgres://baton:secret@127.0.0.1:5432/baton',
      [ENV_PARENT_PID]: '1234',
    });
    expect(options.databaseUrl).toBe('postgres://baton:secret@127.0.0.1:5432/baton');
    expect(options.parentPid).toBe(1234);
    // The command line wins; without either, storage stays in memory and no parent is watched.
    expect(
      parseDevServerArgs(['server', 'start-dev', '--db-filename', 'postgres://a@h/db'], {
        [ENV_DATABASE_URL]: 'postgres://b@h/db',
      }).databaseUrl
    ).toBe('postgres://a@h/db');
    expect(parseDevServerArgs(['server', 'start-dev'])).toMatchObject({ databaseUrl: undefined, parentPid: undefined });
    expect(() => parseDevServerArgs(['server', 'start-dev'], { [ENV_PARENT_PID]: 'me' })).toThrow(UsageError);
  });
});
