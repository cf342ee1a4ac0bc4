import { describe, expect, it } from 'vitest';
import { pickTemplateCalendar } from './template-calendar';

const calendar = (id: string, country: string) => ({ id, name: id, timeZone: 'Europe/Moscow', country });

describe('the calendar the timeline computes on', () => {
  const teams = [
    { id: 'team-pl', calendar: calendar('warsaw', 'PL') },
    { id: 'team-ru', calendar: calendar('moscow', 'RU') },
    { id: 'team-none', calendar: null },
  ];

  it('is the reader’s team calendar, as a process they start would run on', () => {
    expect(pickTemplateCalendar(teams, 'team-ru', 'warsaw')?.id).toBe('moscow');
  });

  it('is the calendar the template names when the reader’s team has none', () => {
    expect(pickTemplateCalendar(teams, 'team-none', 'moscow')?.country).toBe('RU');
    expect(pickTemplateCalendar(teams, null, 'warsaw')?.country).toBe('PL');
  });

  it('is none (the example calendar) when no team has one', () => {
    expect(pickTemplateCalendar(teams, null, '')).toBeUndefined();
    expect(pickTemplateCalendar(teams, 'team-none', 'berlin')).toBeUndefined();
  });
});
