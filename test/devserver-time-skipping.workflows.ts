// Workflows for the time-skipping test: bundled on their own, so only @temporalio/workflow is imported here.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

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

/** Activities the race workflows call; the test registers them on its worker. */
export interface RaceActivities {
  /** Calls env.sleep('2 days') inside the activity, then returns. */
  sleepsTwoDaysInTest(): Promise<string>;
  /** Takes 300 ms of real time. */
  takesAMoment(): Promise<string>;
}

export interface RaceResult {
  /** 'timer' and 'activity' in the order the workflow saw them finish. */
  seen: string[];
  /** Workflow time at start, when the timer fired, and at the end, in ms since the epoch. */
  startedAt: number;
  timerAt: number;
  endedAt: number;
}

/** Races a timer of `timer` against the activity `activity`, waits for both, and notes which finished first. */
export async function timerRacesActivity(timer: Duration, activity: keyof RaceActivities): Promise<RaceResult> {
  const activities = proxyActivities<RaceActivities>({ startToCloseTimeout: '3 days' });
  const startedAt = Date.now();
  let timerAt = 0;
  const seen: string[] = [];
  await Promise.all([
    sleep(timer).then(() => {
      timerAt = Date.now();
      seen.push('timer');
    }),
    activities[activity]().then(() => {
      seen.push('activity');
    }),
  ]);
  return { seen, startedAt, timerAt, endedAt: Date.now() };
}
