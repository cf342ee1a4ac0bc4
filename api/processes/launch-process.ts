import { createHash } from 'node:crypto';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type pg from 'pg';
import type { ProcessInput, processWorkflow } from '../../workflows/process.workflow';
import { callTemporal, type TemporalDeps } from '../lib/temporal';
import type { PublishedVersion } from './process-input';

/** A uuid-shaped id fixed by who asked and their Idempotency-Key. */
export function idFromKey(userId: string, key: string): string {
  const hex = createHash('sha256').update(`${userId}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A failure to connect: the request never reached Temporal, so nothing was started. */
function neverReached(error: unknown): boolean {
  const grpc = isGrpcServiceError(error) ? error : error instanceof ServiceError ? error.cause : undefined;
  if (isGrpcServiceError(grpc) && grpc.code === 14) return true;
  return error instanceof Error && /Failed to connect|ECONNREFUSED/i.test(error.message);
}

/** True only when Temporal says the workflow does not exist (asked with a short deadline). */
async function workflowAbsent(temporal: TemporalDeps, workflowId: string): Promise<boolean> {
  try {
    await temporal.client.withDeadline(Date.now() + 2000, () =>
      temporal.client.workflow.getHandle(workflowId).describe()
    );
    return false;
  } catch (error) {
    return error instanceof WorkflowNotFoundError;
  }
}

/**
 * Records the process row and starts its workflow under `workflowId`: 'existing' when that workflow was already
 * started (a retry with the same key, a repeated delivery). The row comes first, so a workflow Baton started is never
 * without it (a crash right after the start would leave a workflow the API cannot see, its activities failing for
 * want of the row); it goes again when the workflow surely does not exist.
 */
export async function launchProcess(
  pool: pg.Pool,
  temporal: TemporalDeps,
  start: {
    workflowId: string;
    published: PublishedVersion;
    input: ProcessInput;
    starter: string;
    params: Record<string, unknown>;
    owner?: string | undefined;
    receivedAt?: string | undefined;
  }
): Promise<'started' | 'existing'> {
  const { workflowId, published, input, owner, receivedAt } = start;
  await pool.query(
    `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, params, status,
                            started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', COALESCE($8::timestamptz, now()), now())
     ON CONFLICT (workflow_id) DO NOTHING`,
    [
      workflowId,
      published.templateId,
      published.version,
      published.name,
      start.starter,
      owner ?? null,
      JSON.stringify(start.params),
      receivedAt ?? null,
    ]
  );
  try {
    await temporal.client.workflow.start<typeof processWorkflow>('processWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId,
      args: [{ ...input, ...(owner !== undefined && { owner }), ...(receivedAt !== undefined && { receivedAt }) }],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'existing';
    // The row goes when the workflow surely does not exist: the call never reached Temporal, or Temporal says so.
    if (neverReached(error) || (await workflowAbsent(temporal, workflowId)))
      await pool.query('DELETE FROM processes WHERE workflow_id = $1', [workflowId]);
    await callTemporal(() => Promise.reject(error)); // the same answer as every other Temporal failure
    throw error;
  }
  return 'started';
}
