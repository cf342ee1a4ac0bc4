import { api, duration } from '../proto';
import { EventType, type HistoryEvent } from './history';
import type { ExecutionRecord } from './records';

// Building history events: the engine appends them (addEvent and friends); these shape the events themselves and
// fix the ids that refer to events written in the same batch.

const enums = api.enums.v1;

export function childCloseAttributes(
  event: HistoryEvent
): { initiatedEventId?: unknown; startedEventId?: unknown } | null {
  return (
    event.childWorkflowExecutionCompletedEventAttributes ??
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    null
  );
}

export function clearStartedRef(event: HistoryEvent): void {
  for (const attributes of [
    event.activityTaskTimedOutEventAttributes,
    event.activityTaskCanceledEventAttributes,
    event.activityTaskFailedEventAttributes,
    event.activityTaskCompletedEventAttributes,
  ]) {
    if (attributes) attributes.startedEventId = 0;
  }
}

export function fixRelativeIds(event: HistoryEvent, previousEventId: number): HistoryEvent {
  for (const attributes of [
    event.activityTaskTimedOutEventAttributes,
    event.activityTaskCanceledEventAttributes,
    event.activityTaskFailedEventAttributes,
    event.activityTaskCompletedEventAttributes,
  ]) {
    if (attributes && Number(attributes.startedEventId) < 0) attributes.startedEventId = previousEventId;
  }
  return event;
}

/** A WorkflowTaskScheduled event (without id) for the run's current queue. */
export function workflowTaskScheduledEvent(record: ExecutionRecord, attempt: number, sticky: boolean): HistoryEvent {
  return {
    eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    workflowTaskScheduledEventAttributes: {
      taskQueue:
        sticky && record.stickyQueue
          ? { name: record.stickyQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: record.taskQueue }
          : { name: record.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: duration(record.taskTimeoutMs),
      attempt,
    },
  };
}
