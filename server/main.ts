import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './env';
import { InstanceLockedError } from './instance-lock';
import { createLogger } from './logger';
import { StartInterruptedError, startBaton } from './start';

// `npm start`: validate the configuration, start every part in order, stop them in reverse on Ctrl-C.

/** How long the parts get to stop after one of them failed for good, before Baton kills what is left and exits. */
const CRASH_STOP_MS = 4_000;

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config);
  const designerSource = fileURLToPath(new URL('../designer', import.meta.url));

  // Ctrl-C during start-up stops it at the next step, undoing what was started (nothing left running).
  const interrupt = new AbortController();
  let interruptedAt: number | undefined;
  const onEarlySignal = (signal: NodeJS.Signals) => {
    if (interruptedAt !== undefined) {
      // As after start-up: a terminal's Ctrl-C arrives twice at once; only a later press forces.
      if (Date.now() - interruptedAt < 1500) return;
      logger.warn(`${signal} again: stopping immediately`);
      process.exit(130); // exit handlers stop the embedded PostgreSQL; the devserver follows its parent
    }
    interruptedAt = Date.now();
    logger.info(`${signal} received during start-up: stopping after the current step (press Ctrl-C again to force)`);
    interrupt.abort();
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  let baton;
  try {
    baton = await startBaton({
      config,
      logger,
      designerSource: existsSync(designerSource) ? designerSource : undefined,
      interrupt: interrupt.signal,
    });
  } catch (error) {
    if (error instanceof StartInterruptedError) {
      logger.info('Baton stopped');
      return 0;
    }
    if (error instanceof InstanceLockedError) {
      logger.error(error.message);
      return 3;
    }
    logger.fatal({ err: error }, `Baton could not start: ${(error as Error).message}`);
    return 1;
  }

  process.off('SIGINT', onEarlySignal);
  process.off('SIGTERM', onEarlySignal);
  if (interrupt.signal.aborted) {
    // Interrupted during the last step: everything is up, so stop it the usual way.
    await baton.stop();
    logger.info('Baton stopped');
    return 0;
  }

  return new Promise<number>((resolve) => {
    let firstSignalAt: number | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      // A terminal's Ctrl-C reaches Baton twice (directly and forwarded by npm): only a later press forces.
      if (firstSignalAt !== undefined && Date.now() - firstSignalAt < 1500) return;
      if (firstSignalAt !== undefined) {
        logger.warn(`${signal} again: stopping immediately`);
        baton.kill();
        resolve(130);
        return;
      }
      firstSignalAt = Date.now();
      logger.info(`${signal} received: stopping Baton (press Ctrl-C again to force)`);
      baton.stop().then(
        () => {
          logger.info('Baton stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'Baton did not stop cleanly');
          resolve(1);
        }
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    baton.crashed.then(
      async (error) => {
        logger.fatal({ err: error }, `a part of Baton stopped unexpectedly: ${error.message}`);
        // Never half-alive: parts waiting on the one that died get a few seconds, then everything is killed.
        const force = setTimeout(() => {
          logger.error(`Baton did not stop within ${CRASH_STOP_MS / 1000} s after the failure: killing it`);
          baton.kill();
          resolve(1);
        }, CRASH_STOP_MS);
        await baton.stop().catch(() => undefined);
        clearTimeout(force);
        resolve(1);
      },
      () => undefined
    );
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
);
