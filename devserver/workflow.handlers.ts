import type { temporal } from '@temporalio/proto';
import { closeEventTypes, type Engine, type Execution } from './engine/engine';
import type { NamespaceRecord } from './engine/records';
import { invalidArgument, requireString } from './errors';
import type { RpcHandler } from './grpc-server';
import { api, duration, durationMs } from './proto';
import { multiOperationHandlers } from './multi-operation.handlers';
import { visibilityHandlers } from './visibility/handlers';

const enums = api.enums.v1;

function namespaceInfo(record: NamespaceRecord): object {
  return {
    namespaceInfo: {
      name: record.name,
      state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: record.description,
      ownerEmail: record.ownerEmail,
      id: record.id,
      // workerPollCompleteOnShutdown: ShutdownWorker answers the stopping worker's outstanding polls at once.
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerPollCompleteOnShutdown: true,
        // StartActivityExecution and its companions (standalone-activity.handlers.ts), start delay included.
        standaloneActivities: true,
        standaloneActivityStartDelay: true,
      },
      supportsSchedules: true,
    },
    config: {
      workflowExecutionRetentionTtl: duration(record.retentionMs),
      historyArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
      visibilityArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
    },
    replicationConfig: { activeClusterName: 'active', clusters: [{ clusterName: 'active' }] },
    isGlobalNamespace: false,
  };
}

