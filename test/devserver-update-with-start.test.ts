import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { finish, setLabel } from '../devserver/test-support/conformance.workflows';
import { startHarness } from '../devserver/test-support/harness';
import { devserverStorages, dropPreparedDatabases } from './support/devserver-storages';

// Update-with-start through the real SDK (`executeUpdateWithStart`), on both storages: a new run started with the
// update, the update applied to the running one (USE_EXISTING), refused with FAIL, answered again for a finished
// update id, a new run after the first closed; each history replays.

afterAll(dropPreparedDatabases);

const EventType = temporal.api.enums.v1.EventType;

describe.each(devserverStorages)('devserver update-with-start, $name storage', ({ prepare }) => {
  it('starts with the update, reuses the running run, refuses a conflict and replays', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const taskQueue = `uws-${randomUUID()}`;
      const workflowId = `uws-${randomUUID()}`;
      const operation = (conflict: 'USE_EXISTING' | 'FAIL') =>
        new WithStartWorkflowOperation('updatable', {
          workflowId,
          taskQueue,
          workflowIdConflictPolicy: conflict,
        });
      await h.withWorker(taskQueue, async () => {
        // No run yet: one starts, and the update is its first work.
        const first = operation('USE_EXISTING');
        const label = await h.client.workflow.executeUpdateWithStart(setLabel, {
          args: ['blue'],
          updateId: 'paint-1',
          startWorkflowOperation: first,
        });
        expect(label).toBe('label=blue');
        const handle = await first.workflowHandle();
        const { runId } = await handle.describe();
        // Running: USE_EXISTING puts the update on the same run.
        const second = operation('USE_EXISTING');
        expect(
          await h.client.workflow.executeUpdateWithStart(setLabel, {
            args: ['green'],
            updateId: 'paint-2',
            startWorkflowOperation: second,
          })
        ).toBe('label=green');
        expect((await (await second.workflowHandle()).describe()).runId).toBe(runId);
        // The same update id again answers with its first outcome, not a second update.
        expect(
          await h.client.workflow.executeUpdateWithStart(setLabel, {
            args: ['red'],
            updateId: 'paint-1',
            startWorkflowOperation: operation('USE_EXISTING'),
          })
        ).toBe('label=blue');
        // FAIL while running: the start is refused as already started, and the update never runs.
        const refused = operation('FAIL');
        await expect(
          h.client.workflow.executeUpdateWithStart(setLabel, {
            args: ['black'],
            updateId: 'paint-3',
            startWorkflowOperation: refused,
          })
        ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
        await expect(refused.workflowHandle()).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
        await handle.signal(finish);
        expect(await handle.result()).toBe('green');

        const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const completed = (history.events ?? []).filter(
          (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED
        );
        expect(completed).toHaveLength(2);
        await Worker.runReplayHistory({ workflowBundle: h.workflowBundle }, history, workflowId);

        // Closed: the next update-with-start begins a new run.
        const third = operation('USE_EXISTING');
        expect(
          await h.client.workflow.executeUpdateWithStart(setLabel, {
            args: ['white'],
            updateId: 'paint-4',
            startWorkflowOperation: third,
          })
        ).toBe('label=white');
        const next = await third.workflowHandle();
        expect((await next.describe()).runId).not.toBe(runId);
        await next.signal(finish);
        expect(await next.result()).toBe('white');
      });
    } finally {
      await h.close();
    }
  }, 120_000);

  it('refuses what the server refuses, naming the operation', async () => {
    const h = await startHarness((await prepare()).open());
    try {
      const workflowId = `uws-bad-${randomUUID()}`;
      const start = {
        namespace: 'default',
        workflowId,
        workflowType: { name: 'updatable' },
        taskQueue: { name: 'nowhere' },
        requestId: randomUUID(),
        workflowIdConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
      };
      const update = {
        namespace: 'default',
        workflowExecution: { workflowId },
        request: { meta: { updateId: 'u' }, input: { name: 'setLabel' } },
      };
      const refusal = (operations: object[]) =>
        h.client.workflowService.executeMultiOperation({ namespace: 'default', operations }).then(
          () => 'accepted',
          (error: { code: number; details: string }) => `${error.code} ${error.details}`
        );
      expect(await refusal([{ startWorkflow: start }])).toBe(
        `${status.INVALID_ARGUMENT} expected exactly 2 operations`
      );
      expect(
        await refusal([{ startWorkflow: { ...start, cronSchedule: '@hourly' } }, { updateWorkflow: update }])
      ).toBe(
        `${status.INVALID_ARGUMENT} MultiOperation could not be executed: Start failed: CronSchedule is not allowed.`
      );
      expect(
        await refusal([
          { startWorkflow: start },
          { updateWorkflow: { ...update, workflowExecution: { workflowId: 'another' } } },
        ])
      ).toBe(
        `${status.INVALID_ARGUMENT} MultiOperation could not be executed: Update failed: WorkflowId is not consistent with previous operation(s).`
      );
      // Nothing was started by the refused requests.
      expect(h.server.engine.currentRun('default', workflowId)).toBeUndefined();
    } finally {
      await h.close();
    }
  }, 60_000);
});
