import {
  ApplicationFailure,
  sleep,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { IANAZone } from 'luxon';
import type * as activities from '../../worker/activities';
import { isTimeOfDay } from '../calendar/time-of-day';
import { nextReport } from './report-periods';
import { REPORT_PERIODS, reportScheduleQuery, type ReportInput, type ReportPeriod } from './report.messages';

export type { ReportInput } from './report.messages';

type Activities = ReturnType<typeof activities.createActivities>;

const act = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes' });

/** What a run hands the next: reports are generated for periods ending after `cursor`. */
export interface ReportCarry {
  cursor: string;
  generated: number;
}

/**
 * One workflow per recipient (id `report-<recipient>`): sleeps until the next daily, weekly or monthly report is
 * due, has an activity build, store and send it, and continues as new after each, so its history stays short.
 */
export async function reportWorkflow(input: ReportInput & { carry?: ReportCarry }): Promise<never> {
  const timeOfDay = input.timeOfDay ?? '08:00';
  const periods = [...new Set(input.periods)];
  if (!isTimeOfDay(timeOfDay)) {
    throw ApplicationFailure.nonRetryable(`timeOfDay ${timeOfDay} is not HH:mm`, 'InvalidReport');
  }
  if (!IANAZone.isValidZone(input.timeZone)) {
    throw ApplicationFailure.nonRetryable(`${input.timeZone} is not an IANA time zone`, 'InvalidReport');
  }
  if (periods.length === 0 || periods.some((period: ReportPeriod) => !REPORT_PERIODS.includes(period))) {
    throw ApplicationFailure.nonRetryable('periods must name daily, weekly or monthly at least once', 'InvalidReport');
  }
  const carry: ReportCarry = input.carry ?? { cursor: new Date().toISOString(), generated: 0 };
  const schedule = () =>
    periods
      .map((period) => nextReport(period, new Date(carry.cursor), input.timeZone, timeOfDay))
      .sort((a, b) => a.at.localeCompare(b.at));
  setHandler(reportScheduleQuery, schedule);

  const due = schedule();
  const first = due[0];
  if (!first) throw new Error('no report is scheduled');
  const wait = new Date(first.at).getTime() - Date.now();
  if (wait > 0) await sleep(wait);
  // Every report due at the same moment (a Monday that is also the 1st) is generated in this run.
  for (const report of due.filter((entry) => entry.at === first.at)) {
    await act.generateReport({
      workflowId: workflowInfo().workflowId,
      recipient: input.recipient,
      role: input.role,
      period: report.period,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      label: report.label,
    });
    carry.generated += 1;
  }
  return continueAsNew<typeof reportWorkflow>({ ...input, carry: { cursor: first.at, generated: carry.generated } });
}
