/** The figures the reports page draws, read from stored reports (worker/report.activities.ts ReportData). */
export interface ReportRow {
  id: string;
  period: string;
  periodStart: string;
  data: Record<string, unknown>;
}

export interface PeriodFigures {
  label: string;
  completed: number;
  missed: number;
  /** Share of completed steps done by their deadline, 0-100; undefined with nothing completed. */
  onTimeRate: number | undefined;
  hoursSpent: number;
  escalations: number;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function periodFigures(reports: readonly ReportRow[]): PeriodFigures[] {
  return [...reports]
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
    .map((report) => {
      const counts = (report.data.counts ?? {}) as Record<string, unknown>;
      const completed = count(counts.completedSteps);
      const missed = count(counts.missedDeadlines);
      return {
        label: typeof report.data.label === 'string' ? report.data.label : report.periodStart.slice(0, 10),
        completed,
        missed,
        onTimeRate: completed > 0 ? Math.round((Math.max(0, completed - missed) / completed) * 1000) / 10 : undefined,
        hoursSpent: Math.round((count(counts.minutesSpent) / 60) * 10) / 10,
        escalations: count(counts.escalations),
      };
    });
}

/** Completed steps per assignee over the given reports, most first. */
export function completedByAssignee(reports: readonly ReportRow[]): { assignee: string; completed: number }[] {
  const totals = new Map<string, number>();
  for (const report of reports) {
    const completed = Array.isArray(report.data.completed) ? (report.data.completed as unknown[]) : [];
    for (const line of completed) {
      const assignee = (line as { assignee?: unknown }).assignee;
      if (typeof assignee === 'string') totals.set(assignee, (totals.get(assignee) ?? 0) + 1);
    }
  }
  return [...totals]
    .map(([assignee, completed]) => ({ assignee, completed }))
    .sort((a, b) => b.completed - a.completed);
}

export type TimeBreakdown = 'timeByAssistant' | 'timeByClient';

/**
 * Hours logged per person over the given reports (per assistant, or per client: the process owner, else its
 * starter), most first. Reports made before the breakdown existed add nothing.
 */
export function hoursByPerson(
  reports: readonly ReportRow[],
  breakdown: TimeBreakdown
): { person: string; hours: number }[] {
  const minutes = new Map<string, number>();
  for (const report of reports) {
    const lines = Array.isArray(report.data[breakdown]) ? (report.data[breakdown] as unknown[]) : [];
    for (const line of lines) {
      const { person, minutes: logged } = (line ?? {}) as { person?: unknown; minutes?: unknown };
      if (typeof person === 'string') minutes.set(person, (minutes.get(person) ?? 0) + count(logged));
    }
  }
  return [...minutes]
    .map(([person, total]) => ({ person, hours: Math.round((total / 60) * 10) / 10 }))
    .sort((a, b) => b.hours - a.hours || a.person.localeCompare(b.person));
}
