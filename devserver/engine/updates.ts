import type { temporal } from '@temporalio/proto';
import { api } from '../proto';
import { notFound, requireString } from '../errors';
import { EventType } from './history';
import type { Execution } from './execution';
import type { EngineHost } from './host';

// Workflow updates: their state in memory (admitted, sent to a worker, accepted; completed ones live in history),
// admitting them, applying the worker's protocol messages and waiting for a stage.

const enums = api.enums.v1;

export interface PendingUpdate {
  id: string;
  request: temporal.api.update.v1.IRequest;
  state: 'admitted' | 'sent' | 'accepted';
  waiters: Set<() => void>;
}

export interface UpdateStatus {
  stage: number;
  outcome: temporal.api.update.v1.IOutcome | null;
}

export const Stage = enums.UpdateWorkflowExecutionLifecycleStage;
export const updateRequestType = 'type.googleapis.com/temporal.api.update.v1.Request';

export function applyUpdateMessage(
  host: EngineHost,
  execution: Execution,
  message: temporal.api.protocol.v1.IMessage
): void {
  const body = message.body;
  const update = execution.updates.get(message.protocolInstanceId ?? '');
  if (!body?.value) return;
  const type = (body.type_url ?? '').replace(/^type\.googleapis\.com\//, '');
  if (type === 'temporal.api.update.v1.Acceptance') {
    const acceptance = api.update.v1.Acceptance.decode(body.value);
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      workflowExecutionUpdateAcceptedEventAttributes: {
        protocolInstanceId: message.protocolInstanceId,
        acceptedRequestMessageId: acceptance.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: acceptance.acceptedRequestSequencingEventId,
        acceptedRequest: acceptance.acceptedRequest ?? update?.request,
      },
    });
    if (update) {
      update.state = 'accepted';
      for (const waiter of update.waiters) waiter();
    }
    return;
  }
  if (type === 'temporal.api.update.v1.Response') {
    const response = api.update.v1.Response.decode(body.value);
    const updateId = response.meta?.updateId ?? message.protocolInstanceId ?? '';
    const accepted = execution.history.find(
      (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId === updateId
    );
    host.addEvent(execution, {
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: response.meta,
        acceptedEventId: accepted ? Number(accepted.eventId) : 0,
        outcome: response.outcome,
      },
    });
    settleUpdate(host, execution, updateId);
    return;
  }
  if (type === 'temporal.api.update.v1.Rejection') {
    const rejection = api.update.v1.Rejection.decode(body.value);
    const updateId = message.protocolInstanceId ?? '';
    execution.rejectedUpdates.set(updateId, { failure: rejection.failure });
    settleUpdate(host, execution, updateId);
  }
}

export function settleUpdate(host: EngineHost, execution: Execution, updateId: string): void {
  const update = execution.updates.get(updateId);
  if (!update) return;
  execution.updates.delete(updateId);
  for (const waiter of update.waiters) waiter();
}

/** Where an update stands: from history once accepted or completed, from memory before. */
export function updateStatus(host: EngineHost, execution: Execution, updateId: string): UpdateStatus | null {
  for (let index = execution.history.length - 1; index >= 0; index--) {
    const event = execution.history[index];
    const completed = event?.workflowExecutionUpdateCompletedEventAttributes;
    if (completed?.meta?.updateId === updateId) {
      return {
        stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
        outcome: (completed.outcome ?? null) as temporal.api.update.v1.IOutcome | null,
      };
    }
  }
  const rejected = execution.rejectedUpdates.get(updateId);
  if (rejected) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, outcome: rejected };
  const accepted = execution.history.some(
    (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId === updateId
  );
  if (accepted) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED, outcome: null };
  if (execution.updates.has(updateId))
    return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED, outcome: null };
  return null;
}

/** Admits an update (once per update id) and schedules a workflow task to deliver it. */
export function admitUpdate(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest
): {
  execution: Execution;
  updateId: string;
} {
  const updateId = requireString(request.request?.meta?.updateId, 'request.meta.updateId');
  requireString(request.request?.input?.name, 'request.input.name');
  const execution = host.findExecution(request.namespace ?? '', request.workflowExecution);
  if (updateStatus(host, execution, updateId)) return { execution, updateId };
  if (execution.record.status !== 'Running') throw notFound('workflow execution already completed');
  execution.updates.set(updateId, {
    id: updateId,
    request: request.request ?? {},
    state: 'admitted',
    waiters: new Set(),
  });
  const wt = execution.record.workflowTask;
  if (!wt) host.scheduleWorkflowTask(execution);
  return { execution, updateId };
}

export function findUpdate(
  host: EngineHost,
  namespace: string,
  ref: temporal.api.update.v1.IUpdateRef | null | undefined
): { execution: Execution; updateId: string } {
  const updateId = requireString(ref?.updateId, 'updateRef.updateId');
  const execution = host.findExecution(namespace, ref?.workflowExecution);
  if (!updateStatus(host, execution, updateId)) throw notFound(`update ${updateId} not found`);
  return { execution, updateId };
}

/** Waits until the update reaches `stage` (or the long poll ends) and reports where it stands. */
export async function waitForUpdate(
  host: EngineHost,
  execution: Execution,
  updateId: string,
  stage: number,
  cancelled: AbortSignal
): Promise<UpdateStatus> {
  const deadline = Date.now() + host.longPollMs;
  for (;;) {
    await host.flush();
    const status = updateStatus(host, execution, updateId);
    if (!status) throw notFound(`update ${updateId} not found`);
    if (status.stage >= stage || status.outcome) return status;
    if (execution.record.status !== 'Running') {
      throw notFound('workflow execution completed before the update completed');
    }
    if (Date.now() >= deadline || cancelled.aborted || host.closed) return status;
    const update = execution.updates.get(updateId);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        update?.waiters.delete(done);
        execution.waiters.delete(done);
        resolve();
      };
      const timeout = setTimeout(done, Math.max(0, deadline - Date.now()));
      if (update) update.waiters.add(done);
      // Accepted updates leave memory only through history: wake on new events too.
      execution.waiters.add(done);
      cancelled.addEventListener('abort', done, { once: true });
    });
  }
}
