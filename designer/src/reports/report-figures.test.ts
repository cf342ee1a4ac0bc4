import { describe, expect, it } from 'vitest';
import { completedByAssignee, periodFigures, type ReportRow } from './report-figures';

const report = (start: string, counts: Record<string, number>, completed: { assignee: string }[] = []): ReportRow => ({
  id: start,
  period: 'weekly',
  periodStart: start,
  data: { label: start, counts, completed },
});

describe('report figures', () => {
  it('computes the on-time rate, hours and escalations per period, oldest first', () => {
    const figures = periodFigures([
      report('2026-11-16', { completedSteps: 8, missedDeadlines: 2, minutesSpent: 150, escalations: 1 }),
      report('2026-11-09', { completedSteps: 0, missedDeadlines: 0, minutesSpent: 0, escalations: 0 }),
    ]);
    expect(figures.map((figure) => figure.label)).toEqual(['2026-11-09', '2026-11-16']);
    expect(figures[0]?.onTimeRate).toBeUndefined();
    expect(figures[1]).toEqual({
      label: '2026-11-16',
      completed: 8,
      missed: 2,
      onTimeRate: 75,
      hoursSpent: 2.5,
      escalations: 1,
    });
  });

  it('counts completed steps per assignee across reports', () => {
    expect(
      completedByAssignee([
        report('a', {}, [{ assignee: 'ann' }, { assignee: 'bob' }, { assignee: 'ann' }]),
        report('b', {}, [{ assignee: 'bob' }, { assignee: 'ann' }]),
      ])
    ).toEqual([
      { assignee: 'ann', completed: 3 },
      { assignee: 'bob', completed: 2 },
    ]);
  });
});
