// The messages and input of a recipient's report workflow (workflow id `report-<recipient>`), shared with the API.
import { defineQuery } from '@temporalio/workflow';

export type ReportPeriod = 'daily' | 'weekly' | 'monthly';
export const REPORT_PERIODS: readonly ReportPeriod[] = ['daily', 'weekly', 'monthly'];

export interface ReportInput {
  /** User id of the manager or observer (client) the summaries are for. */
  recipient: string;
  /** A manager's reports cover processes they started or review; an observer's, the processes they own or started. */
  role: 'manager' | 'observer';
  periods: ReportPeriod[];
  /** IANA zone the days, weeks (Monday first) and months are counted in. */
  timeZone: string;
  /** When a report is sent, on the first day after its period (default 08:00). */
  timeOfDay?: string;
}

/** One report to come: the period it covers and when it is generated. */
export interface ScheduledReport {
  period: ReportPeriod;
  periodStart: string;
  periodEnd: string;
  /** The period in the recipient's words: `2026-11-22`, `2026-W47` or `2026-11`. */
  label: string;
  at: string;
}

/** The counts of a report; `reports.data` holds them with the lists behind them. */
export interface ReportCounts {
  completedSteps: number;
  minutesSpent: number;
  missedDeadlines: number;
  escalations: number;
  risksRaised: number;
  openRisks: number;
}

/** The next report of each period the workflow will generate. */
export const reportScheduleQuery = defineQuery<ScheduledReport[]>('reportSchedule');
