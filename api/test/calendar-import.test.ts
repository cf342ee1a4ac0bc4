import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIcs } from '../routes/calendar-import';
import { addUser, bearer, createHarness, type Harness, type TestUser } from './harness';

const ICS = [
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261228',
  'DTEND;VALUE=DATE:20261231',
  'SUMMARY:Office closed',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260101',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:New Year',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const CALENDAR = {
  id: 'warsaw',
  name: 'Warsaw',
  timeZone: 'Europe/Warsaw',
  country: 'PL',
  weekendDays: [6, 7],
  companyDaysOff: ['2026-12-29'],
  extraWorkingDays: [],
  workingHours: { start: '09:00', end: '17:00' },
  weekdayHours: [{ weekday: 5, start: '09:00', end: '15:00' }],
};

// A loopback server: the feed, a huge file, a 404 and an address that never answers.
let server: Server;
let base: string;
let h: Harness;
let admin: TestUser;
let manager: TestUser;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/days-off.ics') response.end(ICS);
    else if (request.url === '/huge.ics') {
      response.write('BEGIN:VCALENDAR\r\n');
      response.end('X'.repeat(2_000_000));
    } else if (request.url === '/silent.ics') {
      // Never answers; the client gives up.
    } else {
      response.statusCode = 404;
      response.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await createHarness();
  admin = await addUser(h.pool, 'admin', 'admin');
  manager = await addUser(h.pool, 'manager', 'manager');
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await h?.close();
});

const preview = (user: TestUser, body: unknown) =>
  h.app.request('/api/teams/calendar-import/preview', {
    method: 'POST',
    headers: { ...bearer(user), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('importing days off from an iCalendar file or address', () => {
  it('previews the days an uploaded file or a URL adds, keeping the calendar’s other settings', async () => {
    for (const source of [{ ics: ICS }, { url: `${base}/days-off.ics` }]) {
      const response = await preview(admin, { calendar: CALENDAR, ...source });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        added: { date: string }[];
        alreadyOff: { date: string }[];
        skipped: { summary: string; reason: string }[];
        calendar: typeof CALENDAR;
      };
      expect(body.added.map((day) => day.date)).toEqual(['2026-12-28', '2026-12-30']);
      expect(body.alreadyOff.map((day) => day.date)).toEqual(['2026-12-29']);
      expect(body.skipped).toEqual([{ summary: 'New Year', reason: 'recurring' }]);
      // Each imported day keeps its event's name as its reason (the day already off gets it too, having none).
      expect(body.calendar).toEqual({
        ...CALENDAR,
        companyDaysOff: ['2026-12-28', '2026-12-29', '2026-12-30'],
        companyDayNames: {
          '2026-12-28': 'Office closed',
          '2026-12-29': 'Office closed',
          '2026-12-30': 'Office closed',
        },
      });
    }
    // Saved on a team, the names stay, and the days off say them.
    const team = await h.pool.query<{ id: string }>("INSERT INTO teams (name) VALUES ('Importers') RETURNING id");
    const imported = (await (await preview(admin, { calendar: CALENDAR, ics: ICS })).json()) as {
      calendar: typeof CALENDAR;
    };
    const saved = await h.app.request(`/api/teams/${team.rows[0]!.id}`, {
      method: 'PATCH',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ calendar: imported.calendar }),
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { calendar: { companyDayNames?: unknown } }).calendar.companyDayNames).toEqual({
      '2026-12-28': 'Office closed',
      '2026-12-29': 'Office closed',
      '2026-12-30': 'Office closed',
    });
    await h.pool.query('UPDATE users SET team_id = $1 WHERE id = $2', [team.rows[0]!.id, admin.id]);
    const days = await h.app.request('/api/duties/non-working-days?from=2026-12-28&to=2026-12-28&language=pl', {
      headers: bearer(admin),
    });
    expect(((await days.json()) as { days: unknown[] }).days).toEqual([
      { date: '2026-12-28', reason: 'companyDayOff', name: 'Office closed' },
    ]);
    expect((await preview(manager, { calendar: CALENDAR, ics: ICS })).status).toBe(403);
    // Each refusal says why with a key of the shared catalog, so the admin reads it in their language.
    const refused = async (body: Record<string, unknown>) => {
      const response = await preview(admin, { calendar: CALENDAR, ...body });
      expect(response.status).toBe(422);
      return ((await response.json()) as { code?: string; params?: unknown }).code;
    };
    expect(await refused({ ics: '<html></html>' })).toBe('notACalendar');
    expect(await refused({ url: 'file:///etc/passwd' })).toBe('calendarAddressScheme');
    expect(await refused({ url: 'ftp://127.0.0.1/days-off.ics' })).toBe('calendarAddressScheme');
    expect(await refused({})).toBeUndefined();
    expect(await refused({ url: `${base}/missing.ics` })).toBe('calendarAddressAnswered');
  });

  it('fetches only http(s), gives up past the size limit or the timeout', async () => {
    await expect(fetchIcs(`${base}/days-off.ics`)).resolves.toBe(ICS);
    await expect(fetchIcs(`${base}/huge.ics`)).rejects.toThrow(/too large/);
    await expect(fetchIcs(`${base}/silent.ics`, { timeoutMs: 300 })).rejects.toThrow(/did not answer in time/);
    await expect(fetchIcs('ftp://127.0.0.1/days-off.ics')).rejects.toThrow(/Only http and https/);
  });
});
