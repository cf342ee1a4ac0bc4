import type { Readable } from 'node:stream';
import type { Logger } from './logger';

/**
 * Logs a child process's output lines at debug level and keeps the last few, so that a failed start-up can say
 * what the child printed. Returns a function giving the kept lines.
 */
export function tailOutput(streams: (Readable | null)[], logger: Logger, component: string, keep = 30): () => string {
  const lines: string[] = [];
  for (const stream of streams) {
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > keep) lines.shift();
        logger.debug({ component }, line);
      }
    });
  }
  return () => lines.join('\n');
}
