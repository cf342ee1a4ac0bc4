import { readFileSync } from 'node:fs';

export interface ParentWatchOptions {
  /** The pid of the process that started this one; when another process becomes our parent, it is gone. */
  parentPid: number;
  /** A pipe the parent holds open and never writes: end of file means the parent is gone (kill -9 included). */
  stdin?: NodeJS.ReadableStream;
  /** Called once, with what gave the parent away. */
  onGone: (reason: string) => void;
  intervalMs?: number;
  /** Our current parent pid; read from /proc where there is one (Node's `process.ppid` is fixed at start). */
  currentParent?: () => number | undefined;
}

function parentFromProc(): number | undefined {
  try {
    // /proc/self/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Watches the process that started this one, so a child never outlives it: the stdin pipe closing says so at once,
 * and a poll of our parent pid covers a parent that handed its pipe on. Returns a function that stops watching.
 */
export function watchParent(options: ParentWatchOptions): () => void {
  let done = false;
  const gone = (reason: string) => {
    if (done) return;
    done = true;
    stop();
    options.onGone(reason);
  };
  const onEnd = () => gone('its stdin pipe closed');
  if (options.stdin) {
    options.stdin.on('end', onEnd);
    options.stdin.on('close', onEnd);
    options.stdin.on('error', onEnd);
    options.stdin.resume(); // discard anything written: only the end matters
  }
  const currentParent = options.currentParent ?? parentFromProc;
  const poll = setInterval(() => {
    const parent = currentParent();
    if (parent === undefined ? !alive(options.parentPid) : parent !== options.parentPid)
      gone(`its parent (pid ${options.parentPid}) is gone`);
  }, options.intervalMs ?? 1000);
  poll.unref();
  function stop() {
    clearInterval(poll);
    if (options.stdin) {
      options.stdin.off('end', onEnd);
      options.stdin.off('close', onEnd);
      options.stdin.off('error', onEnd);
      options.stdin.pause();
    }
  }
  return () => {
    done = true;
    stop();
  };
}
