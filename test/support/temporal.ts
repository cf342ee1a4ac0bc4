import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** The devserver's executable, started exactly as @temporalio/testing starts the official CLI. */
export const devServerExecutable = fileURLToPath(new URL('../../devserver/bin/baton-devserver.js', import.meta.url));

export interface LocalEnvironmentOptions {
  namespace?: string;
  /** A PostgreSQL URL for durable storage; in-memory without it. */
  databaseUrl?: string;
  extraArgs?: string[];
}

/** Starts the Baton devserver as a child process through the stock TestWorkflowEnvironment.createLocal. */
export function createLocalTestEnvironment(options: LocalEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: devServerExecutable },
      namespace: options.namespace,
      dbFilename: options.databaseUrl,
      extraArgs: options.extraArgs,
    },
  });
}

/** Starts the devserver in its test-server form (in memory, time skipping) through createTimeSkipping. */
export function createTimeSkippingTestEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: devServerExecutable } },
  });
}
