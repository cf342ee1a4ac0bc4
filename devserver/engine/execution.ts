import type { temporal } from '@temporalio/proto';
import { api, timestamp } from '../proto';
import { fromBase64, type HistoryEvent } from './history';
import type { PendingQuery } from './queries';
import { executionKey, type ExecutionRecord, type ExecutionStatus } from './records';
import type { PendingUpdate } from './updates';

// A run's mutable state in memory (its record, history, waiters, queries and updates in flight) and how the API
// reports it.

const enums = api.enums.v1;

/** A run in memory. */
export interface Execution {
  record: ExecutionRecord;
  /** Empty while `cold`: a closed run whose history stays in storage until `withHistory` reads it. */
  history: HistoryEvent[];
  cold: boolean;
  /** Callers inside `withHistory` now: a pinned run's history is not let go. */
  pins: number;
  waiters: Set<() => void>;
  queries: Map<string, PendingQuery>;
  /** Updates not yet completed. Like the real server, admitted-but-unaccepted updates live only in memory. */
  updates: Map<string, PendingUpdate>;
  /** Rejections leave no history; keep their outcome for late pollers of the same update id. */
  rejectedUpdates: Map<string, temporal.api.update.v1.IOutcome>;
  timer: NodeJS.Timeout | null;
}

const statusNumber: Record<ExecutionStatus, number> = {
  Running: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  Completed: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  Failed: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  Canceled: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  Terminated: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  ContinuedAsNew: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  TimedOut: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};

export function historyLengthOf(execution: Execution): number {
  return execution.cold ? execution.record.nextEventId - 1 : execution.history.length;
}

export function executionInfo(execution: Execution): object {
  const { record } = execution;
  return {
    execution: { workflowId: record.workflowId, runId: record.runId },
    type: { name: record.workflowType },
    startTime: timestamp(record.startTime),
    closeTime: record.closeTime ? timestamp(record.closeTime) : null,
    status: statusNumber[record.status],
    historyLength: historyLengthOf(execution),
    executionTime: timestamp(record.startTime),
    memo: record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
    searchAttributes: record.searchAttributes
      ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes))
      : null,
    taskQueue: record.taskQueue,
    historySizeBytes: record.historySizeBytes,
    stateTransitionCount: historyLengthOf(execution),
    firstRunId: record.firstRunId,
  };
}

/** The run's status as the API's WorkflowExecutionStatus number. */
export function executionStatus(execution: Execution): number {
  return statusNumber[execution.record.status];
}

/** Reads the task afresh: TypeScript would keep a narrowing from before intervening calls. */
export function currentTask(record: ExecutionRecord): ExecutionRecord['workflowTask'] {
  return record.workflowTask;
}

/** The run's key in the engine's maps: namespace, workflow id and run id. */
export function keyOf(record: ExecutionRecord): string {
  return executionKey(record.namespace, record.workflowId, record.runId);
}
