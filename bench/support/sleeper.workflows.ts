// The trivial bundle of bench/worker-memory.ts: one workflow that sleeps, and only @temporalio/workflow.
import { sleep } from '@temporalio/workflow';

/** Sleeps for a month: a process waiting on a deadline, as the worker's cache sees it. */
export async function sleeperWorkflow(): Promise<void> {
  await sleep('30 days');
}
