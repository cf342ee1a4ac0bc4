import type { temporal } from '@temporalio/proto';
import { api, duration, durationMs, timestamp } from '../proto';
import { invalidArgument, notFound, requireString } from '../errors';
import {
  EventType,
  decodeFailure,
  encodeFailure,
  encodePayloads,
  type Failure,
  type HistoryEvent,
  type Payloads,
} from './history';
import { executionKey } from './records';
import { normalizeRetry, retryBackoffMs } from './activity-state';
import { clearStartedRef } from './history-builder';
import { decodeToken } from './task-token';
import type { Execution } from './execution';
import type { ActivityRecord } from './records';
import type { Engine } from './engine';
import type { EngineHost } from './host';

// A workflow's activities: scheduling one from a command, the worker's heartbeats and results (by task token or by
// id), retries with backoff, and closing one into history.

const enums = api.enums.v1;
const RetryState = enums.RetryState;

export function scheduleActivity(
  host: EngineHost,
  execution: Execution,
  attrs: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
  completedId: number,
  enqueue = true
): number {
  const { record } = execution;
  const now = host.now();
  // Fill in the timeouts as the real server's command validation does.
  const runRemaining = record.runExpiration ? Math.max(1, record.runExpiration - now) : 0;
  let scheduleToClose = durationMs(attrs.scheduleToCloseTimeout);
  if (runRemaining && (!scheduleToClose || scheduleToClose > runRemaining)) scheduleToClose = runRemaining;
  let scheduleToStart = durationMs(attrs.scheduleToStartTimeout);
  if (scheduleToClose && (!scheduleToStart || scheduleToStart > scheduleToClose)) scheduleToStart = scheduleToClose;
  let startToClose = durationMs(attrs.startToCloseTimeout);
  if (scheduleToClose && (!startToClose || startToClose > scheduleToClose)) startToClose = scheduleToClose;
  let heartbeat = durationMs(attrs.heartbeatTimeout);
  if (startToClose && heartbeat > startToClose) heartbeat = startToClose;
  const retry = normalizeRetry(attrs.retryPolicy);
  const event = host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    activityTaskScheduledEventAttributes: {
      activityId: attrs.activityId,
      activityType: attrs.activityType,
      taskQueue: {
        name: attrs.taskQueue?.name || record.taskQueue,
        kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
      },
      header: attrs.header,
      input: attrs.input,
      scheduleToCloseTimeout: duration(scheduleToClose),
      scheduleToStartTimeout: duration(scheduleToStart),
      startToCloseTimeout: duration(startToClose),
      heartbeatTimeout: duration(heartbeat),
      workflowTaskCompletedEventId: completedId,
      retryPolicy: {
        initialInterval: duration(retry.initialIntervalMs),
        backoffCoefficient: retry.backoffCoefficient,
        maximumInterval: duration(retry.maximumIntervalMs),
        maximumAttempts: retry.maximumAttempts,
        nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
      },
      priority: attrs.priority,
    },
  });
  const activity: ActivityRecord = {
    scheduledEventId: Number(event.eventId),
    activityId: attrs.activityId ?? '',
    activityType: attrs.activityType?.name ?? '',
    taskQueue: attrs.taskQueue?.name || record.taskQueue,
    scheduledTime: now,
    attempt: 1,
    currentAttemptScheduledTime: now,
    startedTime: 0,
    startedIdentity: '',
    requestId: '',
    scheduleToCloseMs: scheduleToClose,
    scheduleToStartMs: scheduleToStart,
    startToCloseMs: startToClose,
    heartbeatMs: heartbeat,
    retry,
    lastHeartbeatTime: 0,
    heartbeatDetails: null,
    lastFailure: null,
    cancelRequestedEventId: 0,
  };
  record.activities[String(activity.scheduledEventId)] = activity;
  // An eagerly dispatched activity is started for the completing worker instead (workflow-task-completion.ts).
  if (enqueue) host.enqueueActivity(execution, activity);
  return activity.scheduledEventId;
}

export function activityFromToken(
  host: EngineHost,
  tokenBytes: Uint8Array | null | undefined,
  byId?: { namespace: string; workflowId: string; runId: string; activityId: string }
): { execution: Execution; activity: ActivityRecord } {
  let execution: Execution | undefined;
  let activity: ActivityRecord | undefined;
  if (byId) {
    execution = host.find(byId.namespace, byId.workflowId, byId.runId);
    activity = Object.values(execution.record.activities).find((item) => item.activityId === byId.activityId);
  } else {
    const token = decodeToken(tokenBytes);
    if (token.k !== 'a') throw invalidArgument('taskToken is not an activity task token');
    execution = host.executions.get(executionKey(token.n, token.w, token.r));
    activity = execution?.record.activities[String(token.s)];
    if (activity && activity.attempt !== token.a) activity = undefined;
  }
  if (!execution || execution.record.status !== 'Running' || !activity || activity.startedTime === 0) {
    throw notFound('activity task not found');
  }
  return { execution, activity };
}

