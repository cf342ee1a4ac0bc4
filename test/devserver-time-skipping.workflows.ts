// Workflows for the time-skipping test: bundled on their own, so only @temporalio/workflow is imported here.
import { sleep } from '@temporalio/workflow';

export interface DailySleepResult {
  /** Workflow time (Date.now() inside the workflow) at start and at the end, in ms since the epoch. */
  startedAt: number;
  endedAt: number;
  /** Workflow time after each daily timer fired. */
  wakes: number[];
}

/** Sleeps through `days` daily timers, one after another, noting the workflow time at each wake. */
export async function dailySleeper(days: number): Promise<DailySleepResult> {
  const startedAt = Date.now();
  const wakes: number[] = [];
  for (let day = 0; day < days; day++) {
    await sleep('1 day');
    wakes.push(Date.now());
  }
  return { startedAt, endedAt: Date.now(), wakes };
}
