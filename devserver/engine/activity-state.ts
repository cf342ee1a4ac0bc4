import type { temporal } from '@temporalio/proto';
import { api, durationMs } from '../proto';
import type { HistoryEvent } from './history';
import type { ActivityRecord, RetryRecord } from './records';

// Mutable state of a workflow's activities: their deadlines, retry policy and closing events. The engine schedules,
// dispatches and closes them; these say when and how.

const TimeoutType = api.enums.v1.TimeoutType;

export function attemptKey(runKey: string, activity: ActivityRecord): string {
  return `${runKey}\u0000${activity.scheduledEventId}\u0000${activity.attempt}`;
}

/** The timing fields of an activity attempt, a workflow's (`ActivityRecord`) or a standalone one's. */
export type ActivityTiming = Pick<
  ActivityRecord,
  | 'startedTime'
  | 'scheduledTime'
  | 'currentAttemptScheduledTime'
  | 'lastHeartbeatTime'
  | 'scheduleToStartMs'
  | 'scheduleToCloseMs'
  | 'startToCloseMs'
  | 'heartbeatMs'
>;

/** An attempt's timeout deadlines, earliest first (schedule-to-start before schedule-to-close on a tie). */
export function activityDeadlines(activity: ActivityTiming): { at: number; type: number }[] {
  const deadlines: { at: number; type: number }[] = [];
  // Schedule-to-start comes first: on a tie (only a schedule-to-close timeout was given, so the server set
  // schedule-to-start to the same), the real server times the activity out as SCHEDULE_TO_START.
  if (activity.startedTime === 0 && activity.scheduleToStartMs) {
    deadlines.push({
      at: activity.currentAttemptScheduledTime + activity.scheduleToStartMs,
      type: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
  }
  if (activity.scheduleToCloseMs) {
    deadlines.push({
      at: activity.scheduledTime + activity.scheduleToCloseMs,
      type: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
    });
  }
  if (activity.startedTime !== 0) {
    if (activity.startToCloseMs) {
      deadlines.push({
        at: activity.startedTime + activity.startToCloseMs,
        type: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
      });
    }
    if (activity.heartbeatMs) {
      deadlines.push({
        at: (activity.lastHeartbeatTime || activity.startedTime) + activity.heartbeatMs,
        type: TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
      });
    }
  }
  return deadlines.sort((a, b) => a.at - b.at);
}

/** The wait before the next attempt after attempt `attempt` failed: exponential, capped at the maximum interval. */
export function retryBackoffMs(retry: RetryRecord, attempt: number): number {
  return Math.min(retry.initialIntervalMs * Math.pow(retry.backoffCoefficient, attempt - 1), retry.maximumIntervalMs);
}

export function normalizeRetry(policy: temporal.api.common.v1.IRetryPolicy | null | undefined): RetryRecord {
  const initialIntervalMs = durationMs(policy?.initialInterval) || 1000;
  return {
    initialIntervalMs,
    backoffCoefficient: policy?.backoffCoefficient && policy.backoffCoefficient >= 1 ? policy.backoffCoefficient : 2,
    maximumIntervalMs: durationMs(policy?.maximumInterval) || initialIntervalMs * 100,
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
  };
}

/** The attributes of an activity's closing event (completed, failed, timed out, cancelled), if it is one. */
export function activityCloseAttributes(event: HistoryEvent) {
  return (
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes ??
    null
  );
}
