import type { NamespaceRecord } from '../engine/records';
import { scheduleKey, type ScheduleRecord } from '../engine/schedule-records';
import { standaloneActivityKey, type StandaloneActivityRecord } from '../engine/standalone-activity-records';
import type { CommitBatch, DevServerStorage, RunKey, StoredExecution } from './storage';

/** Keeps committed state in this process; a new engine on the same instance sees it, like a restart. */
export class MemoryStorage implements DevServerStorage {
  private readonly namespaces = new Map<string, NamespaceRecord>();
  private readonly executions = new Map<string, StoredExecution>();
  private readonly schedules = new Map<string, ScheduleRecord>();
  private readonly standaloneActivities = new Map<string, StandaloneActivityRecord>();

  async load(): Promise<{
    namespaces: NamespaceRecord[];
    executions: StoredExecution[];
    schedules: ScheduleRecord[];
    standaloneActivities: StandaloneActivityRecord[];
  }> {
    return {
      standaloneActivities: [...this.standaloneActivities.values()].map((record) => structuredClone(record)),
      schedules: [...this.schedules.values()].map((record) => structuredClone(record)),
      namespaces: [...this.namespaces.values()].map((record) => structuredClone(record)),
      executions: [...this.executions.values()].map((stored) => ({
        record: structuredClone(stored.record),
        events: [...(stored.events ?? [])],
      })),
    };
  }

  async readHistory(run: RunKey): Promise<Uint8Array[]> {
    return [...(this.executions.get(`${run.namespace}\u0000${run.workflowId}\u0000${run.runId}`)?.events ?? [])];
  }

  async commit(batch: CommitBatch): Promise<void> {
    for (const namespace of batch.namespaces) this.namespaces.set(namespace.name, structuredClone(namespace));
    for (const change of batch.schedules ?? []) {
      const key = scheduleKey(change.namespace, change.scheduleId);
      if (change.record) this.schedules.set(key, structuredClone(change.record));
      else this.schedules.delete(key);
    }
    for (const change of batch.standaloneActivities ?? []) {
      const key = standaloneActivityKey(change.namespace, change.activityId, change.runId);
      if (change.record) this.standaloneActivities.set(key, structuredClone(change.record));
      else this.standaloneActivities.delete(key);
    }
    for (const change of batch.executions) {
      const key = `${change.record.namespace}\u0000${change.record.workflowId}\u0000${change.record.runId}`;
      const stored = this.executions.get(key) ?? { record: change.record, events: [] };
      stored.record = structuredClone(change.record);
      const events = (stored.events ??= []);
      for (const event of change.newEvents) {
        if (event.eventId !== events.length + 1) {
          throw new Error(`event ${event.eventId} out of order for ${key} (have ${events.length})`);
        }
        events.push(event.data);
      }
      this.executions.set(key, stored);
    }
  }

  async deleteClosed(runs: RunKey[]): Promise<RunKey[]> {
    return runs.filter((run) => {
      const key = `${run.namespace}\u0000${run.workflowId}\u0000${run.runId}`;
      const stored = this.executions.get(key);
      return stored !== undefined && stored.record.status !== 'Running' && this.executions.delete(key);
    });
  }

  async close(): Promise<void> {}
}
