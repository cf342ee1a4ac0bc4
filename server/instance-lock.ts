import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-alive';

export class InstanceLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number
  ) {
    super(
      `Another Baton (pid ${pid}) is already running on the data directory ${dataDir}. ` +
        'Stop it first, or set BATON_DATA_DIR to another folder to run a second instance.'
    );
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  readonly file: string;
  release(): void;
}

/**
 * Claims the data directory for this process with an exclusively created pid file. A pid file left by a process
 * that no longer runs (a crash, kill -9) is taken over.
 */
export function acquireInstanceLock(dataDir: string, pid = process.pid): InstanceLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'baton.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return {
        file,
        release: () => {
          try {
            if (Number(readFileSync(file, 'utf8').trim()) === pid) unlinkSync(file);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      continue; // removed between our write and read: try again
    }
    if (holder !== pid && isProcessAlive(holder, 'node')) throw new InstanceLockedError(dataDir, holder);
    try {
      unlinkSync(file);
    } catch {
      // another starter removed it first; the next exclusive write decides
    }
  }
  throw new Error(`Could not claim ${file}: another Baton is starting on the same data directory.`);
}
