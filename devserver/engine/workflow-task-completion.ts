import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { api, duration, durationMs } from '../proto';
import { invalidArgument, notFound } from '../errors';
import { EventType, decodeEvent, fromBase64, toBase64, type Failure } from './history';
import { executionKey } from './records';
import { directPoller } from './matching';
import { activityCloseAttributes } from './activity-state';
import { isCloseCommand, mergeFields, validateCommands } from './commands';
import { decodeToken } from './task-token';
import { currentTask, keyOf, type Execution } from './execution';
import type { ExecutionRecord } from './records';
import type { EngineHost } from './host';

// A worker's answer to a workflow task: validating and applying its commands and messages, continue-as-new, failing
// the task and retrying it.

type Command = temporal.api.command.v1.ICommand;
const enums = api.enums.v1;
const Cause = enums.WorkflowTaskFailedCause;

export function workflowTaskFromToken(host: EngineHost, tokenBytes: Uint8Array | null | undefined): Execution {
  const token = decodeToken(tokenBytes);
  if (token.k !== 'w') throw invalidArgument('taskToken is not a workflow task token');
  const execution = host.executions.get(executionKey(token.n, token.w, token.r));
  const wt = execution?.record.workflowTask;
  if (
    !execution ||
    execution.record.status !== 'Running' ||
    !wt ||
    wt.startedEventId === 0 ||
    wt.scheduledEventId !== token.s ||
    wt.attempt !== token.a ||
    (token.t !== undefined && token.t !== wt.requestId)
  ) {
    throw notFound('Workflow task not found.');
  }
  return execution;
}

/**
 * A cancel request must name a pending activity not already being cancelled, or one whose result is buffered
 * while this task ran; anything else fails the task with BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES, as the real
 * server does.
 */
export function validateActivityCancels(
  host: EngineHost,
  record: ExecutionRecord,
  commands: Command[]
): { cause: number; message: string } | null {
  for (const command of commands) {
    const attributes = command.requestCancelActivityTaskCommandAttributes;
    if (!attributes) continue;
    const scheduledEventId = Number(attributes.scheduledEventId ?? 0);
    const activity = record.activities[String(scheduledEventId)];
    const valid = activity
      ? activity.cancelRequestedEventId === 0
      : record.buffered.some((text) => {
          const finished = activityCloseAttributes(decodeEvent(fromBase64(text)));
          return Number(finished?.scheduledEventId ?? 0) === scheduledEventId;
        });
    if (!valid) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
        message: `RequestCancelActivityTask: no pending activity with ScheduledEventID ${scheduledEventId}`,
      };
    }
  }
  return null;
}

