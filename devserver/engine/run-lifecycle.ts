import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { api, duration, durationMs, timestamp } from '../proto';
import { ServiceError, invalidArgument, notFound, requireString } from '../errors';
import { EventType, toBase64, type Payloads } from './history';
import { cronBackoffMs, validateCronSchedule } from './cron';
import { executionKey, type ExecutionRecord, type ExecutionStatus, type ParentRecord } from './records';
import { normalizeRetry } from './activity-state';
import { directPoller } from './matching';
import type { Execution } from './execution';
import * as children from './children';
import type { EngineHost } from './host';

// A run's life from outside in (the history service's start, signal, signal-with-start, request-cancel and
// terminate APIs) and its close: id reuse and conflict policies, eager start, the started event, closing a run.

const enums = api.enums.v1;
const Cause = enums.WorkflowTaskFailedCause;
const defaultTaskTimeoutMs = 10_000;
const maxTaskTimeoutMs = 120_000;

function findRunning(
  host: EngineHost,
  namespace: string,
  execution: temporal.api.common.v1.IWorkflowExecution | null | undefined
): Execution {
  const found = host.findExecution(namespace, execution);
  if (found.record.status !== 'Running') throw notFound('workflow execution already completed');
  return found;
}

export function startWorkflow(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
  signal?: { name: string; input: Payloads | null; header: temporal.api.common.v1.IHeader | null; identity: string },
  parent?: ParentRecord,
  beforeFirstTask?: (execution: Execution) => void
): { runId: string; started: boolean; eagerWorkflowTask?: object } {
  const namespace = host.namespace(request.namespace).name;
  const workflowId = requireString(request.workflowId, 'workflowId');
  const workflowType = requireString(request.workflowType?.name, 'workflowType.name');
  const taskQueue = requireString(request.taskQueue?.name, 'taskQueue.name');
  const requestId = request.requestId || randomUUID();
  const executionTimeoutMs = durationMs(request.workflowExecutionTimeout);
  const runTimeoutMs = durationMs(request.workflowRunTimeout) || executionTimeoutMs;
  if (executionTimeoutMs < 0 || runTimeoutMs < 0) throw invalidArgument('workflowRunTimeout must not be negative');
  const cronSchedule = request.cronSchedule ?? '';
  if (cronSchedule) validateCronSchedule(cronSchedule);
  const currentRunId = host.currentRuns.get(`${namespace}\u0000${workflowId}`);
  const current = currentRunId ? host.executions.get(executionKey(namespace, workflowId, currentRunId)) : undefined;
  if (current) {
    if (current.record.requestIds.includes(requestId)) return { runId: current.record.runId, started: true };
    if (current.record.status === 'Running') {
      const conflict = request.workflowIdConflictPolicy ?? 0;
      const reuse = request.workflowIdReusePolicy ?? 0;
      if (conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
        if (signal) signalRun(host, current, signal);
        return { runId: current.record.runId, started: false };
      }
      if (
        conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
        reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING
      ) {
        terminate(host, current, 'terminated by a new start with the same workflow id', null, 'devserver');
      } else {
        throw alreadyStarted(workflowId, current.record.runId, requestId);
      }
    } else {
      const reuse = request.workflowIdReusePolicy ?? 0;
      if (reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
        throw alreadyStarted(workflowId, current.record.runId, requestId);
      }
      if (
        reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
        current.record.status === 'Completed'
      ) {
        throw alreadyStarted(workflowId, current.record.runId, requestId);
      }
    }
  }
  const runId = randomUUID();
  const execution = createRun(host, {
    namespace,
    workflowId,
    runId,
    firstRunId: runId,
    workflowType,
    taskQueue,
    requestId,
    executionTimeoutMs,
    runTimeoutMs,
    taskTimeoutMs: durationMs(request.workflowTaskTimeout),
    memo: request.memo ?? null,
    searchAttributes: request.searchAttributes ?? null,
    parent: parent ?? null,
    retryPolicy: request.retryPolicy ? normalizeRetry(request.retryPolicy) : null,
    cronSchedule,
  });
  // A cron chain's first run waits for the first scheduled time, as on the real server.
  const cronBackoff = cronSchedule ? cronBackoffMs(cronSchedule, host.now()) : 0;
  if (cronBackoff > 0) execution.record.firstTaskAt = host.now() + cronBackoff;
  host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    workflowExecutionStartedEventAttributes: {
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: request.input,
      workflowExecutionTimeout: duration(executionTimeoutMs),
      workflowRunTimeout: duration(runTimeoutMs),
      workflowTaskTimeout: duration(execution.record.taskTimeoutMs),
      originalExecutionRunId: runId,
      firstExecutionRunId: runId,
      identity: request.identity,
      attempt: 1,
      header: request.header,
      memo: request.memo,
      searchAttributes: request.searchAttributes,
      retryPolicy: request.retryPolicy,
      cronSchedule: request.cronSchedule,
      // Schedules hand the previous action's result and failure to the next run.
      lastCompletionResult: request.lastCompletionResult,
      continuedFailure: request.continuedFailure,
      firstWorkflowTaskBackoff: cronSchedule ? duration(cronBackoff) : undefined,
      workflowExecutionExpirationTime: execution.record.executionExpiration
        ? timestamp(execution.record.executionExpiration)
        : null,
      workflowId,
      priority: request.priority,
      parentWorkflowNamespace: parent?.namespace,
      parentWorkflowNamespaceId: parent ? (host.namespaces.get(parent.namespace)?.id ?? '') : undefined,
      parentWorkflowExecution: parent ? { workflowId: parent.workflowId, runId: parent.runId } : undefined,
      parentInitiatedEventId: parent?.initiatedEventId,
    },
  });
  // Eager start, as the real server grants it: a plain start (no signal, update, parent, cron wait or start delay)
  // whose caller asked for it gets the first workflow task in the answer, started in the caller's name, instead of
  // through a poll. A worker that never completes it is covered by the task's timeout, as any started task is.
  const eager =
    request.requestEagerExecution === true &&
    !signal &&
    !parent &&
    !beforeFirstTask &&
    cronBackoff === 0 &&
    durationMs(request.workflowStartDelay) === 0;
  if (signal) signalRun(host, execution, signal);
  else {
    // Update-with-start admits its update here, so the first workflow task already carries it.
    beforeFirstTask?.(execution);
    if (!execution.record.workflowTask) host.scheduleWorkflowTask(execution, 1, !eager);
  }
  host.armTimer(execution);
  if (eager && execution.record.workflowTask) {
    const key = executionKey(namespace, workflowId, runId);
    const eagerWorkflowTask = host.startWorkflowTask(
      { kind: 'workflow', key },
      directPoller(request.identity ?? ''),
      taskQueue
    );
    if (eagerWorkflowTask) return { runId, started: true, eagerWorkflowTask };
    host.enqueueWorkflowTask(execution);
  }
  return { runId, started: true };
}

