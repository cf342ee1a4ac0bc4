import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { ServiceError } from '../errors';
import { api } from '../proto';

// Queries in flight: waiting for a workflow task, attached to one, or dispatched as a legacy query task.

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