/** Maps WorkflowService RPCs onto the engine; every mutating RPC awaits the durable commit. */
export function workflowHandlers(engine: Engine, serverVersion: string): Record<string, RpcHandler> {
  const mutate = async <T>(work: () => T): Promise<T> => {
    try {
      return work();
    } finally {
      // A refused request may still have changed state (a failed workflow task): commit it before answering.
      await engine.flush();
    }
  };
  const handlers: Record<string, (request: never, cancelled: AbortSignal) => Promise<object>> = {
    GetSystemInfo: async () => ({
      serverVersion,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: true,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
        nexus: false,
      },
    }),
    GetClusterInfo: async () => ({
      supportedClients: {},
      serverVersion,
      clusterId: 'baton-devserver',
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: 'baton',
      visibilityStore: 'baton',
    }),
    DescribeNamespace: async (request: temporal.api.workflowservice.v1.IDescribeNamespaceRequest) => {
      if (request.id) {
        const found = engine.listNamespaces().find((record) => record.id === request.id);
        return namespaceInfo(found ?? engine.namespace(request.id));
      }
      return namespaceInfo(engine.namespace(request.namespace));
    },
    ListNamespaces: async () => ({ namespaces: engine.listNamespaces().map(namespaceInfo) }),
    RegisterNamespace: (request: temporal.api.workflowservice.v1.IRegisterNamespaceRequest) =>
      mutate(() => {
        engine.registerNamespace({
          name: requireString(request.namespace, 'namespace'),
          description: request.description ?? '',
          ownerEmail: request.ownerEmail ?? '',
          retentionMs: durationMs(request.workflowExecutionRetentionPeriod),
        });
        return {};
      }),
    StartWorkflowExecution: (request: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest) =>
      mutate(() => engine.startWorkflow(request)),
    SignalWithStartWorkflowExecution: (
      request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest
    ) => mutate(() => engine.signalWithStart(request)),
    SignalWorkflowExecution: (request: temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest) =>
      mutate(() => {
        engine.signalWorkflow(request);
        return {};
      }),
    RequestCancelWorkflowExecution: (request: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest) =>
      mutate(() => {
        engine.requestCancel(request);
        return {};
      }),
    TerminateWorkflowExecution: (request: temporal.api.workflowservice.v1.ITerminateWorkflowExecutionRequest) =>
      mutate(() => {
        engine.terminateWorkflow(request);
        return {};
      }),
    PollWorkflowTaskQueue: (request: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest, cancelled) =>
      engine.pollWorkflowTaskQueue(request, cancelled),
    PollActivityTaskQueue: (request: temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest, cancelled) =>
      engine.pollActivityTaskQueue(request, cancelled),
    RespondWorkflowTaskCompleted: (request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest) =>
      mutate(() => engine.completeWorkflowTask(request)),
    RespondWorkflowTaskFailed: (request: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest) =>
      mutate(() => {
        engine.failWorkflowTaskRequest(request);
        return {};
      }),
    RespondQueryTaskCompleted: async (request: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest) => {
      engine.respondQueryTaskCompleted(request);
      return {};
    },
    QueryWorkflow: async (request: temporal.api.workflowservice.v1.IQueryWorkflowRequest, cancelled) => {
      // A closed run answers from its history, which may have to be read from storage first.
      const execution = engine.findExecution(request.namespace ?? '', request.execution);
      const response = await engine.withHistory(execution, () => engine.query(request, cancelled));
      return response as object;
    },
    RecordActivityTaskHeartbeat: (request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatRequest) =>
      mutate(() => engine.heartbeat(request.taskToken, request.details)),
    RecordActivityTaskHeartbeatById: (
      request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdRequest
    ) => mutate(() => engine.heartbeat(null, request.details, engine.activityById(request))),
    RespondActivityTaskCompleted: (request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedRequest) =>
      mutate(() => {
        engine.completeActivity(request.taskToken, request.result, request.identity ?? '');
        return {};
      }),
    RespondActivityTaskCompletedById: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedByIdRequest
    ) =>
      mutate(() => {
        engine.completeActivity(null, request.result, request.identity ?? '', engine.activityById(request));
        return {};
      }),
    RespondActivityTaskFailed: (request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedRequest) =>
      mutate(() => {
        engine.failActivity(request.taskToken, request.failure, request.lastHeartbeatDetails, request.identity ?? '');
        return {};
      }),
    RespondActivityTaskFailedById: (request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedByIdRequest) =>
      mutate(() => {
        engine.failActivity(
          null,
          request.failure,
          request.lastHeartbeatDetails,
          request.identity ?? '',
          engine.activityById(request)
        );
        return {};
      }),
    RespondActivityTaskCanceled: (request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledRequest) =>
      mutate(() => {
        engine.cancelActivity(request.taskToken, request.details, request.identity ?? '');
        return {};
      }),
    RespondActivityTaskCanceledById: (
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledByIdRequest
    ) =>
      mutate(() => {
        engine.cancelActivity(null, request.details, request.identity ?? '', engine.activityById(request));
        return {};
      }),
    DescribeWorkflowExecution: async (request: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionRequest) =>
      engine.describe(engine.findExecution(request.namespace ?? '', request.execution)),
    GetWorkflowExecutionHistory: async (
      request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest,
      cancelled
    ) => getHistory(engine, request, cancelled),
    GetWorkflowExecutionHistoryReverse: async (
      request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseRequest
    ) => {
      const execution = engine.findExecution(request.namespace ?? '', request.execution);
      const token = parsePageToken(request.nextPageToken);
      return engine.withHistory(execution, () => {
        const last = token ? token.l : execution.history.length;
        const size = request.maximumPageSize || engine.historyPageSize;
        const first = Math.max(1, last - size + 1);
        const events = execution.history.slice(first - 1, last).reverse();
        return {
          history: { events },
          nextPageToken:
            first > 1 ? Buffer.from(JSON.stringify({ r: execution.record.runId, f: 1, l: first - 1 })) : null,
        };
      });
    },
    ...visibilityHandlers(engine),
    ...multiOperationHandlers(engine),
    ShutdownWorker: (request: temporal.api.workflowservice.v1.IShutdownWorkerRequest) =>
      mutate(() => {
        const types = request.taskQueueTypes ?? [];
        engine.shutdownWorker(engine.namespace(request.namespace).name, request.stickyTaskQueue ?? '', {
          workerInstanceKey: request.workerInstanceKey ?? '',
          taskQueue: request.taskQueue ?? '',
          kinds: [
            ...(types.includes(enums.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW) ? (['workflow'] as const) : []),
            ...(types.includes(enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY) ? (['activity'] as const) : []),
          ],
        });
        return {};
      }),
    UpdateWorkflowExecution: async (
      request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest,
      cancelled
    ) => {
      const found = engine.findExecution(request.namespace ?? '', request.workflowExecution);
      const { execution, updateId } = await engine.withHistory(found, () => engine.admitUpdate(request));
      const wanted =
        request.waitPolicy?.lifecycleStage ||
        enums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      const status = await engine.withHistory(execution, () =>
        engine.waitForUpdate(execution, updateId, wanted, cancelled)
      );
      return {
        updateRef: {
          workflowExecution: { workflowId: execution.record.workflowId, runId: execution.record.runId },
          updateId,
        },
        outcome: status.outcome,
        stage: status.stage,
      };
    },
    PollWorkflowExecutionUpdate: async (
      request: temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest,
      cancelled
    ) => {
      const namespace = requireString(request.namespace, 'namespace');
      const found = engine.findExecution(namespace, request.updateRef?.workflowExecution);
      const wanted =
        request.waitPolicy?.lifecycleStage ||
        enums.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      const { execution, updateId, status } = await engine.withHistory(found, async () => {
        const { execution, updateId } = engine.findUpdate(namespace, request.updateRef);
        return { execution, updateId, status: await engine.waitForUpdate(execution, updateId, wanted, cancelled) };
      });
      return {
        updateRef: {
          workflowExecution: { workflowId: execution.record.workflowId, runId: execution.record.runId },
          updateId,
        },
        outcome: status.outcome,
        stage: status.stage,
      };
    },
    RecordWorkerHeartbeat: async () => ({}),
    DescribeTaskQueue: async () => ({ pollers: [] }),
  };
  return handlers as Record<string, RpcHandler>;
}