/**
 * What a new run starts with: its ids, type, queue, timeouts and the parts a start request or a retry carries, typed as
 * its record has them; memo and search attributes come as messages and are encoded into the record.
 */
export type NewRun = Pick<
  ExecutionRecord,
  | 'namespace'
  | 'workflowId'
  | 'runId'
  | 'firstRunId'
  | 'workflowType'
  | 'taskQueue'
  | 'executionTimeoutMs'
  | 'runTimeoutMs'
  | 'taskTimeoutMs'
  | 'parent'
  | 'retryPolicy'
  | 'attempt'
  | 'cronSchedule'
> &
  Partial<Pick<ExecutionRecord, 'executionExpiration'>> & {
    requestId: string;
    memo: temporal.api.common.v1.IMemo | null;
    searchAttributes: temporal.api.common.v1.ISearchAttributes | null;
  };

export function createRun(host: EngineHost, input: NewRun): Execution {
  const now = host.now();
  let taskTimeoutMs = Math.min(input.taskTimeoutMs || defaultTaskTimeoutMs, maxTaskTimeoutMs);
  if (input.runTimeoutMs) taskTimeoutMs = Math.min(taskTimeoutMs, input.runTimeoutMs);
  const record: ExecutionRecord = {
    namespace: input.namespace,
    workflowId: input.workflowId,
    runId: input.runId,
    firstRunId: input.firstRunId,
    workflowType: input.workflowType,
    taskQueue: input.taskQueue,
    status: 'Running',
    startTime: now,
    closeTime: 0,
    executionExpiration: input.executionExpiration ?? (input.executionTimeoutMs ? now + input.executionTimeoutMs : 0),
    runExpiration: input.runTimeoutMs ? now + input.runTimeoutMs : 0,
    executionTimeoutMs: input.executionTimeoutMs,
    runTimeoutMs: input.runTimeoutMs,
    taskTimeoutMs,
    requestIds: [input.requestId],
    signalRequestIds: [],
    memo: input.memo ? toBase64(api.common.v1.Memo.encode(input.memo).finish()) : null,
    searchAttributes: input.searchAttributes
      ? toBase64(api.common.v1.SearchAttributes.encode(input.searchAttributes).finish())
      : null,
    nextEventId: 1,
    lastCompletedStartedEventId: 0,
    workflowTask: null,
    stickyQueue: '',
    stickyTimeoutMs: 0,
    activities: {},
    timers: {},
    buffered: [],
    cancelRequested: false,
    newRunId: '',
    historySizeBytes: 0,
    parent: input.parent ?? null,
    retryPolicy: input.retryPolicy ?? null,
    attempt: input.attempt ?? 1,
    firstTaskAt: 0,
    cronSchedule: input.cronSchedule ?? '',
  };
  const execution: Execution = {
    record,
    history: [],
    cold: false,
    pins: 0,
    waiters: new Set(),
    queries: new Map(),
    updates: new Map(),
    rejectedUpdates: new Map(),
    timer: null,
  };
  host.executions.set(executionKey(record.namespace, record.workflowId, record.runId), execution);
  host.currentRuns.set(`${record.namespace}\u0000${record.workflowId}`, record.runId);
  host.changed(execution);
  return execution;
}

