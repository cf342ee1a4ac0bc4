import type { RetryRecord } from './records';

export type StandaloneActivityStatus = 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'TimedOut';

/**
 * Plain, JSON-serializable state of one standalone activity execution (`StartActivityExecution`): what storage
 * persists. The server keeps it as a CHASM component of its own, apart from any workflow.
 */
export interface StandaloneActivityRecord {
  namespace: string;
  activityId: string;
  runId: string;
  activityType: string;
  taskQueue: string;
  /** The start's request id: a retried start with the same id answers with this run. */
  requestId: string;
  identity: string;
  /** base64 of encoded Payloads / Header / SearchAttributes / UserMetadata / Priority / RetryPolicy messages. */
  input: string | null;
  header: string | null;
  searchAttributes: string | null;
  userMetadata: string | null;
  priority: string | null;
  retryPolicy: string | null;
  retry: RetryRecord;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  status: StandaloneActivityStatus;
  scheduledTime: number;
  attempt: number;
  /** When the current attempt may be dispatched (after a retry's backoff). */
  currentAttemptScheduledTime: number;
  /** 0 while the current attempt waits for a worker. */
  startedTime: number;
  startedIdentity: string;
  lastHeartbeatTime: number;
  heartbeatCount: number;
  heartbeatDetails: string | null;
  /** base64 Failure of the last failed attempt. */
  lastFailure: string | null;
  lastAttemptCompleteTime: number;
  cancelRequestId: string | null;
  cancelReason: string;
  terminateRequestId: string | null;
  closeTime: number;
  /** Outcome once closed: the result, or the failure and retry state. */
  result: string | null;
  failure: string | null;
  retryState: number;
}

/** An activity execution written in one commit (records are never deleted except by retention). */
export interface StandaloneActivityChange {
  record: StandaloneActivityRecord | null;
  namespace: string;
  activityId: string;
  runId: string;
}

export function standaloneActivityKey(namespace: string, activityId: string, runId: string): string {
  return `${namespace}\u0000${activityId}\u0000${runId}`;
}