export function completeWorkflowTask(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest
): object {
  const execution = workflowTaskFromToken(host, request.taskToken);
  const { record } = execution;
  const wt = record.workflowTask;
  if (!wt) throw notFound('Workflow task not found.');
  const identity = request.identity ?? '';
  const commands = request.commands ?? [];
  host.answerQueries(execution, request.queryResults ?? {});
  const closes = commands.some(isCloseCommand);
  const commandError = validateCommands(commands) ?? validateActivityCancels(host, record, commands);
  if ((closes && record.buffered.length > 0) || commandError) {
    // The workflow closed without seeing new events (or sent a bad command): the real server discards the whole
    // task, fails it and schedules a new one, and answers INVALID_ARGUMENT so the worker drops its cached run and
    // replays with the new events. A bad command on a retried attempt is only refused: that attempt times out.
    const message = commandError
      ? commandError.message
      : 'UnhandledCommand: new events arrived while the workflow task that closes the workflow was running';
    if (!commandError || wt.attempt === 1) {
      failWorkflowTask(
        host,
        execution,
        commandError ? commandError.cause : Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
        { message },
        identity
      );
    }
    throw invalidArgument(message);
  }
  if (request.stickyAttributes?.workerTaskQueue?.name) {
    record.stickyQueue = request.stickyAttributes.workerTaskQueue.name;
    record.stickyTimeoutMs = durationMs(request.stickyAttributes.scheduleToStartTimeout) || 5_000;
  } else {
    record.stickyQueue = '';
  }
  if (wt.transient) {
    // The attempt that finally completes gets its scheduled and started events written, as sent.
    for (const text of wt.transientEvents ?? []) {
      host.addEvent(execution, { ...decodeEvent(fromBase64(text)), eventId: null, taskId: null });
    }
    wt.transient = false;
  }
  const completed = host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    workflowTaskCompletedEventAttributes: {
      scheduledEventId: wt.scheduledEventId,
      startedEventId: wt.startedEventId,
      identity,
      binaryChecksum: request.binaryChecksum,
      workerVersion: request.workerVersionStamp,
      sdkMetadata: request.sdkMetadata,
      meteringMetadata: request.meteringMetadata,
      deployment: request.deployment,
      versioningBehavior: request.versioningBehavior,
    },
  });
  record.lastCompletedStartedEventId = wt.startedEventId;
  record.workflowTask = null;
  const completedId = Number(completed.eventId);
  // A worker that asks for its next task in this answer gets it there, as from the real server: a task this completion
  // schedules (new events, a timer time skipping fires) is held back from the run's queue until the answer takes it.
  const returnNew = request.returnNewWorkflowTask === true;
  if (returnNew) host.heldWorkflowTask = keyOf(record);
  let applied: ReturnType<typeof applyCompletion> | null = null;
  try {
    applied = applyCompletion(host, execution, request, identity, completedId);
  } finally {
    host.heldWorkflowTask = null;
    const next = currentTask(record);
    if (returnNew && !applied?.workflowTask && next && next.startedEventId === 0) host.enqueueWorkflowTask(execution);
  }
  const { workflowTask, activityTasks } = applied;
  return { ...(workflowTask && { workflowTask }), ...(activityTasks.length > 0 && { activityTasks }) };
}

/**
 * The completed task's commands and messages applied; returns the next task started for the answer, if asked for, and
 * the activities dispatched eagerly to this worker.
 */
function applyCompletion(
  host: EngineHost,
  execution: Execution,
  request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest,
  identity: string,
  completedId: number
): { workflowTask: object | null; activityTasks: object[] } {
  const { record } = execution;
  const commands = request.commands ?? [];
  let newTask = request.forceCreateNewWorkflowTask === true;
  const messages = new Map((request.messages ?? []).map((message) => [message.id ?? '', message]));
  // Effects on other runs (child starts, external signals and cancels) happen after this task's events.
  const deferred: (() => void)[] = [];
  const eager: number[] = [];
  for (const command of commands) {
    if (record.status !== 'Running') break;
    const messageId = command.protocolMessageCommandAttributes?.messageId;
    if (messageId !== undefined && messageId !== null) {
      const message = messages.get(messageId);
      messages.delete(messageId);
      if (message) host.applyUpdateMessage(execution, message);
      continue;
    }
    newTask = applyCommand(host, execution, command, completedId, deferred, eager) || newTask;
  }
  // Messages no command points at are rejections (or nothing to record), as in the real server.
  for (const message of messages.values()) host.applyUpdateMessage(execution, message);
  for (const update of execution.updates.values()) {
    if (update.state === 'sent') update.state = 'admitted';
    if (update.state === 'admitted') newTask = true;
  }
  const activityTasks: object[] = [];
  if (record.status === 'Running') {
    for (const scheduledEventId of eager) {
      const task = host.startEagerActivity(execution, scheduledEventId, identity);
      if (task) activityTasks.push(task);
    }
    if (host.flushBuffered(execution)) newTask = true;
    for (const effect of deferred) effect();
    if (newTask) host.scheduleWorkflowTask(execution);
    for (const query of execution.queries.values()) {
      if (query.state === 'attached') query.state = 'waiting';
      if (query.state === 'waiting' && !record.workflowTask) host.dispatchLegacyQuery(execution, query);
    }
  }
  host.changed(execution);
  host.armTimer(execution);
  host.workflowTaskDone();
  const next = currentTask(record);
  if (!request.returnNewWorkflowTask || !next || next.startedEventId !== 0)
    return { workflowTask: null, activityTasks };
  const queueName = next.sticky && record.stickyQueue ? record.stickyQueue : record.taskQueue;
  return {
    workflowTask: host.startWorkflowTask({ kind: 'workflow', key: keyOf(record) }, directPoller(identity), queueName),
    activityTasks,
  };
}