export function activityById(
  host: EngineHost,
  request: {
    namespace?: string | null;
    workflowId?: string | null;
    runId?: string | null;
    activityId?: string | null;
  },
  field = 'activityId'
): { namespace: string; workflowId: string; runId: string; activityId: string } {
  return {
    namespace: host.namespace(request.namespace).name,
    workflowId: requireString(request.workflowId, 'workflowId'),
    runId: request.runId ?? '',
    activityId: requireString(request.activityId, field),
  };
}

export function heartbeat(
  host: EngineHost,
  taskToken: Uint8Array | null | undefined,
  details: Payloads | null | undefined,
  byId?: ReturnType<Engine['activityById']>
): { cancelRequested: boolean } {
  const { execution, activity } = activityFromToken(host, taskToken, byId);
  activity.lastHeartbeatTime = host.now();
  if (details) activity.heartbeatDetails = encodePayloads(details);
  host.changed(execution);
  host.armTimer(execution);
  return { cancelRequested: activity.cancelRequestedEventId !== 0 };
}

export function completeActivity(
  host: EngineHost,
  taskToken: Uint8Array | null | undefined,
  result: Payloads | null | undefined,
  identity: string,
  byId?: ReturnType<Engine['activityById']>
): void {
  const { execution, activity } = activityFromToken(host, taskToken, byId);
  closeActivity(host, execution, activity, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    activityTaskCompletedEventAttributes: {
      result,
      scheduledEventId: activity.scheduledEventId,
      startedEventId: -1,
      identity,
    },
  });
}

export function failActivity(
  host: EngineHost,
  taskToken: Uint8Array | null | undefined,
  failure: Failure | null | undefined,
  heartbeatDetails: Payloads | null | undefined,
  identity: string,
  byId?: ReturnType<Engine['activityById']>
): void {
  const { execution, activity } = activityFromToken(host, taskToken, byId);
  if (heartbeatDetails) activity.heartbeatDetails = encodePayloads(heartbeatDetails);
  const failureValue = failure ?? { message: 'activity failed' };
  const retryState = retryActivity(host, execution, activity, failureValue);
  if (retryState === RetryState.RETRY_STATE_IN_PROGRESS) return;
  closeActivity(host, execution, activity, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    activityTaskFailedEventAttributes: {
      failure: failureValue,
      scheduledEventId: activity.scheduledEventId,
      startedEventId: -1,
      identity,
      retryState,
    },
  });
}

export function cancelActivity(
  host: EngineHost,
  taskToken: Uint8Array | null | undefined,
  details: Payloads | null | undefined,
  identity: string,
  byId?: ReturnType<Engine['activityById']>
): void {
  const { execution, activity } = activityFromToken(host, taskToken, byId);
  closeActivity(host, execution, activity, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
    activityTaskCanceledEventAttributes: {
      details,
      latestCancelRequestedEventId: activity.cancelRequestedEventId,
      scheduledEventId: activity.scheduledEventId,
      startedEventId: -1,
      identity,
    },
  });
}

/** Writes the (lazily recorded) ActivityTaskStarted event and the closing event as one batch. */
export function closeActivity(
  host: EngineHost,
  execution: Execution,
  activity: ActivityRecord,
  closing: HistoryEvent
): void {
  delete execution.record.activities[String(activity.scheduledEventId)];
  const events: HistoryEvent[] = [];
  if (activity.startedTime !== 0) {
    events.push({
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      eventTime: timestamp(activity.startedTime),
      activityTaskStartedEventAttributes: {
        scheduledEventId: activity.scheduledEventId,
        identity: activity.startedIdentity,
        requestId: activity.requestId,
        attempt: activity.attempt,
        lastFailure: decodeFailure(activity.lastFailure),
      },
    });
  } else {
    clearStartedRef(closing);
  }
  events.push(closing);
  host.addExternalEvents(execution, events);
  host.armTimer(execution);
}

/**
 * Decides whether a failed attempt is retried (server-side, without history events) and
 * returns the retry state: IN_PROGRESS when a new attempt was scheduled.
 */
export function retryActivity(
  host: EngineHost,
  execution: Execution,
  activity: ActivityRecord,
  failure: Failure
): number {
  const now = host.now();
  const info = failure.applicationFailureInfo;
  if (activity.cancelRequestedEventId !== 0) return RetryState.RETRY_STATE_CANCEL_REQUESTED;
  if (info?.nonRetryable || (info?.type && activity.retry.nonRetryableErrorTypes.includes(info.type))) {
    return RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
  }
  if (activity.retry.maximumAttempts > 0 && activity.attempt >= activity.retry.maximumAttempts) {
    return RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED;
  }
  const explicitDelay = durationMs(info?.nextRetryDelay);
  const backoff = explicitDelay || retryBackoffMs(activity.retry, activity.attempt);
  if (activity.scheduleToCloseMs && now + backoff >= activity.scheduledTime + activity.scheduleToCloseMs) {
    return RetryState.RETRY_STATE_TIMEOUT;
  }
  activity.attempt += 1;
  activity.startedTime = 0;
  activity.startedIdentity = '';
  activity.lastFailure = encodeFailure(failure);
  activity.currentAttemptScheduledTime = now + backoff;
  host.changed(execution);
  if (backoff <= 0) host.enqueueActivity(execution, activity);
  host.armTimer(execution);
  return RetryState.RETRY_STATE_IN_PROGRESS;
}
