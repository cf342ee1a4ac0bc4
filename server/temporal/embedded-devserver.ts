import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { ENV_DATABASE_URL, ENV_DATABASE_WAIT_MS, ENV_PARENT_PID } from '../../devserver/cli-args';
import type { Logger } from '../logger';
import { tailOutput } from '../output-tail';

export interface EmbeddedDevserverOptions {
  bin: string;
  /** The devserver compiled with Baton's precompiled build: run instead of `bin` (through tsx) while it exists. */
  compiledBin?: string;
  port: number;
  namespace: string;
  /** PostgreSQL URL with its password: passed through the environment, never on the command line (`ps` shows it). */
  databaseUrl: string;
  /**
   * Settles when the database is up (the embedded PostgreSQL started, the database created): given, the devserver is
   * started before that, loads its modules meanwhile and waits for the database itself; rejected, it is killed and
   * the start fails with that error. The start timeout counts from then on.
   */
  databaseReady?: Promise<void>;
  debug: boolean;
  logger: Logger;
  /** Restarts allowed within `restartWindowMs` before the devserver counts as failed for good. */
  maxRestarts?: number;
  restartWindowMs?: number;
  startTimeoutMs?: number;
}

export interface EmbeddedDevserver {
  address: string;
  /** The running child's pid (it changes when the devserver is restarted). */
  pid(): number | undefined;
  /** Resolves when the devserver died and could not be brought back: Baton must stop then. Never rejects. */
  failed: Promise<Error>;
  stop(): Promise<void>;
  kill(): void;
}

/** How long a devserver started before its database waits for it; Baton kills it sooner when the database fails. */
const DATABASE_WAIT_MS = 120_000;

export async function waitForPort(host: string, port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    if (!alive()) throw new Error('the process exited before it listened');
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    // A refused connection costs next to nothing; a short pause keeps start-up from waiting on the poll.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Run {
  child: ChildProcess;
  exited: boolean;
  exit: Promise<void>;
  output: () => string;
}

/**
 * Runs the embedded Temporal devserver as a child process and keeps it running: its state is in PostgreSQL, so when
 * it dies it is started again on the same port, and the worker and client reconnect by themselves. Only when it
 * cannot be brought back (`maxRestarts` deaths within `restartWindowMs`, or a restart that does not listen) does
 * `failed` resolve. The child dies with Baton, even on kill -9: it watches a stdin pipe Baton holds open (it runs in its
 * own process group, so that pipe, not the terminal's signals, ties it to Baton).
 */
export async function startEmbeddedDevserver(options: EmbeddedDevserverOptions): Promise<EmbeddedDevserver> {
  const { logger, port } = options;
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.restartWindowMs ?? 60_000;
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  let stopping = false;
  let reportFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
  const deaths: number[] = [];

  let firstLaunch = true;
  const launch = async (): Promise<Run> => {
    // Only the first launch may come before the database: a restart finds it up (or fails as it would without this).
    const waitForDatabase = firstLaunch && options.databaseReady !== undefined;
    firstLaunch = false;
    // A build of other sources started from the same checkout may have removed an old build by the time of a restart.
    const bin = options.compiledBin && existsSync(options.compiledBin) ? options.compiledBin : options.bin;
    const child = spawn(
      process.execPath,
      [
        bin,
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--namespace',
        options.namespace,
        '--headless',
        // Baton keeps its own record of every process (tasks, audit); closed workflow runs go after a week.
        '--retention',
        '7d',
        '--log-format',
        'json',
        '--log-level',
        options.debug ? 'debug' : 'warn',
      ],
      {
        env: {
          ...process.env,
          [ENV_DATABASE_URL]: options.databaseUrl,
          [ENV_PARENT_PID]: String(process.pid),
          ...(waitForDatabase && { [ENV_DATABASE_WAIT_MS]: String(DATABASE_WAIT_MS) }),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        // Own process group: a terminal's Ctrl-C reaches Baton only, which stops the devserver itself after the
        // worker; in Baton's group the child died first and was taken for a crash (a restart and a warning).
        detached: true,
      }
    );
    const run: Run = {
      child,
      exited: false,
      exit: new Promise<void>((resolve) =>
        child.once('exit', () => {
          run.exited = true;
          resolve();
        })
      ),
      output: tailOutput([child.stdout, child.stderr], logger, 'devserver'),
    };
    // The pipe is only watched for its end; an error on it (the child gone) is not Baton's problem.
    child.stdin?.on('error', () => undefined);
    if (waitForDatabase) {
      try {
        await options.databaseReady;
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    }
    try {
      await waitForPort('127.0.0.1', port, startTimeoutMs, () => !run.exited);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`the embedded Temporal devserver did not start: ${(error as Error).message}\n${run.output()}`, {
        cause: error,
      });
    }
    return run;
  };

  let current = await launch();
  const supervise = (run: Run) => {
    void run.exit.then(async () => {
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && deaths[0]! < now - windowMs) deaths.shift();
      const code = run.child.exitCode ?? run.child.signalCode;
      if (deaths.length > maxRestarts) {
        reportFailure(new Error(`the Temporal devserver stopped (${code}) ${deaths.length} times within a minute`));
        return;
      }
      logger.warn(`temporal: the embedded devserver stopped (${code}); starting it again on port ${port}`);
      try {
        current = await launch();
      } catch (error) {
        if (!stopping) reportFailure(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (stopping) {
        current.child.kill('SIGTERM');
        return;
      }
      logger.info(`temporal: embedded devserver running again on 127.0.0.1:${port}`);
      supervise(current);
    });
  };
  supervise(current);

  return {
    address: `127.0.0.1:${port}`,
    pid: () => current.child.pid,
    failed,
    async stop() {
      stopping = true;
      const run = current;
      if (run.exited) return;
      run.child.kill('SIGTERM');
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 5_000);
      await run.exit;
      clearTimeout(timer);
    },
    kill() {
      stopping = true;
      current.child.kill('SIGKILL');
    },
  };
}
