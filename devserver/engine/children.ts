import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { api } from '../proto';
import { ServiceError } from '../errors';
import { EventType, type HistoryEvent } from './history';
import { executionKey } from './records';
import type { Execution } from './execution';
import type { EngineHost } from './host';

// Child workflows and external workflows: starting a child, reporting a closed child to its parent, the parent close
// policy, and signalling or cancelling another run.

const enums = api.enums.v1;
const RetryState = enums.RetryState;

export function initiateChild(
  host: EngineHost,
  execution: Execution,
  attrs: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes,
  completedId: number,
  deferred: (() => void)[]
): void {
  const { record } = execution;
  const namespace = attrs.namespace || record.namespace;
  const taskQueue = attrs.taskQueue?.name || record.taskQueue;
  const initiated = host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    startChildWorkflowExecutionInitiatedEventAttributes: {
      namespace,
      namespaceId: host.namespaces.get(namespace)?.id ?? '',
      workflowId: attrs.workflowId,
      workflowType: attrs.workflowType,
      taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: attrs.input,
      workflowExecutionTimeout: attrs.workflowExecutionTimeout,
      workflowRunTimeout: attrs.workflowRunTimeout,
      workflowTaskTimeout: attrs.workflowTaskTimeout,
      parentClosePolicy: attrs.parentClosePolicy,
      control: attrs.control,
      workflowTaskCompletedEventId: completedId,
      workflowIdReusePolicy: attrs.workflowIdReusePolicy,
      retryPolicy: attrs.retryPolicy,
      cronSchedule: attrs.cronSchedule,
      header: attrs.header,
      memo: attrs.memo,
      searchAttributes: attrs.searchAttributes,
      priority: attrs.priority,
    },
  });
  const initiatedEventId = Number(initiated.eventId);
  deferred.push(() => {
    const workflowId = attrs.workflowId ?? '';
    const workflowType = attrs.workflowType ?? {};
    let runId: string;
    try {
      runId = host.startWorkflow(
        {
          namespace,
          workflowId,
          workflowType,
          taskQueue: { name: taskQueue },
          input: attrs.input,
          workflowExecutionTimeout: attrs.workflowExecutionTimeout,
          workflowRunTimeout: attrs.workflowRunTimeout,
          workflowTaskTimeout: attrs.workflowTaskTimeout,
          requestId: randomUUID(),
          workflowIdReusePolicy: attrs.workflowIdReusePolicy,
          retryPolicy: attrs.retryPolicy,
          cronSchedule: attrs.cronSchedule,
          header: attrs.header,
          memo: attrs.memo,
          searchAttributes: attrs.searchAttributes,
        },
        undefined,
        {
          namespace: record.namespace,
          workflowId: record.workflowId,
          runId: record.runId,
          initiatedEventId,
          closePolicy: attrs.parentClosePolicy ?? 0,
        }
      ).runId;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      host.addExternalEvents(execution, [
        {
          eventType: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
          startChildWorkflowExecutionFailedEventAttributes: {
            namespace,
            workflowId,
            workflowType,
            cause:
              error.code === status.ALREADY_EXISTS
                ? enums.StartChildWorkflowExecutionFailedCause
                    .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS
                : enums.StartChildWorkflowExecutionFailedCause
                    .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
            control: attrs.control,
            initiatedEventId,
            workflowTaskCompletedEventId: completedId,
          },
        },
      ]);
      return;
    }
    host.addExternalEvents(execution, [
      {
        eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
        childWorkflowExecutionStartedEventAttributes: {
          namespace,
          initiatedEventId,
          workflowExecution: { workflowId, runId },
          workflowType,
          header: attrs.header,
        },
      },
    ]);
  });
}

/** Tells the parent (if any, and still running) how this child's run chain ended. */
export function reportToParent(host: EngineHost, execution: Execution): void {
  const { record } = execution;
  const parentRef = record.parent;
  if (!parentRef) return;
  const parent = host.executions.get(executionKey(parentRef.namespace, parentRef.workflowId, parentRef.runId));
  if (!parent || parent.record.status !== 'Running') return;
  const last = execution.history[execution.history.length - 1];
  const common = {
    namespace: record.namespace,
    workflowExecution: { workflowId: record.workflowId, runId: record.runId },
    workflowType: { name: record.workflowType },
    initiatedEventId: parentRef.initiatedEventId,
    startedEventId: 0,
  };
  let event: HistoryEvent | null = null;
  if (last?.workflowExecutionCompletedEventAttributes) {
    event = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
      childWorkflowExecutionCompletedEventAttributes: {
        ...common,
        result: last.workflowExecutionCompletedEventAttributes.result,
      },
    };
  } else if (last?.workflowExecutionFailedEventAttributes) {
    event = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
      childWorkflowExecutionFailedEventAttributes: {
        ...common,
        failure: last.workflowExecutionFailedEventAttributes.failure,
        retryState: last.workflowExecutionFailedEventAttributes.retryState,
      },
    };
  } else if (last?.workflowExecutionCanceledEventAttributes) {
    event = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
      childWorkflowExecutionCanceledEventAttributes: {
        ...common,
        details: last.workflowExecutionCanceledEventAttributes.details,
      },
    };
  } else if (last?.workflowExecutionTimedOutEventAttributes) {
    event = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
      childWorkflowExecutionTimedOutEventAttributes: { ...common, retryState: RetryState.RETRY_STATE_TIMEOUT },
    };
  } else if (last?.workflowExecutionTerminatedEventAttributes) {
    event = {
      eventType: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
      childWorkflowExecutionTerminatedEventAttributes: common,
    };
  }
  if (event) host.addExternalEvents(parent, [event]);
}

