import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { sha256 } from './crypto';
import type { TemporalDeps } from './temporal';

/** How long a retry waits for Temporal to tell whether its earlier attempt's update is known. */
const LOOKUP_DEADLINE_MS = 5_000;
/** How long the check that Temporal answers at all may take before a step action is sent. */
const REACHABLE_DEADLINE_MS = 1_500;

/**
 * The workflow update id of a step action sent with an `Idempotency-Key`: the same caller, key and step give the same
 * id, so a retry after a lost answer is deduplicated by Temporal, which returns the first attempt's outcome instead of
 * applying the action twice or refusing it as already done. Without a key every attempt gets its own id.
 */
export function stepActionUpdateId(userId: string, key: string | undefined, path: string): string | undefined {
  return updateIdFromKey('step-action', userId, key, path);
}

/** The same for any other workflow update the API sends (a duty's pause or schedule, a process's parameter). */
export function updateIdFromKey(
  kind: string,
  userId: string,
  key: string | undefined,
  path: string
): string | undefined {
  if (key === undefined) return undefined;
  return `${kind}-${sha256(`${userId}\n${key}\n${path}`)}`;
}

/**
 * How long after Temporal last answered the API that it is taken to answer still, without asking again: under a
 * stream of step actions each would otherwise cost one more round trip. Should Temporal have gone away within this
 * window, the action's own call fails and its answer is 202 (outcome unknown) rather than 503, which is still true.
 */
export const REACHABLE_FRESH_MS = 1_000;
/** When each Temporal client last had an answer from Temporal (performance.now()). */
const lastAnswered = new WeakMap<object, number>();

/** Notes that Temporal just answered this client (a step action's update came back, whatever its outcome). */
export function markReachable(temporal: TemporalDeps): void {
  lastAnswered.set(temporal.client, performance.now());
}

/**
 * Asks Temporal whether Temporal answers before a step action goes out: a failure here means nothing was sent, so the
 * caller may answer 503 ("not applied, retry"). Throws what the call threw. Answers at once when Temporal answered
 * within the last {@link REACHABLE_FRESH_MS}.
 */
export async function assertReachable(temporal: TemporalDeps): Promise<void> {
  const last = lastAnswered.get(temporal.client);
  if (last !== undefined && performance.now() - last < REACHABLE_FRESH_MS) return;
  await temporal.client.withDeadline(Date.now() + REACHABLE_DEADLINE_MS, () =>
    temporal.client.workflowService.getSystemInfo({})
  );
  markReachable(temporal);
}

// gRPC codes after which a sent request may or may not have been applied: it left, its answer did not come back.
const UNKNOWN_GRPC = new Set([1, 2, 4, 8, 13, 14]);

/**
 * True when a step action's update failed in a way that leaves its outcome unknown: it was sent (or may have been)
 * and no answer came back (deadline, cancellation on shutdown, a connection lost after sending). A refusal, a missing
 * workflow or a bug is known and is not this.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) return false;
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcServiceError(error)) return UNKNOWN_GRPC.has(error.code);
  if (error instanceof ServiceError) {
    const cause = error.cause;
    return isGrpcServiceError(cause) && UNKNOWN_GRPC.has(cause.code);
  }
  return error instanceof Error && /Failed to connect|ECONNREFUSED|ECONNRESET|UNAVAILABLE/i.test(error.message);
}

/**
 * Whether the update with this id already completed successfully on the process (an earlier attempt of the same
 * request whose answer was lost): true, false when Temporal does not know it or it was refused. Errors reaching
 * Temporal are thrown (the caller turns them into 503: this request applied nothing).
 */
export async function updateSucceeded(temporal: TemporalDeps, workflowId: string, updateId: string): Promise<boolean> {
  try {
    await temporal.client.withDeadline(Date.now() + LOOKUP_DEADLINE_MS, () =>
      temporal.client.workflow.getHandle(workflowId).getUpdateHandle(updateId).result()
    );
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) return false;
    throw error;
  }
}

/** A lookup that ran out of time: Temporal knows the update but it has not finished yet. */
export function lookupTimedOut(error: unknown): boolean {
  return error instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
}
