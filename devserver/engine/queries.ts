import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { ServiceError, invalidArgument, notFound, requireString } from '../errors';
import { api, timestamp } from '../proto';
import { randomUUID } from 'node:crypto';
import { executionKey } from './records';
import { decodeToken, encodeToken } from './task-token';
import { keyOf, type Execution } from './execution';
import type { EngineHost } from './host';

// Queries: those in flight (waiting for a workflow task, attached to one, or dispatched as a legacy query task),
// dispatching them to a worker and settling them with its answers.

const enums = api.enums.v1;

export interface PendingQuery {
  id: string;
  query: temporal.api.query.v1.IWorkflowQuery;
  state: 'waiting' | 'attached' | 'dispatched';
  resolve(result: temporal.api.workflowservice.v1.IQueryWorkflowResponse): void;
  reject(error: Error): void;
}

export function settleQuery(query: PendingQuery, result: temporal.api.query.v1.IWorkflowQueryResult): void {
  if (result.resultType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
    query.resolve({ queryResult: result.answer ?? null });
    return;
  }
  const failure = api.errordetails.v1.QueryFailedFailure.encode({ failure: result.failure }).finish();
  query.reject(
    new ServiceError(status.INVALID_ARGUMENT, result.errorMessage || 'query failed', [
      { typeUrl: 'type.googleapis.com/temporal.api.errordetails.v1.QueryFailedFailure', value: failure },
    ])
  );
}

export function query(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IQueryWorkflowRequest,
  cancelled: AbortSignal
): Promise<temporal.api.workflowservice.v1.IQueryWorkflowResponse> {
  const execution = host.findExecution(request.namespace ?? '', request.execution);
  const queryType = requireString(request.query?.queryType, 'query.queryType');
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const pending: PendingQuery = {
      id,
      query: { queryType, queryArgs: request.query?.queryArgs, header: request.query?.header },
      state: 'waiting',
      resolve: (result) => {
        execution.queries.delete(id);
        resolve(result);
      },
      reject: (error) => {
        execution.queries.delete(id);
        reject(error);
      },
    };
    execution.queries.set(id, pending);
    cancelled.addEventListener('abort', () => execution.queries.delete(id));
    const wt = execution.record.workflowTask;
    if (execution.record.status !== 'Running' || !wt) dispatchLegacyQuery(host, execution, pending);
    else if (wt.startedEventId === 0 && wt.sticky) {
      // Attach to the pending task; nothing else to do until a worker polls it.
    }
  });
}

export function dispatchLegacyQuery(host: EngineHost, execution: Execution, query: PendingQuery): void {
  query.state = 'dispatched';
  const { record } = execution;
  host.matching.offer(
    host.matching.queue('workflow', record.namespace, record.taskQueue),
    { kind: 'query', key: keyOf(record), queryId: query.id },
    (task, poller) => host.startWorkflowTask(task, poller, record.taskQueue)
  );
}

export function startQueryTask(host: EngineHost, execution: Execution, queryId: string): object | null {
  const query = execution.queries.get(queryId);
  if (!query) return null;
  const { record } = execution;
  const last = execution.history.length;
  const page = host.historyPage(execution, 1, last);
  return {
    taskToken: encodeToken({ k: 'q', n: record.namespace, w: record.workflowId, r: record.runId, q: queryId }),
    workflowExecution: { workflowId: record.workflowId, runId: record.runId },
    workflowType: { name: record.workflowType },
    previousStartedEventId: record.lastCompletedStartedEventId,
    startedEventId: record.lastCompletedStartedEventId,
    attempt: 1,
    history: { events: page.events },
    nextPageToken: page.nextPageToken,
    query: query.query,
    workflowExecutionTaskQueue: { name: record.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: timestamp(host.now()),
    startedTime: timestamp(host.now()),
  };
}

export function respondQueryTaskCompleted(
  host: EngineHost,
  request: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest
): void {
  const token = decodeToken(request.taskToken);
  if (token.k !== 'q' || !token.q) throw invalidArgument('taskToken is not a query task token');
  const execution = host.executions.get(executionKey(token.n, token.w, token.r));
  const query = execution?.queries.get(token.q);
  if (!query) throw notFound('query not found');
  settleQuery(query, {
    resultType: request.completedType,
    answer: request.queryResult,
    errorMessage: request.errorMessage,
    failure: request.failure,
  });
}

export function answerQueries(
  host: EngineHost,
  execution: Execution,
  results: Record<string, temporal.api.query.v1.IWorkflowQueryResult>
): void {
  for (const [id, result] of Object.entries(results)) {
    const query = execution.queries.get(id);
    if (query) settleQuery(query, result);
  }
}
