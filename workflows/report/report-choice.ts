// How often a person is sent their report: one period of their choosing, or none. Pure; shared by the API (the
// setting), the report activity (whether to send) and the web app (the choice shown).
import type { ReportPeriod } from './report.messages';

export const REPORT_CHOICES = ['daily', 'weekly', 'monthly', 'none'] as const;
export type ReportChoice = (typeof REPORT_CHOICES)[number];

/** Who receives reports at all: their report workflow summarises the processes they lead or own. */
export const receivesReports = (role: string): boolean => role === 'manager' || role === 'observer';

/** A person's period until they choose: a manager follows the week's work, a client (observer) the month's. */
export function defaultReportChoice(role: string): ReportChoice {
  if (role === 'manager') return 'weekly';
  if (role === 'observer') return 'monthly';
  return 'none';
}

/** The period a person's reports are sent at: their choice, else their role's default. */
export function reportChoiceOf(role: string, chosen: string | null | undefined): ReportChoice {
  if (!receivesReports(role)) return 'none';
  return (REPORT_CHOICES as readonly string[]).includes(chosen ?? '')
    ? (chosen as ReportChoice)
    : defaultReportChoice(role);
}

/** Whether a report of `period` is sent to a person who chose `choice`. */
export const sendsReport = (choice: ReportChoice, period: ReportPeriod): boolean => choice === period;
