import { readFileSync } from 'node:fs';

/**
 * True when a process with this pid exists. Where /proc is available, also checks that its command line
 * contains `expectedCommand`, so a pid recycled by an unrelated program does not count.
 */
export function isProcessAlive(pid: number, expectedCommand?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!expectedCommand) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(expectedCommand);
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isProcessAlive(pid);
}
