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
  it('marks a process’s and a duty’s dates on the calendar they were computed on, not the reader’s', async () => {
    // A Russian team's process owned by the Polish manager, and a Russian-owned duty the Polish assistant does.
    const ru = await h.pool.query<{ id: string }>(
      "INSERT INTO teams (name, calendar) VALUES ('Moscow', $1) RETURNING id",
      [JSON.stringify({ id: 'ru-office', name: 'Moscow office', timeZone: 'Europe/Moscow', country: 'RU' })]
    );
    const moscow = await addUser(h.pool, 'assistant', 'moscow-assistant', ru.rows[0]!.id);
    await h.pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, status)
       VALUES ('process-ru-1', 'no-template', 1, 'Visa', $1, $2, 'running')`,
      [moscow.id, manager.id]
    );
    await h.pool.query(
      `INSERT INTO duties (id, workflow_id, template_id, template_version, name, recurrence, schedule, time_zone,
                           assignee, owner)
       VALUES ('duty-ru-1', 'duty-duty-ru-1', 'no-template', 1, 'Report', '{}', '{}', 'Europe/Moscow', $1, $2)`,
      [assistant.id, moscow.id]
    );
    type Days = {
      calendarId: string;
      calendarName: string;
      timeZone: string;
      days: { date: string; reason: string }[];
    };
    const read = async (user: TestUser, extra: string) => {
      const response = await h.app.request(
        `/api/duties/non-working-days?from=2025-11-01&to=2025-11-04&language=en${extra}`,
        { headers: bearer(user) }
      );
      return { status: response.status, body: (await response.json()) as Days };
    };
    const own = await read(manager, '');
    expect(own.body.calendarId).toBe('pl-office');
    // Poland: All Saints' Day on Saturday 1 November, the Sunday; Monday 3 and Tuesday 4 are working days.
    expect(own.body.days.map((day) => day.date)).toEqual(['2025-11-01', '2025-11-02']);
    for (const asked of ['&process=process-ru-1', '&duty=duty-ru-1']) {
      const russian = asked.includes('process') ? await read(manager, asked) : await read(assistant, asked);
      expect(russian.status).toBe(200);
      expect(russian.body).toMatchObject({
        calendarId: 'ru-office',
        calendarName: 'Moscow office',
        timeZone: 'Europe/Moscow',
      });
      // Russia 2025: Saturday 1 November is worked by decree, 3 November is off in its place, 4 November is Unity Day.
      expect(russian.body.days.map((day) => [day.date, day.reason])).toEqual([
        ['2025-11-02', 'weekend'],
        ['2025-11-03', 'publicHoliday'],
        ['2025-11-04', 'publicHoliday'],
      ]);
    }
    // A reader who may not see the process or the duty learns nothing of its calendar.
    const stranger = await addUser(h.pool, 'assistant', 'stranger');
    expect((await read(stranger, '&process=process-ru-1')).status).toBe(403);
    expect((await read(stranger, '&duty=duty-ru-1')).status).toBe(403);
    expect((await read(manager, '&process=nobody')).status).toBe(404);

    // The duty calendar's days-off list reads the duty's calendar too, its holidays named in the reader's language.
    const daysOff = await h.app.request(
      '/api/duties/days-off?from=2025-11-01&to=2025-11-04&language=pl&duty=duty-ru-1',
      {
        headers: bearer(assistant),
      }
    );
    expect(daysOff.status).toBe(200);
    expect(await daysOff.json()).toEqual([
      { date: '2025-11-03', reason: 'publicHoliday', name: 'Dzień wolny przeniesiony z 1 listopada' },
      { date: '2025-11-04', reason: 'publicHoliday', name: 'Dzień Jedności Narodowej' },
    ]);
    const hidden = await h.app.request('/api/duties/days-off?from=2025-11-01&to=2025-11-04&duty=duty-ru-1', {
      headers: bearer(stranger),
    });
    expect(hidden.status).toBe(403);

    // An inbox marks the dates of many processes with one request: each calendar once, with the processes on it.
    await h.pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, owner, status)
       VALUES ('process-ru-2', 'no-template', 1, 'Visa', $1, $2, 'running'),
              ('process-pl-1', 'no-template', 1, 'Lease', $2, $2, 'running')`,
      [moscow.id, manager.id]
    );
    const batch = async (user: TestUser, processes: string) =>
      h.app.request(
        `/api/duties/non-working-days/by-process?from=2025-11-01&to=2025-11-04&language=pl&processes=${processes}`,
        { headers: bearer(user) }
      );
    const both = await batch(manager, 'process-ru-1,process-pl-1,process-ru-2,process-ru-1');
    expect(both.status).toBe(200);
    const { calendars } = (await both.json()) as {
      calendars: (Omit<Days, 'days'> & {
        processes: string[];
        days: { date: string; reason: string; name?: string }[];
      })[];
    };
    expect(calendars.map((calendar) => [calendar.calendarId, calendar.processes])).toEqual([
      ['ru-office', ['process-ru-1', 'process-ru-2']],
      ['pl-office', ['process-pl-1']],
    ]);
    expect(calendars[0]?.days.find((day) => day.date === '2025-11-04')?.name).toBe('Dzień Jedności Narodowej');
    expect(calendars[1]?.days.map((day) => day.date)).toEqual(['2025-11-01', '2025-11-02']);
    // One process the caller may not see refuses the whole request; none, or too many, is a 422.
    expect((await batch(stranger, 'process-ru-1')).status).toBe(403);
    expect((await batch(manager, ',')).status).toBe(422);
    const many = Array.from({ length: 101 }, (_, index) => `p-${index}`).join(',');
    expect((await batch(manager, many)).status).toBe(422);
  });
});