export function signalWithStart(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest
): {
  runId: string;
  started: boolean;
} {
  const signalName = requireString(request.signalName, 'signalName');
  const namespace = host.namespace(request.namespace).name;
  const workflowId = requireString(request.workflowId, 'workflowId');
  const signal = {
    name: signalName,
    input: request.signalInput ?? null,
    header: request.header ?? null,
    identity: request.identity ?? '',
  };
  const currentRunId = host.currentRuns.get(`${namespace}\u0000${workflowId}`);
  const current = currentRunId ? host.executions.get(executionKey(namespace, workflowId, currentRunId)) : undefined;
  if (current?.record.status === 'Running') {
    signalRun(host, current, signal);
    return { runId: current.record.runId, started: false };
  }
  return startWorkflow(host, request as temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest, signal);
}

export function signalWorkflow(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest
): void {
  const execution = findRunning(host, request.namespace ?? '', request.workflowExecution);
  const name = requireString(request.signalName, 'signalName');
  if (request.requestId) {
    if (execution.record.signalRequestIds.includes(request.requestId)) return;
    execution.record.signalRequestIds.push(request.requestId);
    // Keep the dedupe window bounded: retries arrive within seconds.
    if (execution.record.signalRequestIds.length > 1000) execution.record.signalRequestIds.shift();
  }
  signalRun(host, execution, {
    name,
    input: request.input ?? null,
    header: request.header ?? null,
    identity: request.identity ?? '',
  });
}

function signalRun(
  host: EngineHost,
  execution: Execution,
  signal: { name: string; input: Payloads | null; header: temporal.api.common.v1.IHeader | null; identity: string }
): void {
  host.addExternalEvents(execution, [
    {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      workflowExecutionSignaledEventAttributes: {
        signalName: signal.name,
        input: signal.input,
        identity: signal.identity,
        header: signal.header,
      },
    },
  ]);
}

export function requestCancel(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest
): void {
  const execution = findRunning(host, request.namespace ?? '', request.workflowExecution);
  if (request.requestId && execution.record.requestIds.includes(request.requestId)) return;
  if (request.requestId) execution.record.requestIds.push(request.requestId);
  if (execution.record.cancelRequested) return;
  execution.record.cancelRequested = true;
  host.addExternalEvents(execution, [
    {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
      workflowExecutionCancelRequestedEventAttributes: {
        cause: request.reason ?? '',
        identity: request.identity ?? '',
      },
    },
  ]);
}

export function terminateWorkflow(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.ITerminateWorkflowExecutionRequest
): void {
  const execution = findRunning(host, request.namespace ?? '', request.workflowExecution);
  terminate(host, execution, request.reason ?? '', request.details ?? null, request.identity ?? '');
}

export function terminate(
  host: EngineHost,
  execution: Execution,
  reason: string,
  details: Payloads | null,
  identity: string
): void {
  const wt = execution.record.workflowTask;
  if (wt && wt.startedEventId !== 0) {
    if (!wt.transient) {
      host.addEvent(execution, {
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
        workflowTaskFailedEventAttributes: {
          scheduledEventId: wt.scheduledEventId,
          startedEventId: wt.startedEventId,
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
          identity,
        },
      });
    }
    execution.record.workflowTask = null;
    host.flushBuffered(execution);
  }
  host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    workflowExecutionTerminatedEventAttributes: { reason, details, identity },
  });
  close(host, execution, 'Terminated');
}

/** `continued`: another run of the chain follows (continue-as-new or retry), so the parent hears nothing yet. */
export function close(
  host: EngineHost,
  execution: Execution,
  status: ExecutionStatus,
  continued = status === 'ContinuedAsNew'
): void {
  const { record } = execution;
  record.status = status;
  record.closeTime = host.now();
  record.workflowTask = null;
  record.activities = {};
  record.timers = {};
  record.stickyQueue = '';
  host.changed(execution);
  host.armTimer(execution);
  host.rememberClosed(execution);
  for (const update of execution.updates.values()) for (const waiter of update.waiters) waiter();
  for (const listener of host.runClosedListeners)
    listener(record, execution.history[execution.history.length - 1], continued);
  if (!continued) {
    children.reportToParent(host, execution);
    children.applyParentClosePolicy(host, execution);
  }
  // Queries waiting for a workflow task are answered from the closed run's history instead.
  for (const query of execution.queries.values()) {
    if (query.state !== 'dispatched') host.dispatchLegacyQuery(execution, query);
  }
}

export function alreadyStarted(workflowId: string, runId: string, requestId: string): ServiceError {
  const detail = api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure.encode({
    startRequestId: requestId,
    runId,
  }).finish();
  return new ServiceError(
    status.ALREADY_EXISTS,
    `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${runId}.`,
    [
      {
        typeUrl: 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
        value: detail,
      },
    ]
  );
}
