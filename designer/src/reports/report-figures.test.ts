import { describe, expect, it } from 'vitest';
import { completedByAssignee, hoursByPerson, periodFigures, type ReportRow } from './report-figures';

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

  it('sums the hours logged per assistant and per client across reports, most first', () => {
    const week = (start: string, data: Record<string, unknown>): ReportRow => ({
      id: start,
      period: 'weekly',
      periodStart: start,
      data: { label: start, counts: {}, ...data },
    });
    const reports = [
      week('2026-11-09', {
        timeByAssistant: [
          { person: 'anna', minutes: 90 },
          { person: 'bob', minutes: 30 },
        ],
        timeByClient: [{ person: 'client-1', minutes: 120 }],
      }),
      week('2026-11-16', {
        timeByAssistant: [{ person: 'bob', minutes: 150 }, { person: 42 }],
        timeByClient: [
          { person: 'client-2', minutes: 100 },
          { person: 'client-1', minutes: 50 },
        ],
      }),
      week('2026-11-02', {}), // made before the breakdown existed
    ];
    expect(hoursByPerson(reports, 'timeByAssistant')).toEqual([
      { person: 'bob', hours: 3 },
      { person: 'anna', hours: 1.5 },
    ]);
    expect(hoursByPerson(reports, 'timeByClient')).toEqual([
      { person: 'client-1', hours: 2.8 },
      { person: 'client-2', hours: 1.7 },
    ]);
    expect(hoursByPerson([], 'timeByClient')).toEqual([]);
  });
});