/**
 * Applies one command; returns whether it requires a new workflow task right away. An activity to dispatch eagerly is
 * not queued: its scheduled event id goes into `eager`, and the caller starts it for the completing worker.
 */
export function applyCommand(
  host: EngineHost,
  execution: Execution,
  command: Command,
  completedId: number,
  deferred: (() => void)[],
  eager: number[] = []
): boolean {
  const { record } = execution;
  if (command.startChildWorkflowExecutionCommandAttributes) {
    host.initiateChild(execution, command.startChildWorkflowExecutionCommandAttributes, completedId, deferred);
    return false;
  }
  if (command.signalExternalWorkflowExecutionCommandAttributes) {
    host.initiateExternalSignal(
      execution,
      command.signalExternalWorkflowExecutionCommandAttributes,
      completedId,
      deferred
    );
    return false;
  }
  if (command.requestCancelExternalWorkflowExecutionCommandAttributes) {
    host.initiateExternalCancel(
      execution,
      command.requestCancelExternalWorkflowExecutionCommandAttributes,
      completedId,
      deferred
    );
    return false;
  }
  const activity = command.scheduleActivityTaskCommandAttributes;
  if (activity) {
    // As the real server: only on the run's own task queue (the worker asking polls it), and only when it is allowed.
    const dispatchEagerly =
      host.eagerActivities &&
      activity.requestEagerExecution === true &&
      (!activity.taskQueue?.name || activity.taskQueue.name === record.taskQueue);
    const scheduledEventId = host.scheduleActivity(execution, activity, completedId, !dispatchEagerly);
    if (dispatchEagerly) eager.push(scheduledEventId);
    return false;
  }
  if (command.startTimerCommandAttributes) {
    const attrs = command.startTimerCommandAttributes;
    const timerId = attrs.timerId ?? '';
    const event = host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_TIMER_STARTED,
      timerStartedEventAttributes: {
        timerId,
        startToFireTimeout: attrs.startToFireTimeout,
        workflowTaskCompletedEventId: completedId,
      },
    });
    record.timers[timerId] = {
      timerId,
      startedEventId: Number(event.eventId),
      fireTime: host.now() + durationMs(attrs.startToFireTimeout),
    };
    return false;
  }
  if (command.cancelTimerCommandAttributes) {
    const timerId = command.cancelTimerCommandAttributes.timerId ?? '';
    const timer = record.timers[timerId];
    if (!timer) return false;
    delete record.timers[timerId];
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_TIMER_CANCELED,
      timerCanceledEventAttributes: {
        timerId,
        startedEventId: timer.startedEventId,
        workflowTaskCompletedEventId: completedId,
      },
    });
    return false;
  }
  if (command.requestCancelActivityTaskCommandAttributes) {
    const scheduledEventId = Number(command.requestCancelActivityTaskCommandAttributes.scheduledEventId ?? 0);
    const activity = record.activities[String(scheduledEventId)];
    if (!activity) {
      // The activity finished while this task ran (its result is buffered): the real server still records the
      // request, then the buffered result; the SDK's state machine expects exactly that order.
      host.addEvent(execution, {
        eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
        activityTaskCancelRequestedEventAttributes: { scheduledEventId, workflowTaskCompletedEventId: completedId },
      });
      return false;
    }
    const requested = host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
      activityTaskCancelRequestedEventAttributes: { scheduledEventId, workflowTaskCompletedEventId: completedId },
    });
    activity.cancelRequestedEventId = Number(requested.eventId);
    if (activity.startedTime === 0) {
      // Never handed to a worker: cancel right away, as the real server does.
      delete record.activities[String(scheduledEventId)];
      host.addEvent(execution, {
        eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
        activityTaskCanceledEventAttributes: {
          scheduledEventId,
          latestCancelRequestedEventId: Number(requested.eventId),
        },
      });
      return true;
    }
    return false;
  }
  if (command.recordMarkerCommandAttributes) {
    const attrs = command.recordMarkerCommandAttributes;
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
      markerRecordedEventAttributes: {
        markerName: attrs.markerName,
        details: attrs.details,
        header: attrs.header,
        failure: attrs.failure,
        workflowTaskCompletedEventId: completedId,
      },
    });
    return false;
  }
  if (command.upsertWorkflowSearchAttributesCommandAttributes) {
    const attrs = command.upsertWorkflowSearchAttributesCommandAttributes;
    const merged = mergeFields(
      record.searchAttributes ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes)) : null,
      attrs.searchAttributes?.indexedFields ?? {}
    );
    record.searchAttributes = toBase64(api.common.v1.SearchAttributes.encode({ indexedFields: merged }).finish());
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
      upsertWorkflowSearchAttributesEventAttributes: {
        searchAttributes: attrs.searchAttributes,
        workflowTaskCompletedEventId: completedId,
      },
    });
    return false;
  }
  if (command.modifyWorkflowPropertiesCommandAttributes) {
    const attrs = command.modifyWorkflowPropertiesCommandAttributes;
    const merged = mergeFields(
      record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null,
      attrs.upsertedMemo?.fields ?? {}
    );
    record.memo = toBase64(api.common.v1.Memo.encode({ fields: merged }).finish());
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
      workflowPropertiesModifiedEventAttributes: {
        upsertedMemo: attrs.upsertedMemo,
        workflowTaskCompletedEventId: completedId,
      },
    });
    return false;
  }
  if (command.completeWorkflowExecutionCommandAttributes) {
    const result = command.completeWorkflowExecutionCommandAttributes.result ?? null;
    // A cron run's completed event names the next run, which the server starts at the next scheduled time.
    const newRunId = record.cronSchedule ? randomUUID() : '';
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
      workflowExecutionCompletedEventAttributes: {
        result,
        workflowTaskCompletedEventId: completedId,
        newExecutionRunId: newRunId,
      },
    });
    if (!newRunId) {
      host.close(execution, 'Completed');
      return false;
    }
    record.newRunId = newRunId;
    host.close(execution, 'Completed', true);
    host.cronRun(execution, newRunId, { lastCompletionResult: result, failure: null });
    return false;
  }
  if (command.failWorkflowExecutionCommandAttributes) {
    const failure = command.failWorkflowExecutionCommandAttributes.failure ?? { message: 'workflow failed' };
    const retry = host.workflowRetry(execution, failure);
    // Without a retry, a cron chain still goes on to its next scheduled run.
    const cron = retry.backoffMs === undefined && Boolean(record.cronSchedule);
    const newRunId = retry.backoffMs === undefined && !cron ? '' : randomUUID();
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      workflowExecutionFailedEventAttributes: {
        failure,
        retryState: retry.state,
        workflowTaskCompletedEventId: completedId,
        newExecutionRunId: newRunId,
      },
    });
    if (cron) {
      record.newRunId = newRunId;
      host.close(execution, 'Failed', true);
      host.cronRun(execution, newRunId, { lastCompletionResult: null, failure });
    } else if (retry.backoffMs === undefined) {
      host.close(execution, 'Failed');
    } else {
      record.newRunId = newRunId;
      host.close(execution, 'Failed', true);
      host.retryRun(execution, newRunId, retry.backoffMs, failure);
    }
    return false;
  }
  if (command.cancelWorkflowExecutionCommandAttributes) {
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
      workflowExecutionCanceledEventAttributes: {
        details: command.cancelWorkflowExecutionCommandAttributes.details,
        workflowTaskCompletedEventId: completedId,
      },
    });
    host.close(execution, 'Canceled');
    return false;
  }
  if (command.continueAsNewWorkflowExecutionCommandAttributes) {
    continueAsNew(host, execution, command.continueAsNewWorkflowExecutionCommandAttributes, completedId);
    return false;
  }
  return false;
}

