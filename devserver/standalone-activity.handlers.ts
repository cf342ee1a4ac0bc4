import type { temporal } from '@temporalio/proto';
import type { Engine } from './engine/engine';
import type { StandaloneActivities } from './engine/standalone-activities';
import { decodeToken } from './engine/task-token';
import type { RpcHandler } from './grpc-server';

/** A task token of a standalone activity (kind `s`); anything else, malformed included, goes to the engine. */
function isStandalone(token: Uint8Array | null | undefined): boolean {
  try {
    return decodeToken(token).k === 's';
  } catch {
    return false;
  }
}

/**
 * WorkflowService standalone activity RPCs mapped onto `engine/standalone-activities.ts`, and the worker's activity
 * task RPCs routed there when their task token (or, by id, an empty workflow id) names a standalone activity; the
 * others go to `base`, the workflow handlers. Every change is durable before the answer.
 */
export function standaloneActivityHandlers(
  engine: Engine,
  activities: StandaloneActivities,
  base: Record<string, RpcHandler>
): Record<string, RpcHandler> {
  const mutate = async <T>(work: () => T): Promise<T> => {
    try {
      return work();
    } finally {
      await engine.flush();
    }
  };
  const fallback = (name: string, request: never, cancelled: AbortSignal): Promise<object> => {
    const handler = base[name];
    if (!handler) throw new Error(`no ${name} handler`);
    return handler(request, cancelled);
  };
  const handlers: Record<string, (request: never, cancelled: AbortSignal) => Promise<object>> = {
    StartActivityExecution: (request: temporal.api.workflowservice.v1.IStartActivityExecutionRequest) =>
      mutate(() => activities.startExecution(request)),
    PollActivityExecution: (request: temporal.api.workflowservice.v1.IPollActivityExecutionRequest, cancelled) =>
      activities.pollOutcome(request, cancelled),
    DescribeActivityExecution: async (request: temporal.api.workflowservice.v1.IDescribeActivityExecutionRequest) =>
      activities.describe(request),
    RequestCancelActivityExecution: (request: temporal.api.workflowservice.v1.IRequestCancelActivityExecutionRequest) =>
      mutate(() => {
        activities.requestCancel(request);
        return {};
      }),
    TerminateActivityExecution: (request: temporal.api.workflowservice.v1.ITerminateActivityExecutionRequest) =>
      mutate(() => {
        activities.terminate(request);
        return {};
      }),
    DeleteActivityExecution: (request: temporal.api.workflowservice.v1.IDeleteActivityExecutionRequest) =>
      mutate(() => {
        activities.delete(request);
        return {};
      }),
    ListActivityExecutions: async (request: temporal.api.workflowservice.v1.IListActivityExecutionsRequest) =>
      activities.list(request),
    CountActivityExecutions: async (request: temporal.api.workflowservice.v1.ICountActivityExecutionsRequest) =>
      activities.count(request),

    RecordActivityTaskHeartbeat: (
      request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatRequest,
      cancelled
    ) =>
      isStandalone(request.taskToken)
        ? mutate(() => activities.heartbeat(activities.fromToken(request.taskToken), request.details))
        : fallback('RecordActivityTaskHeartbeat', request as never, cancelled),
    RecordActivityTaskHeartbeatById: (
      request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdRequest,
      cancelled
    ) =>
      !request.workflowId
        ? mutate(() => activities.heartbeat(activities.fromToken(null, request), request.details))
        : fallback('RecordActivityTaskHeartbeatById', request as never, cancelled),
    RespondActivityTaskCompleted: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedRequest,
      cancelled
    ) =>
      isStandalone(request.taskToken)
        ? mutate(() => {
            activities.completed(activities.fromToken(request.taskToken), request.result);
            return {};
          })
        : fallback('RespondActivityTaskCompleted', request as never, cancelled),
    RespondActivityTaskCompletedById: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedByIdRequest,
      cancelled
    ) =>
      !request.workflowId
        ? mutate(() => {
            activities.completed(activities.fromToken(null, request), request.result);
            return {};
          })
        : fallback('RespondActivityTaskCompletedById', request as never, cancelled),
    RespondActivityTaskFailed: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedRequest,
      cancelled
    ) =>
      isStandalone(request.taskToken)
        ? mutate(() => {
            activities.failed(activities.fromToken(request.taskToken), request.failure, request.lastHeartbeatDetails);
            return {};
          })
        : fallback('RespondActivityTaskFailed', request as never, cancelled),
    RespondActivityTaskFailedById: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedByIdRequest,
      cancelled
    ) =>
      !request.workflowId
        ? mutate(() => {
            activities.failed(activities.fromToken(null, request), request.failure, request.lastHeartbeatDetails);
            return {};
          })
        : fallback('RespondActivityTaskFailedById', request as never, cancelled),
    RespondActivityTaskCanceled: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledRequest,
      cancelled
    ) =>
      isStandalone(request.taskToken)
        ? mutate(() => {
            activities.canceled(activities.fromToken(request.taskToken), request.details);
            return {};
          })
        : fallback('RespondActivityTaskCanceled', request as never, cancelled),
    RespondActivityTaskCanceledById: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledByIdRequest,
      cancelled
    ) =>
      !request.workflowId
        ? mutate(() => {
            activities.canceled(activities.fromToken(null, request), request.details);
            return {};
          })
        : fallback('RespondActivityTaskCanceledById', request as never, cancelled),
  };
  return handlers as Record<string, RpcHandler>;
}
