import { randomUUID } from 'node:crypto';
import { api, duration, durationMs, timestamp } from '../proto';
import { EventType, fromBase64, type Failure, type Payloads } from './history';
import { cronBackoffMs } from './cron';
import { retryBackoffMs } from './activity-state';
import type { Execution } from './execution';
import type { EngineHost } from './host';

// A run's successor: the next run of a cron chain and the next attempt under the workflow retry policy.

const enums = api.enums.v1;
const RetryState = enums.RetryState;

/**
 * Starts a cron chain's next run after the time to the next scheduled time, carrying the last completion
 * result (a failed run keeps the one before it) and the failure, with initiator CronSchedule.
 */
export function cronRun(
  host: EngineHost,
  execution: Execution,
  newRunId: string,
  outcome: { lastCompletionResult: Payloads | null; failure: Failure | null }
): void {
  const { record } = execution;
  const started = execution.history[0]?.workflowExecutionStartedEventAttributes;
  const backoffMs = cronBackoffMs(record.cronSchedule ?? '', host.now());
  const next = host.createRun({
    namespace: record.namespace,
    workflowId: record.workflowId,
    runId: newRunId,
    firstRunId: record.firstRunId,
    workflowType: record.workflowType,
    taskQueue: record.taskQueue,
    requestId: randomUUID(),
    executionTimeoutMs: record.executionTimeoutMs,
    runTimeoutMs: record.runTimeoutMs,
    taskTimeoutMs: record.taskTimeoutMs,
    memo: record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
    searchAttributes: record.searchAttributes
      ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes))
      : null,
    executionExpiration: record.executionExpiration,
    parent: record.parent ?? null,
    retryPolicy: record.retryPolicy ?? null,
    cronSchedule: record.cronSchedule ?? '',
  });
  next.record.firstTaskAt = backoffMs > 0 ? host.now() + backoffMs : 0;
  host.addEvent(next, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    workflowExecutionStartedEventAttributes: {
      ...started,
      workflowTaskTimeout: duration(next.record.taskTimeoutMs),
      continuedExecutionRunId: record.runId,
      initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
      continuedFailure: outcome.failure,
      lastCompletionResult: outcome.lastCompletionResult ?? started?.lastCompletionResult ?? null,
      originalExecutionRunId: newRunId,
      firstExecutionRunId: record.firstRunId,
      attempt: 1,
      firstWorkflowTaskBackoff: duration(backoffMs),
      memo: record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
      searchAttributes: record.searchAttributes
        ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes))
        : null,
      workflowExecutionExpirationTime: record.executionExpiration ? timestamp(record.executionExpiration) : null,
    },
  });
  host.scheduleWorkflowTask(next);
  host.armTimer(next);
}

/** The workflow retry policy's verdict on a failed run: a backoff when it runs again, else the retry state. */
export function workflowRetry(
  host: EngineHost,
  execution: Execution,
  failure: Failure
): { state: number; backoffMs?: number } {
  const { record } = execution;
  const policy = record.retryPolicy;
  if (!policy) return { state: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  const info = failure.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && policy.nonRetryableErrorTypes.includes(info.type))) {
    return { state: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  const attempt = record.attempt ?? 1;
  if (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts) {
    return { state: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const backoffMs = durationMs(info?.nextRetryDelay) || retryBackoffMs(policy, attempt);
  if (record.executionExpiration && host.now() + backoffMs >= record.executionExpiration) {
    return { state: RetryState.RETRY_STATE_TIMEOUT };
  }
  return { state: RetryState.RETRY_STATE_IN_PROGRESS, backoffMs };
}

/** Starts the next attempt of a failed run; its first workflow task waits for the backoff. */
export function retryRun(
  host: EngineHost,
  execution: Execution,
  newRunId: string,
  backoffMs: number,
  failure: Failure
): void {
  const { record } = execution;
  const started = execution.history[0]?.workflowExecutionStartedEventAttributes;
  const attempt = (record.attempt ?? 1) + 1;
  const next = host.createRun({
    namespace: record.namespace,
    workflowId: record.workflowId,
    runId: newRunId,
    firstRunId: record.firstRunId,
    workflowType: record.workflowType,
    taskQueue: record.taskQueue,
    requestId: randomUUID(),
    executionTimeoutMs: record.executionTimeoutMs,
    runTimeoutMs: record.runTimeoutMs,
    taskTimeoutMs: record.taskTimeoutMs,
    memo: record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
    searchAttributes: record.searchAttributes
      ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes))
      : null,
    executionExpiration: record.executionExpiration,
    parent: record.parent ?? null,
    retryPolicy: record.retryPolicy ?? null,
    attempt,
    cronSchedule: record.cronSchedule ?? '',
  });
  next.record.firstTaskAt = backoffMs > 0 ? host.now() + backoffMs : 0;
  host.addEvent(next, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    workflowExecutionStartedEventAttributes: {
      ...started,
      workflowTaskTimeout: duration(next.record.taskTimeoutMs),
      continuedExecutionRunId: record.runId,
      initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
      continuedFailure: failure,
      originalExecutionRunId: newRunId,
      firstExecutionRunId: record.firstRunId,
      attempt,
      firstWorkflowTaskBackoff: duration(backoffMs),
      workflowExecutionExpirationTime: record.executionExpiration ? timestamp(record.executionExpiration) : null,
    },
  });
  host.scheduleWorkflowTask(next);
  host.armTimer(next);
}