export function continueAsNew(
  host: EngineHost,
  execution: Execution,
  attrs: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes,
  completedId: number
): void {
  const { record } = execution;
  const newRunId = randomUUID();
  const workflowType = attrs.workflowType?.name || record.workflowType;
  const taskQueue = attrs.taskQueue?.name || record.taskQueue;
  const runTimeoutMs = durationMs(attrs.workflowRunTimeout) || record.runTimeoutMs;
  const taskTimeoutMs = durationMs(attrs.workflowTaskTimeout) || record.taskTimeoutMs;
  host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    workflowExecutionContinuedAsNewEventAttributes: {
      newExecutionRunId: newRunId,
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: attrs.input,
      workflowRunTimeout: duration(runTimeoutMs),
      workflowTaskTimeout: duration(taskTimeoutMs),
      workflowTaskCompletedEventId: completedId,
      header: attrs.header,
      memo: attrs.memo,
      searchAttributes: attrs.searchAttributes,
      initiator: attrs.initiator,
      failure: attrs.failure,
      lastCompletionResult: attrs.lastCompletionResult,
    },
  });
  record.newRunId = newRunId;
  host.close(execution, 'ContinuedAsNew');
  const next = host.createRun({
    namespace: record.namespace,
    workflowId: record.workflowId,
    runId: newRunId,
    firstRunId: record.firstRunId,
    workflowType,
    taskQueue,
    requestId: randomUUID(),
    executionTimeoutMs: record.executionTimeoutMs,
    runTimeoutMs,
    taskTimeoutMs,
    memo: attrs.memo ?? (record.memo ? api.common.v1.Memo.decode(fromBase64(record.memo)) : null),
    searchAttributes:
      attrs.searchAttributes ??
      (record.searchAttributes ? api.common.v1.SearchAttributes.decode(fromBase64(record.searchAttributes)) : null),
    executionExpiration: record.executionExpiration,
    parent: record.parent ?? null,
    retryPolicy: record.retryPolicy ?? null,
  });
  host.addEvent(next, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: attrs.input,
      workflowExecutionTimeout: duration(record.executionTimeoutMs),
      workflowRunTimeout: duration(runTimeoutMs),
      workflowTaskTimeout: duration(next.record.taskTimeoutMs),
      continuedExecutionRunId: record.runId,
      initiator: attrs.initiator,
      originalExecutionRunId: newRunId,
      firstExecutionRunId: record.firstRunId,
      attempt: 1,
      header: attrs.header,
      memo: attrs.memo,
      searchAttributes: attrs.searchAttributes,
      lastCompletionResult: attrs.lastCompletionResult,
      continuedFailure: attrs.failure,
      workflowId: record.workflowId,
    },
  });
  host.scheduleWorkflowTask(next);
}

