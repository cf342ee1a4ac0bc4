import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loopbackWithoutCompression } from '../../server/temporal/connection-options';

/** Kills a child process with SIGKILL (kill -9) and waits until it is gone. */
export async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The devserver's executable, started exactly as @temporalio/testing starts the official CLI. */
export const devServerExecutable = fileURLToPath(new URL('../../devserver/bin/baton-devserver.js', import.meta.url));

export interface LocalEnvironmentOptions {
  namespace?: string;
  /** A PostgreSQL URL for durable storage; in-memory without it. */
  databaseUrl?: string;
  extraArgs?: string[];
}

/**
 * The SDK gives a launched server 5 s to listen. On a loaded 2-core CI machine running several test files at once a
 * cold start (tsx transpiling the devserver) can miss that; the start is tried again rather than failing the file.
 */
async function withStartRetries(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3 || !/did not start within|failed to start ephemeral server/i.test(String(error))) throw error;
    }
  }
}

/** Starts the Baton devserver as a child process through the stock TestWorkflowEnvironment.createLocal. */
export function createLocalTestEnvironment(options: LocalEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: devServerExecutable },
        namespace: options.namespace,
        dbFilename: options.databaseUrl,
        extraArgs: options.extraArgs,
      },
      plugins: [loopbackWithoutCompression],
    })
  );
}

/** Starts the devserver in its test-server form (in memory, time skipping) through createTimeSkipping. */
export function createTimeSkippingTestEnvironment(): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: devServerExecutable } },
      // The worker's connection gzips every request by default: on loopback that is only CPU on both ends.
      plugins: [loopbackWithoutCompression],
    })
  );
}
