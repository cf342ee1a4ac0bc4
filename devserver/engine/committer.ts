import type { NamespaceRecord } from './records';
import { scheduleKey, type ScheduleChange } from './schedule-records';
import { standaloneActivityKey, type StandaloneActivityChange } from './standalone-activity-records';
import type { CommitBatch, DevServerStorage, ExecutionChange } from '../storage/storage';

/**
 * Group commit: state changes made synchronously by any number of RPCs are written in one
 * storage transaction; every RPC awaits `flush()` before answering, so nothing is reported
 * to a client before it is durable, and one RPC's changes are never split across transactions.
 */
export class Committer {
  private namespaces = new Map<string, NamespaceRecord>();
  private executions = new Map<string, ExecutionChange>();
  private schedules = new Map<string, ScheduleChange>();
  private standaloneActivities = new Map<string, StandaloneActivityChange>();
  private scheduled: Promise<void> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** The storage write under way, whose changes were taken from the maps above (settled when none is). */
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(
    private readonly storage: DevServerStorage,
    private readonly onFailure: (error: Error) => void
  ) {}

  namespaceChanged(record: NamespaceRecord): void {
    this.namespaces.set(record.name, record);
  }

  executionChanged(key: string, change: ExecutionChange): void {
    this.executions.set(key, change);
  }

  scheduleChanged(change: ScheduleChange): void {
    this.schedules.set(scheduleKey(change.namespace, change.scheduleId), change);
  }

  standaloneActivityChanged(change: StandaloneActivityChange): void {
    this.standaloneActivities.set(standaloneActivityKey(change.namespace, change.activityId, change.runId), change);
  }

  pendingChange(key: string): ExecutionChange | undefined {
    return this.executions.get(key);
  }

  /**
   * Settles once the commit already under way is in storage, without waiting for the changes still pending: what was
   * changed before it started (and is no longer pending) is then durable.
   */
  underWay(): Promise<void> {
    return this.failure ? Promise.reject(this.failure) : this.writing;
  }

  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (
      this.namespaces.size === 0 &&
      this.executions.size === 0 &&
      this.schedules.size === 0 &&
      this.standaloneActivities.size === 0 &&
      !this.scheduled
    )
      return this.chain;
    if (!this.scheduled) {
      const next = this.chain.then(() => this.commitPending());
      this.scheduled = next;
      this.chain = next.catch(() => undefined);
    }
    return this.scheduled;
  }

  private async commitPending(): Promise<void> {
    this.scheduled = null;
    const batch: CommitBatch = {
      namespaces: [...this.namespaces.values()].map((record) => structuredClone(record)),
      // Snapshot now: the live records keep changing while the transaction runs.
      executions: [...this.executions.values()].map((change) => ({
        record: structuredClone(change.record),
        newEvents: change.newEvents,
      })),
      schedules: [...this.schedules.values()].map((change) => structuredClone(change)),
      standaloneActivities: [...this.standaloneActivities.values()].map((change) => structuredClone(change)),
    };
    this.namespaces = new Map();
    this.executions = new Map();
    this.schedules = new Map();
    this.standaloneActivities = new Map();
    if (
      batch.namespaces.length === 0 &&
      batch.executions.length === 0 &&
      batch.schedules?.length === 0 &&
      batch.standaloneActivities?.length === 0
    )
      return;
    const write = this.storage.commit(batch);
    this.writing = write;
    try {
      await write;
    } catch (error) {
      // The in-memory state is now ahead of storage: stop answering rather than diverge.
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.onFailure(this.failure);
      throw this.failure;
    }
  }
}
