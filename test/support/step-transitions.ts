import type { WorkflowHandle } from '@temporalio/client';
import {
  approveUpdate,
  changeParameterUpdate,
  commentUpdate,
  processStateQuery,
  returnForReworkUpdate,
  startStepUpdate,
  submitUpdate,
} from '../../workflows/process.messages';

const step = { nodeId: 'do-task' };

/** Waits (in real time) until the delegation's step is open for its assignee. */
export async function stepOpen(handle: WorkflowHandle): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const state = await handle.query(processStateQuery).catch(() => undefined);
    if (state?.steps['do-task']?.phase === 'open') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the step never opened');
}

/** Round 1 of a delegation: started, commented on, submitted, returned with a comment; then a parameter changes. */
export async function firstRound(handle: WorkflowHandle): Promise<void> {
  await stepOpen(handle);
  await handle.executeUpdate(startStepUpdate, { args: [{ ...step, actor: 'anna' }] });
  await handle.executeUpdate(commentUpdate, { args: [{ ...step, actor: 'anna', text: 'on it' }] });
  await handle.executeUpdate(submitUpdate, {
    args: [{ ...step, actor: 'anna', values: { result: 'draft 1' }, checklist: ['brief-read', 'time-logged'] }],
  });
  await handle.executeUpdate(returnForReworkUpdate, { args: [{ ...step, actor: 'boss', comment: 'fix it' }] });
  await handle.executeUpdate(changeParameterUpdate, { args: [{ name: 'brief', value: 'shorter', actor: 'boss' }] });
}

/** Round 2: started, submitted and approved, which completes the process. */
export async function secondRound(handle: WorkflowHandle): Promise<void> {
  await handle.executeUpdate(startStepUpdate, { args: [{ ...step, actor: 'anna' }] });
  await handle.executeUpdate(submitUpdate, {
    args: [{ ...step, actor: 'anna', values: { result: 'draft 2' }, checklist: ['brief-read', 'time-logged'] }],
  });
  await handle.executeUpdate(approveUpdate, { args: [{ ...step, actor: 'boss' }] });
}