function parsePageToken(bytes: Uint8Array | null | undefined): { r: string; f: number; l: number } | null {
  if (!bytes || bytes.length === 0) return null;
  try {
    const token = JSON.parse(Buffer.from(bytes).toString('utf8')) as { r: string; f: number; l: number };
    if (typeof token.f !== 'number' || typeof token.l !== 'number') throw new Error();
    return token;
  } catch {
    throw invalidArgument('nextPageToken is malformed');
  }
}

async function getHistory(
  engine: Engine,
  request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest,
  cancelled: AbortSignal
): Promise<object> {
  const namespace = requireString(request.namespace, 'namespace');
  const token = parsePageToken(request.nextPageToken);
  const execution = engine.findExecution(namespace, {
    workflowId: request.execution?.workflowId,
    runId: token?.r || request.execution?.runId,
  });
  return engine.withHistory(execution, () => historyOf(engine, execution, request, token, cancelled));
}

async function historyOf(
  engine: Engine,
  execution: Execution,
  request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest,
  token: { r: string; f: number; l: number } | null,
  cancelled: AbortSignal
): Promise<object> {
  const closeOnly =
    request.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
  if (request.waitNewEvent) {
    const deadline = Date.now() + engine.longPollTimeoutMs;
    if (closeOnly) {
      // A stopping server answers at once: waiting again would spin (every wait returns at once) and hold the exit.
      while (execution.record.status === 'Running' && Date.now() < deadline && !cancelled.aborted && !engine.stopping) {
        await engine.waitForChange(execution, execution.history.length, cancelled, deadline - Date.now());
      }
      await engine.flush();
      if (execution.record.status === 'Running') {
        return {
          history: { events: [] },
          nextPageToken: Buffer.from(JSON.stringify({ r: execution.record.runId, f: 0, l: 0 })),
        };
      }
    } else {
      const from = token?.f ?? 1;
      if (execution.history.length < from && execution.record.status === 'Running') {
        await engine.waitForChange(execution, from - 1, cancelled, deadline - Date.now());
        await engine.flush();
      }
    }
  }
  if (closeOnly) {
    const last = execution.history[execution.history.length - 1];
    const closed = last && closeEventTypes.has(Number(last.eventType));
    return { history: { events: closed ? [last] : [] } };
  }
  const first = token?.f ?? 1;
  const last = token && token.l > 0 ? token.l : execution.history.length;
  const page = engine.historyPage(execution, first, last, request.maximumPageSize || engine.historyPageSize);
  let nextPageToken = page.nextPageToken;
  if (!nextPageToken && request.waitNewEvent && execution.record.status === 'Running') {
    // Long-polling readers continue after the last event they saw.
    nextPageToken = Buffer.from(JSON.stringify({ r: execution.record.runId, f: first + page.events.length, l: 0 }));
  }
  return { history: { events: page.events }, nextPageToken, archived: false };
}
