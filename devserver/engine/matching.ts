/** What a task queue holds: a run's workflow task, a legacy query, or an activity attempt. */
export type QueueTask =
  | { kind: 'workflow'; key: string }
  | { kind: 'query'; key: string; queryId: string }
  | { kind: 'activity'; key: string; scheduledEventId: number; attempt: number }
  /** A standalone activity execution's attempt (`engine/standalone-activities.ts` starts it). */
  | { kind: 'standalone'; key: string; attempt: number };

export interface Poller {
  identity: string;
  /** The SDK worker instance that sent the poll; ShutdownWorker completes that instance's polls. */
  workerInstanceKey: string;
  resolve(response: object | null): void;
}

/**
 * The worker a task is handed to directly, not through a poll (the answer of a start or of a completed workflow task
 * carries it): nothing waits to be resolved.
 */
export function directPoller(identity: string): Poller {
  return { identity, workerInstanceKey: '', resolve: () => undefined };
}

export interface TaskQueue {
  tasks: QueueTask[];
  pollers: Poller[];
}

export type QueueKind = 'workflow' | 'activity';

/**
 * The matching service: task queues (workflow and activity, per namespace and name) where tasks wait for long-polling
 * workers and pollers wait for tasks. A task is handed over through `start`, which may refuse a stale task (null).
 */
export class Matching {
  private readonly queues: Record<QueueKind, Map<string, TaskQueue>> = { workflow: new Map(), activity: new Map() };
  /**
   * Worker instances that called ShutdownWorker (newest last, a bounded few): a poll from one of them that reaches the
   * server after the shutdown (sent just before it, on another connection) is answered at once, empty, as the real
   * server does, instead of holding the stopping worker's slot until the long poll ends.
   */
  private readonly stoppedWorkers = new Set<string>();
  private closed = false;

  constructor(private readonly longPollMs: number) {}

  queue(kind: QueueKind, namespace: string, name: string): TaskQueue {
    const map = this.queues[kind];
    const key = `${namespace}\u0000${name}`;
    let queue = map.get(key);
    if (!queue) {
      queue = { tasks: [], pollers: [] };
      map.set(key, queue);
    }
    return queue;
  }

  offer(queue: TaskQueue, task: QueueTask, start: (task: QueueTask, poller: Poller) => object | null): void {
    while (queue.pollers.length > 0) {
      const poller = queue.pollers.shift() as Poller;
      const response = start(task, poller);
      if (response) {
        poller.resolve(response);
        return;
      }
      queue.pollers.unshift(poller);
      return;
    }
    queue.tasks.push(task);
  }

  poll(
    queue: TaskQueue,
    who: { identity: string; workerInstanceKey: string },
    start: (task: QueueTask, poller: Poller) => object | null,
    cancelled: AbortSignal
  ): Promise<object | null> {
    const poller: Poller = { ...who, resolve: () => undefined };
    if (who.workerInstanceKey && this.stoppedWorkers.has(who.workerInstanceKey)) return Promise.resolve(null);
    while (queue.tasks.length > 0) {
      const task = queue.tasks.shift() as QueueTask;
      const response = start(task, poller);
      if (response) return Promise.resolve(response);
    }
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timeout = setTimeout(() => finish(null), this.longPollMs);
      const onAbort = () => finish(null);
      const finish = (response: object | null) => {
        clearTimeout(timeout);
        cancelled.removeEventListener('abort', onAbort);
        const index = queue.pollers.indexOf(poller);
        if (index >= 0) queue.pollers.splice(index, 1);
        resolve(response);
      };
      poller.resolve = finish;
      cancelled.addEventListener('abort', onAbort);
      queue.pollers.push(poller);
    });
  }

  /** A queue if it exists (never creates one). */
  existing(kind: QueueKind, namespace: string, name: string): TaskQueue | undefined {
    return this.queues[kind].get(`${namespace}\u0000${name}`);
  }

  /** Answers a queue's outstanding polls empty and forgets the queue (a stopped worker's sticky queue). */
  remove(kind: QueueKind, namespace: string, name: string): void {
    const queue = this.existing(kind, namespace, name);
    if (queue) for (const poller of queue.pollers.splice(0)) poller.resolve(null);
    this.queues[kind].delete(`${namespace}\u0000${name}`);
  }

  /** Remembers a stopping worker instance, so its late polls are answered at once. */
  workerStopped(workerInstanceKey: string): void {
    this.stoppedWorkers.add(workerInstanceKey);
    for (const key of this.stoppedWorkers) {
      if (this.stoppedWorkers.size <= 1000) break;
      this.stoppedWorkers.delete(key);
    }
  }

  /** The server is stopping: every outstanding poll is answered empty, and new ones at once. */
  close(): void {
    this.closed = true;
    for (const queue of [...this.queues.workflow.values(), ...this.queues.activity.values()]) {
      for (const poller of queue.pollers.splice(0)) poller.resolve(null);
    }
  }
}
