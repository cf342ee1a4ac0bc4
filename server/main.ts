import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './env';
import { InstanceLockedError } from './instance-lock';
import { createLogger } from './logger';
import { startBaton } from './start';

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

  let baton;
  try {
    baton = await startBaton({
      config,
      logger,
      designerSource: existsSync(designerSource) ? designerSource : undefined,
    });
  } catch (error) {
    if (error instanceof InstanceLockedError) {
      logger.error(error.message);
      return 3;
    }
    logger.fatal({ err: error }, `Baton could not start: ${(error as Error).message}`);
    return 1;
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
