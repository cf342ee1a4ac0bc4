import { describe, expect, it } from 'vitest';
import { nextReport } from './report-periods';

describe('report periods', () => {
  it('covers the previous day, ISO week and month in the zone, due at the time of day after it', () => {
    const after = new Date('2026-11-23T06:00:00Z'); // Monday 07:00 in Warsaw
    expect(nextReport('daily', after, 'Europe/Warsaw', '08:00')).toEqual({
      period: 'daily',
      periodStart: '2026-11-21T23:00:00.000Z',
      periodEnd: '2026-11-22T23:00:00.000Z',
      label: '2026-11-22',
      at: '2026-11-23T07:00:00.000Z',
    });
    expect(nextReport('weekly', after, 'Europe/Warsaw', '08:00')).toMatchObject({
      periodStart: '2026-11-15T23:00:00.000Z',
      label: '2026-W47',
      at: '2026-11-23T07:00:00.000Z',
    });
    expect(nextReport('monthly', after, 'Europe/Warsaw', '08:00')).toMatchObject({
      periodStart: '2026-10-31T23:00:00.000Z',
      periodEnd: '2026-11-30T23:00:00.000Z',
      label: '2026-11',
      at: '2026-12-01T07:00:00.000Z',
    });
  });

  it('moves on once a report is due, and keeps the wall-clock time across daylight saving', () => {
    const due = nextReport('daily', new Date('2026-11-23T07:00:00Z'), 'Europe/Warsaw', '08:00');
    expect(due.label).toBe('2026-11-23');
    // The month of March 2027 ends after the clocks went forward: 08:00 is 06:00 UTC on 1 April.
    const march = nextReport('monthly', new Date('2027-03-15T12:00:00Z'), 'Europe/Warsaw', '08:00');
    expect(march).toMatchObject({ label: '2027-03', at: '2027-04-01T06:00:00.000Z' });
    expect(march.periodStart).toBe('2027-02-28T23:00:00.000Z');
    expect(march.periodEnd).toBe('2027-03-31T22:00:00.000Z');
  });
});
