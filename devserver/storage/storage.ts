import type { ExecutionRecord, NamespaceRecord } from '../engine/records';
import type { ScheduleChange, ScheduleRecord } from '../engine/schedule-records';
import type { StandaloneActivityChange, StandaloneActivityRecord } from '../engine/standalone-activity-records';

export interface StoredExecution {
  record: ExecutionRecord;
  /**
   * Encoded temporal.api.history.v1.HistoryEvent messages, in event id order. A storage may leave them out for a
   * closed run: the engine reads a closed run's history on demand (`readHistory`), never at start.
   */
  events?: Uint8Array[];
}

export interface RunKey {
  namespace: string;
  workflowId: string;
  runId: string;
}

export interface ExecutionChange {
  record: ExecutionRecord;
  /** Events appended since the last commit, with their event ids. */
  newEvents: { eventId: number; data: Uint8Array }[];
}

/** Everything one group of RPCs changed; a storage writes it all or nothing. */
export interface CommitBatch {
  namespaces: NamespaceRecord[];
  executions: ExecutionChange[];
  /** Schedules written or deleted (absent when none changed). */
  schedules?: ScheduleChange[];
  /** Standalone activity executions written or deleted (absent when none changed). */
  standaloneActivities?: StandaloneActivityChange[];
}

/**
 * Where the devserver keeps its state. The engine holds the working copy in memory and
 * hands every change here before answering the RPC that caused it.
 */
export interface DevServerStorage {
  /** Creates the tables if needed and returns every namespace and run, with the history of each open run. */
  load(): Promise<{
    namespaces: NamespaceRecord[];
    executions: StoredExecution[];
    schedules?: ScheduleRecord[];
    standaloneActivities?: StandaloneActivityRecord[];
  }>;
  /** The committed history of one run (encoded events in event id order); empty when the run is not stored. */
  readHistory(run: RunKey): Promise<Uint8Array[]>;
  commit(batch: CommitBatch): Promise<void>;
  /**
   * Deletes closed runs past their namespace's retention with their history, all or nothing. A run that is open in
   * storage is never deleted, whatever the caller asks. Returns the runs that went.
   */
  deleteClosed(runs: RunKey[]): Promise<RunKey[]>;
  close(): Promise<void>;
}