export function failWorkflowTaskRequest(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest
): void {
  const execution = workflowTaskFromToken(host, request.taskToken);
  failWorkflowTask(host, execution, request.cause ?? 0, request.failure ?? null, request.identity ?? '');
}

export function failWorkflowTask(
  host: EngineHost,
  execution: Execution,
  cause: number,
  failure: Failure | null,
  identity: string
): void {
  const { record } = execution;
  const wt = record.workflowTask;
  if (!wt) return;
  // Only the first failure of a run of failing attempts is recorded; transient attempts fail silently.
  if (!wt.transient) {
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      workflowTaskFailedEventAttributes: {
        scheduledEventId: wt.scheduledEventId,
        startedEventId: wt.startedEventId,
        cause,
        failure,
        identity,
      },
    });
  }
  retryWorkflowTask(host, execution, wt.attempt + 1);
}

export function retryWorkflowTask(host: EngineHost, execution: Execution, attempt: number): void {
  const { record } = execution;
  record.workflowTask = null;
  // The worker may have lost the run from its cache: the next attempt goes to the normal queue.
  record.stickyQueue = '';
  // Events that arrived meanwhile make the next task a normal first attempt, as on the real server.
  const flushed = host.flushBuffered(execution);
  for (const query of execution.queries.values()) if (query.state === 'attached') query.state = 'waiting';
  for (const update of execution.updates.values()) if (update.state === 'sent') update.state = 'admitted';
  host.scheduleWorkflowTask(execution, flushed ? 1 : attempt);
}
