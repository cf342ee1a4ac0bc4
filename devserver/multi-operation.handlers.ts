import { status } from '@grpc/grpc-js';
import type { temporal } from '@temporalio/proto';
import { executionStatus, type Engine, type Execution } from './engine/engine';
import { ServiceError, invalidArgument, requireString } from './errors';
import { api } from './proto';

// Update-with-start (`ExecuteMultiOperation` with [StartWorkflow, UpdateWorkflow]), with the server's semantics: an
// update already completed on the current run answers with its outcome; a running run takes the update when the start
// is a retry of its own, the update is already known to it, or the conflict policy is USE_EXISTING; otherwise a new
// run starts (id reuse and conflict policies as for a plain start) and the update is admitted to it. A failure names
// the operation that failed; the other is reported aborted (MultiOperationExecutionFailure details).

const enums = api.enums.v1;
const Stage = enums.UpdateWorkflowExecutionLifecycleStage;
const FAILURE_TYPE = 'type.googleapis.com/temporal.api.errordetails.v1.MultiOperationExecutionFailure';

type Outcome = ServiceError | 'aborted' | null;

function asServiceError(error: unknown): ServiceError {
  return error instanceof ServiceError
    ? error
    : new ServiceError(status.INTERNAL, error instanceof Error ? error.message : String(error));
}

function multiOperationError(start: Outcome, update: Outcome): ServiceError {
  const statuses = [start, update].map((outcome) =>
    outcome === 'aborted'
      ? { code: status.ABORTED, message: 'Operation was aborted.', details: [] }
      : outcome === null
        ? { code: status.OK, message: '', details: [] }
        : { code: outcome.code, message: outcome.message, details: outcome.details }
  );
  const failed = [start, update].find((outcome): outcome is ServiceError => outcome instanceof ServiceError);
  const reason =
    start instanceof ServiceError
      ? `Start failed: ${start.message}`
      : update instanceof ServiceError
        ? `Update failed: ${update.message}`
        : 'Reason unknown';
  const detail = api.errordetails.v1.MultiOperationExecutionFailure.encode({ statuses }).finish();
  return new ServiceError(failed?.code ?? status.ABORTED, `MultiOperation could not be executed: ${reason}`, [
    { typeUrl: FAILURE_TYPE, value: detail },
  ]);
}

/** The request's two operations, checked as the frontend checks them (each problem reported on its operation). */
function operationsOf(request: temporal.api.workflowservice.v1.IExecuteMultiOperationRequest): {
  start: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
  update: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest;
} {
  const operations = request.operations ?? [];
  if (operations.length !== 2) throw invalidArgument('expected exactly 2 operations');
  const start = operations[0]?.startWorkflow;
  const update = operations[1]?.updateWorkflow;
  if (!start) throw invalidArgument('expected first operation to be Start Workflow');
  if (!update) throw invalidArgument('expected second operation to be Update Workflow');
  const startProblem = (): string | null => {
    if (!start.workflowId) return 'WorkflowId is not set on request.';
    if (start.cronSchedule) return 'CronSchedule is not allowed.';
    if (start.requestEagerExecution) return 'RequestEagerExecution is not supported.';
    if (start.workflowStartDelay && (Number(start.workflowStartDelay.seconds) || start.workflowStartDelay.nanos))
      return 'WorkflowStartDelay is not supported.';
    if (!start.workflowIdConflictPolicy) return 'WorkflowIdConflictPolicy must be set.';
    return null;
  };
  const updateProblem = (): string | null => {
    if (update.workflowExecution?.workflowId !== start.workflowId)
      return 'WorkflowId is not consistent with previous operation(s).';
    if (update.workflowExecution?.runId) return 'RunId is not allowed.';
    if (update.firstExecutionRunId) return 'FirstExecutionRunId is not allowed.';
    if (!update.request?.meta?.updateId) return 'UpdateId is not set on request.';
    return null;
  };
  const startInvalid = startProblem();
  if (startInvalid) throw multiOperationError(invalidArgument(startInvalid), 'aborted');
  const updateInvalid = updateProblem();
  if (updateInvalid) throw multiOperationError('aborted', invalidArgument(updateInvalid));
  if (request.namespace && start.namespace && start.namespace !== request.namespace)
    throw multiOperationError(invalidArgument('Namespace is not consistent with the request.'), 'aborted');
  return { start: { ...start, namespace: request.namespace }, update: { ...update, namespace: request.namespace } };
}