/** Terminates or cancels the still-running children of a closed run, per their parent close policy. */
export function applyParentClosePolicy(host: EngineHost, execution: Execution): void {
  const { record } = execution;
  for (const event of execution.history) {
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (!started) continue;
    const childId = started.workflowExecution?.workflowId ?? '';
    const currentRun = host.currentRuns.get(`${started.namespace || record.namespace}\u0000${childId}`);
    const child = currentRun
      ? host.executions.get(executionKey(started.namespace || record.namespace, childId, currentRun))
      : undefined;
    if (!child || child.record.status !== 'Running' || child.record.parent?.runId !== record.runId) continue;
    const policy = child.record.parent?.closePolicy ?? 0;
    if (policy === enums.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) continue;
    if (policy === enums.ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
      if (!child.record.cancelRequested) {
        child.record.cancelRequested = true;
        host.addExternalEvents(child, [
          {
            eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            workflowExecutionCancelRequestedEventAttributes: {
              cause: 'by parent close policy',
              identity: 'devserver',
            },
          },
        ]);
      }
      continue;
    }
    host.terminate(child, 'by parent close policy', null, 'devserver');
  }
}

export function initiateExternalSignal(
  host: EngineHost,
  execution: Execution,
  attrs: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes,
  completedId: number,
  deferred: (() => void)[]
): void {
  const { record } = execution;
  const namespace = attrs.namespace || record.namespace;
  const target = { workflowId: attrs.execution?.workflowId ?? '', runId: attrs.execution?.runId ?? '' };
  const initiated = host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    signalExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedId,
      namespace,
      namespaceId: host.namespaces.get(namespace)?.id ?? '',
      workflowExecution: target,
      signalName: attrs.signalName,
      input: attrs.input,
      control: attrs.control,
      childWorkflowOnly: attrs.childWorkflowOnly,
      header: attrs.header,
    },
  });
  const initiatedEventId = Number(initiated.eventId);
  deferred.push(() => {
    const targetExecution = findOpen(host, namespace, target.workflowId, target.runId);
    if (!targetExecution) {
      host.addExternalEvents(execution, [
        {
          eventType: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
          signalExternalWorkflowExecutionFailedEventAttributes: {
            cause:
              enums.SignalExternalWorkflowExecutionFailedCause
                .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
            workflowTaskCompletedEventId: completedId,
            namespace,
            workflowExecution: target,
            initiatedEventId,
            control: attrs.control,
          },
        },
      ]);
      return;
    }
    host.addExternalEvents(targetExecution, [
      {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        workflowExecutionSignaledEventAttributes: {
          signalName: attrs.signalName,
          input: attrs.input,
          identity: '',
          header: attrs.header,
          externalWorkflowExecution: { workflowId: record.workflowId, runId: record.runId },
        },
      },
    ]);
    host.addExternalEvents(execution, [
      {
        eventType: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
        externalWorkflowExecutionSignaledEventAttributes: {
          initiatedEventId,
          namespace,
          workflowExecution: { workflowId: target.workflowId, runId: targetExecution.record.runId },
          control: attrs.control,
        },
      },
    ]);
  });
}

export function initiateExternalCancel(
  host: EngineHost,
  execution: Execution,
  attrs: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes,
  completedId: number,
  deferred: (() => void)[]
): void {
  const { record } = execution;
  const namespace = attrs.namespace || record.namespace;
  const target = { workflowId: attrs.workflowId ?? '', runId: attrs.runId ?? '' };
  const initiated = host.addEvent(execution, {
    eventType: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    requestCancelExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedId,
      namespace,
      namespaceId: host.namespaces.get(namespace)?.id ?? '',
      workflowExecution: target,
      control: attrs.control,
      childWorkflowOnly: attrs.childWorkflowOnly,
      reason: attrs.reason,
    },
  });
  const initiatedEventId = Number(initiated.eventId);
  deferred.push(() => {
    const targetExecution = findOpen(host, namespace, target.workflowId, target.runId);
    if (!targetExecution) {
      host.addExternalEvents(execution, [
        {
          eventType: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
          requestCancelExternalWorkflowExecutionFailedEventAttributes: {
            cause:
              enums.CancelExternalWorkflowExecutionFailedCause
                .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
            workflowTaskCompletedEventId: completedId,
            namespace,
            workflowExecution: target,
            initiatedEventId,
            control: attrs.control,
          },
        },
      ]);
      return;
    }
    if (!targetExecution.record.cancelRequested) {
      targetExecution.record.cancelRequested = true;
      host.addExternalEvents(targetExecution, [
        {
          eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
          workflowExecutionCancelRequestedEventAttributes: {
            cause: attrs.reason ?? '',
            externalInitiatedEventId: initiatedEventId,
            externalWorkflowExecution: { workflowId: record.workflowId, runId: record.runId },
          },
        },
      ]);
    }
    host.addExternalEvents(execution, [
      {
        eventType: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        externalWorkflowExecutionCancelRequestedEventAttributes: {
          initiatedEventId,
          namespace,
          workflowExecution: { workflowId: target.workflowId, runId: targetExecution.record.runId },
        },
      },
    ]);
  });
}

export function findOpen(
  host: EngineHost,
  namespace: string,
  workflowId: string,
  runId: string
): Execution | undefined {
  const run = runId || host.currentRuns.get(`${namespace}\u0000${workflowId}`);
  const found = run ? host.executions.get(executionKey(namespace, workflowId, run)) : undefined;
  return found?.record.status === 'Running' ? found : undefined;
}
