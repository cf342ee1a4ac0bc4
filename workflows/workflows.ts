// The workflow bundle's entry point: every Temporal workflow Baton registers is exported from here.
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../worker/activities';

type Activities = ReturnType<typeof activities.createActivities>;

const { getInstanceId } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/**
 * Round trip through the whole stack (Temporal service, worker, activity, Postgres): used by `npm start`'s
 * self-check and by tests to prove that workflows run end to end.
 */
export async function selfCheckWorkflow(): Promise<{ instanceId: string }> {
  return { instanceId: await getInstanceId() };
}

export { processWorkflow } from './process.workflow';
export { dutyWorkflow } from './duty/duty.workflow';
export { reportWorkflow } from './report/report.workflow';