export function multiOperationHandlers(engine: Engine) {
  const respond = (
    execution: Execution,
    started: boolean,
    updateId: string,
    outcome: { stage: number; outcome: temporal.api.update.v1.IOutcome | null }
  ) => ({
    responses: [
      { startWorkflow: { runId: execution.record.runId, started, status: executionStatus(execution) } },
      {
        updateWorkflow: {
          updateRef: {
            workflowExecution: { workflowId: execution.record.workflowId, runId: execution.record.runId },
            updateId,
          },
          outcome: outcome.outcome,
          stage: outcome.stage,
        },
      },
    ],
  });

  return {
    ExecuteMultiOperation: async (
      request: temporal.api.workflowservice.v1.IExecuteMultiOperationRequest,
      cancelled: AbortSignal
    ): Promise<object> => {
      const namespace = engine.namespace(requireString(request.namespace, 'namespace')).name;
      const { start, update } = operationsOf(request);
      const workflowId = start.workflowId as string;
      const updateId = update.request?.meta?.updateId as string;
      const wanted = update.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      const updateOn = (execution: Execution) => ({
        ...update,
        workflowExecution: { workflowId, runId: execution.record.runId },
      });

      const current = engine.currentRun(namespace, workflowId);
      if (current) {
        const decided = await engine.withHistory(current, async () => {
          const known = engine.updateStage(current, updateId);
          if (known?.outcome) return respond(current, false, updateId, known);
          const running = current.record.status === 'Running';
          const reuse =
            running &&
            (current.record.requestIds.includes(start.requestId ?? '') ||
              known !== null ||
              start.workflowIdConflictPolicy ===
                enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
          if (!reuse) return null;
          try {
            engine.admitUpdate(updateOn(current));
          } catch (error) {
            await engine.flush();
            throw multiOperationError('aborted', asServiceError(error));
          }
          const reached = await engine.waitForUpdate(current, updateId, wanted, cancelled).catch((error: unknown) => {
            throw multiOperationError('aborted', asServiceError(error));
          });
          return respond(current, false, updateId, reached);
        });
        if (decided) return decided;
      }

      // No run to take the update: start one (the plain start's policies apply) and admit the update to it.
      let runId: string;
      let started: boolean;
      let refused: unknown;
      try {
        ({ runId, started } = engine.startWorkflow(start, undefined, undefined, (execution) => {
          try {
            engine.admitUpdate(updateOn(execution));
          } catch (error) {
            refused = error;
          }
        }));
      } catch (error) {
        await engine.flush();
        throw multiOperationError(asServiceError(error), 'aborted');
      }
      const execution = engine.findExecution(namespace, { workflowId, runId });
      // A retried start of the same run (same request id) took no callback: the update goes to it now.
      if (!refused && !engine.updateStage(execution, updateId)) {
        try {
          engine.admitUpdate(updateOn(execution));
        } catch (error) {
          refused = error;
        }
      }
      if (refused) {
        await engine.flush();
        throw multiOperationError(null, asServiceError(refused));
      }
      const reached = await engine
        .withHistory(execution, () => engine.waitForUpdate(execution, updateId, wanted, cancelled))
        .catch((error: unknown) => {
          throw multiOperationError(null, asServiceError(error));
        });
      return respond(execution, started, updateId, reached);
    },
  };
}
