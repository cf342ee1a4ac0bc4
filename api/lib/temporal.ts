import {
  ApplicationFailure,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type ConnectionOptions,
} from '@temporalio/client';
import { isRefusalKey, type Refusal, type RefusalKey } from '../../workflows/i18n/refusals';
import { ApiError } from './api-error';

/** The Temporal client the API starts, updates, queries and cancels workflows with. */
export interface TemporalDeps {
  client: Client;
  /** The task queue the worker polls: every workflow the API starts goes there. */
  taskQueue: string;
}

/**
 * Connection settings for the API's Temporal client. With Temporal down, a call fails after 3 quick attempts (well
 * under 2 s) instead of the SDK's default 10 with backoff (about 20 s), so routes answer 503 at once; reconnects are
 * tried at least every 2 s, so service resumes soon after Temporal is back.
 */
export const API_CONNECTION_OPTIONS = {
  interceptors: [
    makeGrpcRetryInterceptor(
      defaultGrpcRetryOptions({ maxAttempts: 3, initialIntervalMs: () => 100, maxIntervalMs: () => 400 })
    ),
  ],
  channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 2000 },
} satisfies Partial<ConnectionOptions>;

const UNAVAILABLE = () =>
  new ApiError(503, 'Service unavailable', {
    detail: 'The Temporal service is unreachable; retry shortly.',
    code: 'processesUnreachable',
    headers: { 'Retry-After': '5' },
  });

export function requireTemporal(temporal: TemporalDeps | undefined): TemporalDeps {
  if (!temporal)
    throw new ApiError(503, 'Service unavailable', {
      detail: 'No Temporal service is configured (set TEMPORAL_ADDRESS); processes cannot run.',
      code: 'processesNotConfigured',
      headers: { 'Retry-After': '30' },
    });
  return temporal;
}

// gRPC status codes that mean "the service is not there right now" rather than "the request is wrong".
const UNAVAILABLE_GRPC = new Set([4, 8, 14]);

/**
 * The rejection of a step action: `StepRejectedError` thrown by the workflow's update validator, with its English
 * message and, from processes that send it, the refusal's key and parameters (workflows/i18n/refusals.ts).
 */
function rejectionOf(error: WorkflowUpdateFailedError): { message: string; refusal?: Refusal } {
  let cause: unknown = error.cause;
  let message = error.message;
  let refusal: Refusal | undefined;
  while (cause instanceof Error) {
    message = cause.message;
    if (cause instanceof ApplicationFailure) refusal ??= asRefusal(cause.details?.[0]);
    cause = cause.cause;
  }
  return refusal ? { message, refusal } : { message };
}

function asRefusal(value: unknown): Refusal | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (!isRefusalKey(key)) return undefined;
  return typeof params === 'object' && params !== null ? { key, params: params as Refusal['params'] } : { key };
}

/** Refusals that say the caller is not the person the step belongs to (403 rather than 409). */
const NOT_YOURS = new Set<RefusalKey>(['notAssignee', 'notReviewer', 'notAssigneeOrReviewer']);
/** The same said in the English of processes started before refusals had keys. */
const NOT_YOURS_TEXT = /is not the (assignee|reviewer|assignee or reviewer) of step/;

/**
 * Runs a Temporal call and turns its failures into problem answers: a rejected update is 409 (or 403 when the step
 * is not the caller's), with the refusal's `code` and `params` beside the English `detail`; a missing workflow 404,
 * an unreachable service 503 with Retry-After.
 */
export async function callTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const { message, refusal } = rejectionOf(error);
      const extra = { detail: message, ...(refusal ? { code: refusal.key, params: refusal.params ?? {} } : {}) };
      if (refusal ? NOT_YOURS.has(refusal.key) : NOT_YOURS_TEXT.test(message))
        throw new ApiError(403, 'Not your step', extra);
      throw new ApiError(409, 'The step does not allow this now', extra);
    }
    if (error instanceof WorkflowNotFoundError)
      throw new ApiError(409, 'The process is not running', {
        detail: 'The process has already ended.',
        code: 'processNotRunning',
        params: {},
      });
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw UNAVAILABLE();
    if (isGrpcServiceError(error) && UNAVAILABLE_GRPC.has(error.code)) throw UNAVAILABLE();
    if (error instanceof ServiceError) {
      const cause = error.cause;
      if (isGrpcServiceError(cause) && UNAVAILABLE_GRPC.has(cause.code)) throw UNAVAILABLE();
    }
    if (error instanceof Error && /Failed to connect|ECONNREFUSED|UNAVAILABLE/i.test(error.message))
      throw UNAVAILABLE();
    throw error;
  }
}
