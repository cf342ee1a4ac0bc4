/** Plain, JSON-serializable state of one schedule: what storage persists (the server keeps it in a workflow). */
export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  /** base64 of an encoded temporal.api.schedule.v1.Schedule: canonical spec, action, policies and state. */
  schedule: string;
  /** base64 of encoded Memo / SearchAttributes messages of the schedule itself. */
  memo: string | null;
  searchAttributes: string | null;
  createRequestId: string;
  createTime: number;
  updateTime: number;
  /** Bumped on every update; an update naming another token is refused. */
  conflictToken: number;
  /** The spec has been evaluated up to here: a restart catches up from it, within the catch-up window. */
  lastProcessedTime: number;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  /** Starts waiting for the running workflow to close (BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER). */
  buffered: BufferedStart[];
  /** The last ten actions, oldest first. */
  recentActions: RecentAction[];
  /** Workflows this schedule started that have not closed yet (run id: the chain's first run). */
  running: { workflowId: string; runId: string }[];
  /** base64 of encoded Payloads / Failure: what the last closed run left, handed to the next. */
  lastCompletionResult: string | null;
  lastFailure: string | null;
}

export interface BufferedStart {
  nominal: number;
  actual: number;
  /** temporal.api.enums.v1.ScheduleOverlapPolicy; 0 means the schedule's own policy. */
  overlap: number;
  /** Triggered or backfilled: runs even while paused and does not count against limited actions. */
  manual: boolean;
}

export interface RecentAction {
  scheduleTime: number;
  actualTime: number;
  workflowId: string;
  runId: string;
  /** temporal.api.enums.v1.WorkflowExecutionStatus, updated when the run closes. */
  status: number;
}

/** A schedule written (record) or deleted (null) in one commit. */
export interface ScheduleChange {
  namespace: string;
  scheduleId: string;
  record: ScheduleRecord | null;
}

export function scheduleKey(namespace: string, scheduleId: string): string {
  return `${namespace}\u0000${scheduleId}`;
}
