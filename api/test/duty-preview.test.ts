import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, createHarness, json, type Harness, type TestUser } from './harness';

// Previewing a schedule before a duty is saved: the same rules as the duty workflow, on the team's calendar.
let h: Harness;
let manager: TestUser;
let assistant: TestUser;

beforeAll(async () => {
  h = await createHarness();
  const calendar = {
    id: 'pl-office',
    name: 'Warsaw office',
    timeZone: 'Europe/Warsaw',
    country: 'PL',
    companyDaysOff: ['2027-01-04'],
  };
  const team = await h.pool.query<{ id: string }>(
    "INSERT INTO teams (name, calendar) VALUES ('Office', $1) RETURNING id",
    [JSON.stringify(calendar)]
  );
  manager = await addUser(h.pool, 'manager', 'manager', team.rows[0]!.id);
  assistant = await addUser(h.pool, 'assistant', 'assistant', team.rows[0]!.id);
});

afterAll(async () => {
  await h?.close();
});

const preview = (user: TestUser, body: unknown) =>
  h.app.request('/api/duties/preview', json('POST', body, bearer(user)));

describe('duty schedule preview', () => {
  it('lists the next occurrences of the last business day at 17:00 with each move explained', async () => {
    const response = await preview(manager, {
      schedule: {
        recurrence: { kind: 'lastBusinessDayOfMonth' },
        timeOfDay: '17:00',
        timeZone: 'Europe/Warsaw',
        startDate: '2027-01-01',
      },
      count: 12,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      occurrences: { date: string; at: string }[];
      daysOff: { date: string; reason: string; name?: string }[];
    };
    expect(body.occurrences).toHaveLength(12);
    // January 2027 ends on a Sunday: the last business day is Friday 29 January, 17:00 in Warsaw.
    expect(body.occurrences[0]).toMatchObject({ date: '2027-01-29', at: '2027-01-29T16:00:00.000Z' });
    expect(body.daysOff).toContainEqual({ date: '2027-01-04', reason: 'companyDayOff' });
    expect(body.daysOff).toContainEqual(expect.objectContaining({ date: '2027-01-06', reason: 'publicHoliday' }));
  });

  it('explains a monthly date that falls on a holiday and moves', async () => {
    const response = await preview(manager, {
      schedule: {
        recurrence: { kind: 'monthly', day: 11 },
        timeZone: 'Europe/Warsaw',
        startDate: '2027-11-01',
        nonBusinessDay: 'nextBusinessDay',
      },
      count: 1,
    });
    const [first] = ((await response.json()) as { occurrences: { date: string; moved: boolean; reason?: string }[] })
      .occurrences;
    expect(first).toMatchObject({ date: '2027-11-12', moved: true });
    expect(first?.reason).toMatch(/holiday/);
  });

  it('refuses rules the workflow cannot run, and is for staff', async () => {
    const bad = await preview(manager, {
      schedule: {
        recurrence: { kind: 'rrule', rule: 'FREQ=SECONDLY' },
        timeZone: 'Europe/Warsaw',
        startDate: '2027-01-01',
      },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('schedule.recurrence.rule');
    const zone = await preview(manager, {
      schedule: { recurrence: { kind: 'daily' }, timeZone: 'Mars/Olympus', startDate: '2027-01-01' },
    });
    expect(zone.status).toBe(422);
    const refused = await preview(assistant, {
      schedule: { recurrence: { kind: 'daily' }, timeZone: 'Europe/Warsaw', startDate: '2027-01-01' },
    });
    expect(refused.status).toBe(403);
  });

  it('lists the days off of the caller’s calendar for the duty calendar', async () => {
    const response = await h.app.request('/api/duties/days-off?from=2026-12-20&to=2027-01-10', {
      headers: bearer(assistant),
    });
    expect(response.status).toBe(200);
    const days = (await response.json()) as { date: string }[];
    // Saturday 26 December is a weekend day, left to the calendar's own shading.
    expect(days.map((day) => day.date)).toEqual(['2026-12-24', '2026-12-25', '2027-01-01', '2027-01-04', '2027-01-06']);
    const tooLong = await h.app.request('/api/duties/days-off?from=2026-01-01&to=2028-01-01', {
      headers: bearer(assistant),
    });
    expect(tooLong.status).toBe(422);
  });

  it('lists every non-working day of the caller’s calendar with its reason, holiday names in the asked language', async () => {
    const response = await h.app.request('/api/duties/non-working-days?from=2026-12-24&to=2026-12-28&language=en', {
      headers: bearer(assistant),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      timeZone: string;
      days: { date: string; reason: string; name?: string }[];
    };
    expect(body.days.map((day) => [day.date, day.reason])).toEqual([
      ['2026-12-24', 'publicHoliday'],
      ['2026-12-25', 'publicHoliday'],
      ['2026-12-26', 'weekend'],
      ['2026-12-27', 'weekend'],
    ]);
    expect(body.days[1]?.name).toBe('Christmas Day');
    const polish = await h.app.request('/api/duties/non-working-days?from=2026-12-25&to=2026-12-25&language=pl', {
      headers: bearer(assistant),
    });
    expect(((await polish.json()) as typeof body).days[0]?.name).toBe('Pierwszy dzień Bożego Narodzenia');
    const tooLong = await h.app.request('/api/duties/non-working-days?from=2026-01-01&to=2028-01-01', {
      headers: bearer(assistant),
    });
    expect(tooLong.status).toBe(422);
  });
});
