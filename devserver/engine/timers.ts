import { randomUUID } from 'node:crypto';
import { api } from '../proto';
import { EventType, decodeFailure, decodePayloads, type Failure } from './history';
import { activityDeadlines, attemptKey } from './activity-state';
import { keyOf, type Execution } from './execution';
import type { ActivityRecord } from './records';
import type { EngineHost } from './host';

// Timers and timeouts: one Node timer per run armed at its earliest deadline (user timers, workflow task and
// activity timeouts, run and execution expiry, retry backoffs), and what happens when each is due.

const enums = api.enums.v1;
const TimeoutType = enums.TimeoutType;
const RetryState = enums.RetryState;

/** One Node timer per run, set to its earliest deadline; derived from state, so it survives restarts. */
export function armTimer(host: EngineHost, execution: Execution): void {
  if (execution.timer) clearTimeout(execution.timer);
  execution.timer = null;
  if (host.closed) return;
  const deadline = nextDeadline(host, execution);
  if (deadline === Infinity) return;
  const delay = Math.max(0, Math.min(deadline - host.now(), 2_147_000_000));
  execution.timer = setTimeout(() => {
    fireDeadlines(host, execution);
    host.flush().catch(() => undefined);
  }, delay);
  execution.timer.unref?.();
}

/** Handles whatever of a run is due now (its timer is spent); the caller flushes. */
export function fireDeadlines(host: EngineHost, execution: Execution): void {
  execution.timer = null;
  try {
    processDeadlines(host, execution);
  } catch (error) {
    host.logger.error({ err: error }, 'processing deadlines failed');
  }
}

export function nextDeadline(host: EngineHost, execution: Execution): number {
  const { record } = execution;
  if (record.status !== 'Running') return Infinity;
  let next = Infinity;
  const consider = (time: number) => {
    if (time > 0 && time < next) next = time;
  };
  consider(record.runExpiration);
  consider(record.executionExpiration);
  if (!record.workflowTask) consider(record.firstTaskAt ?? 0);
  for (const timer of Object.values(record.timers)) consider(timer.fireTime);
  const wt = record.workflowTask;
  if (wt?.startedEventId) consider(wt.startedTime + record.taskTimeoutMs);
  else if (wt?.sticky && record.stickyQueue) consider(wt.stickySince + record.stickyTimeoutMs);
  for (const activity of Object.values(record.activities)) {
    for (const deadline of activityDeadlines(activity)) consider(deadline.at);
    // A retry waiting out its backoff: compare with the queue, not the clock, so an early timer cannot lose it.
    if (activity.startedTime === 0 && !host.queuedAttempts.has(attemptKey(keyOf(record), activity))) {
      consider(activity.currentAttemptScheduledTime);
    }
  }
  return next;
}

export function processDeadlines(host: EngineHost, execution: Execution): void {
  const { record } = execution;
  const now = host.now();
  if (record.status !== 'Running') return;
  const expiry = [record.runExpiration, record.executionExpiration].filter((time) => time > 0);
  if (expiry.some((time) => time <= now)) {
    timeOutWorkflow(host, execution);
    return;
  }
  if (record.firstTaskAt && record.firstTaskAt <= now) {
    record.firstTaskAt = 0;
    host.scheduleWorkflowTask(execution);
  }
  const fired = Object.values(record.timers)
    .filter((timer) => timer.fireTime <= now)
    .sort((a, b) => a.startedEventId - b.startedEventId);
  if (fired.length > 0) {
    for (const timer of fired) delete record.timers[timer.timerId];
    host.addExternalEvents(
      execution,
      fired.map((timer) => ({
        eventType: EventType.EVENT_TYPE_TIMER_FIRED,
        timerFiredEventAttributes: { timerId: timer.timerId, startedEventId: timer.startedEventId },
      }))
    );
  }
  const wt = record.workflowTask;
  if (wt?.startedEventId && wt.startedTime + record.taskTimeoutMs <= now) {
    if (!wt.transient) {
      host.addEvent(execution, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
        workflowTaskTimedOutEventAttributes: {
          scheduledEventId: wt.scheduledEventId,
          startedEventId: wt.startedEventId,
          timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
        },
      });
    }
    host.retryWorkflowTask(execution, wt.attempt + 1);
  } else if (
    wt &&
    !wt.startedEventId &&
    wt.sticky &&
    record.stickyQueue &&
    wt.stickySince + record.stickyTimeoutMs <= now
  ) {
    // No sticky poller took it in time: hand the task to the normal queue with full history.
    wt.sticky = false;
    record.stickyQueue = '';
    host.changed(execution);
    host.enqueueWorkflowTask(execution);
  }
  for (const activity of Object.values(record.activities)) {
    if (
      activity.startedTime === 0 &&
      activity.currentAttemptScheduledTime <= now &&
      !host.queuedAttempts.has(attemptKey(keyOf(record), activity))
    ) {
      host.enqueueActivity(execution, activity);
    }
    const due = activityDeadlines(activity).find((deadline) => deadline.at <= now);
    if (due) timeOutActivity(host, execution, activity, due.type);
  }
  host.changed(execution);
  armTimer(host, execution);
}

export function timeOutActivity(
  host: EngineHost,
  execution: Execution,
  activity: ActivityRecord,
  timeoutType: number
): void {
  const names: Record<number, string> = {
    [TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE]: 'StartToClose',
    [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START]: 'ScheduleToStart',
    [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE]: 'ScheduleToClose',
    [TimeoutType.TIMEOUT_TYPE_HEARTBEAT]: 'Heartbeat',
  };
  const failure: Failure = {
    message: `activity ${names[timeoutType] ?? ''} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: decodePayloads(activity.heartbeatDetails) },
    cause: timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE ? decodeFailure(activity.lastFailure) : null,
  };
  let retryState: number = RetryState.RETRY_STATE_TIMEOUT;
  if (timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT) {
    retryState = host.retryActivity(execution, activity, failure);
    if (retryState === RetryState.RETRY_STATE_IN_PROGRESS) return;
  }
  host.closeActivity(execution, activity, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    activityTaskTimedOutEventAttributes: {
      failure,
      scheduledEventId: activity.scheduledEventId,
      startedEventId: -1,
      retryState,
    },
  });
}

export function timeOutWorkflow(host: EngineHost, execution: Execution): void {
  const wt = execution.record.workflowTask;
  if (wt?.startedEventId) {
    execution.record.workflowTask = null;
    host.flushBuffered(execution);
  }
  // A run timeout in a cron chain starts the next scheduled run; the execution timeout ends the chain.
  const runOnly = execution.record.runExpiration > 0 && execution.record.runExpiration <= host.now();
  const expired = execution.record.executionExpiration > 0 && execution.record.executionExpiration <= host.now();
  const newRunId = execution.record.cronSchedule && runOnly && !expired ? randomUUID() : '';
  host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    workflowExecutionTimedOutEventAttributes: {
      retryState: RetryState.RETRY_STATE_TIMEOUT,
      newExecutionRunId: newRunId,
    },
  });
  if (!newRunId) {
    host.close(execution, 'TimedOut');
    return;
  }
  execution.record.newRunId = newRunId;
  host.close(execution, 'TimedOut', true);
  host.cronRun(execution, newRunId, {
    lastCompletionResult: null,
    failure: {
      message: 'workflow run timed out',
      timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
    },
  });
}
