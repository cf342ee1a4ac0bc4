import type { SearchAttributeType } from '../visibility/search-attributes';

/** Plain, JSON-serializable state: what storage persists besides the history events. */

export interface NamespaceRecord {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionMs: number;
  registeredAt: number;
  /** Custom search attributes registered here (absent in records written before registration existed). */
  searchAttributes?: Record<string, SearchAttributeType>;
}

export type ExecutionStatus =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export interface WorkflowTaskRecord {
  scheduledEventId: number;
  /** 0 while scheduled and not yet handed to a worker. */
  startedEventId: number;
  attempt: number;
  scheduledTime: number;
  startedTime: number;
  /** Whether the task waits on the sticky queue rather than the normal one. */
  sticky: boolean;
  /** When the task was put on the sticky queue: its schedule-to-start timeout counts from here. */
  stickySince: number;
  /** Indexes the poll that started it, so a duplicate token from an older attempt is refused. */
  requestId: string;
  /**
   * A retry after a failed or timed-out attempt, as on the real server: its scheduled and started events are not
   * in history (only sent to the worker) until it completes; `scheduledEventId` is the id they will take.
   */
  transient?: boolean;
  /** base64 of the encoded scheduled and started events of a started transient attempt. */
  transientEvents?: string[];
}

export interface RetryRecord {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface ActivityRecord {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  scheduledTime: number;
  attempt: number;
  /** When the current attempt becomes (or became) available to pollers, after the retry backoff. */
  currentAttemptScheduledTime: number;
  startedTime: number;
  startedIdentity: string;
  requestId: string;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retry: RetryRecord;
  lastHeartbeatTime: number;
  /** base64 of an encoded Payloads message. */
  heartbeatDetails: string | null;
  /** base64 of an encoded Failure message: the previous attempt's failure. */
  lastFailure: string | null;
  cancelRequestedEventId: number;
}

export interface TimerRecord {
  timerId: string;
  startedEventId: number;
  fireTime: number;
}

export interface ExecutionRecord {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: number;
  closeTime: number;
  /** Absolute deadlines in ms since the epoch; 0 means none. */
  executionExpiration: number;
  runExpiration: number;
  executionTimeoutMs: number;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  requestIds: string[];
  signalRequestIds: string[];
  /** base64 of encoded Memo / SearchAttributes messages. */
  memo: string | null;
  searchAttributes: string | null;
  nextEventId: number;
  /** The started event id of the last completed workflow task (the SDK's previousStartedEventId). */
  lastCompletedStartedEventId: number;
  workflowTask: WorkflowTaskRecord | null;
  stickyQueue: string;
  stickyTimeoutMs: number;
  activities: Record<string, ActivityRecord>;
  timers: Record<string, TimerRecord>;
  /** base64 of encoded HistoryEvents waiting for the running workflow task to finish. */
  buffered: string[];
  cancelRequested: boolean;
  /** The run that continued this one, if any. */
  newRunId: string;
  historySizeBytes: number;
  /** Set on child workflows: where to report the close. Absent in records written before child support. */
  parent?: ParentRecord | null;
  /** The workflow's own retry policy and this run's attempt (absent in older records: no policy, attempt 1). */
  retryPolicy?: RetryRecord | null;
  attempt?: number;
  /** A retried run's first workflow task waits for the retry backoff until this time; 0 when not waiting. */
  firstTaskAt?: number;
  /** The chain's cron schedule: each closed run (completed, failed, timed out) starts the next at the next time. */
  cronSchedule?: string;
}

export interface ParentRecord {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
  /** temporal.api.enums.v1.ParentClosePolicy; 0 means terminate, as on the real server. */
  closePolicy: number;
}

export function executionKey(namespace: string, workflowId: string, runId: string): string {
  return `${namespace}\u0000${workflowId}\u0000${runId}`;
}
