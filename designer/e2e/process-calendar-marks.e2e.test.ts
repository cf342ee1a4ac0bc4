import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, nonBusinessReason } from '../../workflows/calendar';
import { resolveCalendarContext } from '../../workflows/calendar/holidays';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/process-calendar-marks');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const calendar = (id: string, name: string, timeZone: string, country: string) => ({
  id,
  name,
  timeZone,
  country,
  weekendDays: [6, 7],
  companyDaysOff: [],
  extraWorkingDays: [],
  workingHours: { start: '09:00', end: '17:00' },
});
const MOSCOW = calendar('moscow', 'Moscow office', 'Europe/Moscow', 'RU');
const WARSAW = calendar('warsaw', 'Warsaw office', 'Europe/Warsaw', 'PL');

/**
 * The next weekday, a few days ahead, that is a day off in Russia (a holiday or a day off moved by decree) and a
 * working day in Poland, with its Russian reason in English and Polish.
 */
function russianDayOff(): { date: string; en: string; pl: string } {
  const from = DateTime.now().setZone('Europe/Moscow').plus({ days: 4 }).startOf('day');
  const years = { from: from.year - 1, to: from.year + 2 };
  const ru = (language: string) =>
    resolveCalendarContext(BusinessCalendarSchema.parse(MOSCOW), years.from, years.to, { language });
  const pl = resolveCalendarContext(BusinessCalendarSchema.parse(WARSAW), years.from, years.to);
  const [en, polish] = [ru('en'), ru('pl')];
  for (let day = from; day < from.plus({ months: 8 }); day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? '';
    const off = nonBusinessReason(en, date);
    if (day.weekday <= 5 && off?.reason === 'publicHoliday' && !nonBusinessReason(pl, date))
      return { date, en: off.name ?? '', pl: nonBusinessReason(polish, date)?.name ?? '' };
  }
  throw new Error('no Russian weekday off within eight months');
}

/**
 * A Polish assistant's step in a process started on the Moscow team's calendar, due on a Russian day off that is a
 * Polish working day: the inbox, the step and the process page mark it with the Russian reason, the calendar it was
 * computed on, not the reader's. Desktop in English, phone in Polish.
 */
describe.skipIf(!existsSync(CHROMIUM))('day-off marks on the calendar a date was computed on', () => {
  let server: BatonServer;
  let browser: Browser;
  let olga: TestPerson;
  let processId: string;
  let templateId: string;
  const dayOff = russianDayOff();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    const team = async (name: string, body: object) => {
      const response = await server.adminFetch('/api/teams', {
        method: 'POST',
        body: JSON.stringify({ name, calendar: body }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const moscow = await team('Moscow office', MOSCOW);
    const warsaw = await team('Warsaw office', WARSAW);
    olga = await server.addUser('assistant', 'Olga Biuro');
    const me = (await (await server.adminFetch('/api/auth/me')).json()) as { id: string };
    // The admin starts the process, so it runs on the admin's (Moscow) team calendar; Olga works in Warsaw.
    for (const [id, teamId] of [
      [me.id, moscow],
      [olga.id, warsaw],
    ] as const) {
      const patched = await server.adminFetch(`/api/users/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ teamId }),
      });
      expect(patched.status).toBe(200);
    }
    const draft = {
      ...delegationCycleTemplate,
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.type === 'task' ? { ...node, data: { ...node.data, due: `${dayOff.date}T12:00 any day` } } : node
      ),
    };
    templateId = await server.publishTemplate('Moscow delivery', draft);
    processId = await server.startProcess(templateId, {
      params: { assistant: olga.id, taskTitle: 'Take the delivery' },
    });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('marks the Russian day off for a Polish reader in the inbox, on the step and on the process page', async () => {
    const pages: Page[] = [];
    const errors: string[] = [];
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    try {
      for (const [viewport, language, reason, suffix] of [
        [DESKTOP, 'en', `Holiday: ${dayOff.en}`, 'desktop-en'],
        [PHONE, 'pl', `Święto: ${dayOff.pl}`, 'phone-pl'],
      ] as const) {
        const context = await personContext(browser, viewport);
        await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(String(error)));
        pages.push(page);
        await signIn(page, server.url, olga);
        await speak(page, language);
        const asked: string[] = [];
        page.on('request', (request) => asked.push(request.url()));
        await page.goto(`${server.url}/inbox`);
        const item = page.locator('[data-testid^=inbox-item-]').first();
        await item.waitFor({ timeout: 90_000 });
        await sees(item, reason);
        expect(await item.getByTestId('non-working-day').getAttribute('data-calendar')).toBe('moscow');
        // The inbox reads its processes' calendars in one request, not one per process.
        expect(asked.filter((url) => url.includes('/api/duties/non-working-days/by-process?')).length).toBeGreaterThan(
          0
        );
        expect(asked.filter((url) => /\/api\/duties\/non-working-days\?.*process=/.test(url))).toEqual([]);
        await shot(page, `01-inbox-${suffix}`);
        await item.click();
        const panel = page.getByTestId('step-panel');
        await sees(panel, reason);
        await panel.getByTestId('non-working-day').scrollIntoViewIfNeeded();
        await shot(page, `02-step-${suffix}`);
        await page.goto(`${server.url}/processes/${processId}`);
        await sees(page.getByTestId('non-working-day').first(), reason);
        await page.getByTestId('non-working-day').first().scrollIntoViewIfNeeded();
        await shot(page, `03-process-${suffix}`);
      }
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `failure-${index}`);
      throw error;
    }
    expect(errors).toEqual([]);
  }, 600_000);
  it('names every non-working day on the duty calendar, on the calendar the duty runs on', async () => {
    const me = (await (await server.adminFetch('/api/auth/me')).json()) as { id: string };
    // Owned by the admin (Moscow), done by Olga (Warsaw): it runs on the Moscow calendar.
    const created = await server.adminFetch('/api/duties', {
      method: 'POST',
      body: JSON.stringify({
        templateId,
        name: 'Weekly report',
        assignee: olga.id,
        assigneeParameter: 'assistant',
        params: { taskTitle: 'Send the report' },
        owner: me.id,
        schedule: {
          recurrence: { kind: 'weekly', days: [2] },
          timeOfDay: '10:00',
          timeZone: 'Europe/Moscow',
          startDate: DateTime.now().plus({ days: 1 }).toISODate(),
        },
      }),
    });
    expect(created.status).toBe(201);
    const duty = ((await created.json()) as { id: string }).id;
    const errors: string[] = [];
    const pages: Page[] = [];
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    const monthStart = DateTime.now().setZone('Europe/Moscow').startOf('month');
    let saturday = monthStart;
    while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
    try {
      for (const [viewport, language, holiday, weekend, suffix] of [
        [DESKTOP, 'en', `Holiday: ${dayOff.en}`, 'Weekend (Saturday)', 'desktop-en'],
        [PHONE, 'pl', `Święto: ${dayOff.pl}`, 'Weekend (sobota)', 'phone-pl'],
      ] as const) {
        const context = await personContext(browser, viewport);
        await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(String(error)));
        pages.push(page);
        await signIn(page, server.url, olga);
        await speak(page, language);
        await page.goto(`${server.url}/duties`);
        await page.getByTestId(`duty-people-${duty}`).waitFor();
        const weekendDay = page.getByTestId(`day-off-${saturday.toISODate()}`).first();
        await expect.poll(() => weekendDay.getAttribute('title'), { timeout: 30_000 }).toBe(weekend);
        // Turn the months until the Russian day off shows (it lies up to eight months ahead).
        const marked = page.getByTestId(`day-off-${dayOff.date}`).first();
        for (let turn = 0; turn < 9 && (await marked.count()) === 0; turn += 1)
          await page.locator('button[data-direction="next"]').first().click();
        await expect.poll(() => marked.getAttribute('title'), { timeout: 30_000 }).toBe(holiday);
        expect(await marked.getAttribute('data-reason')).toBe('publicHoliday');
        await marked.click();
        await sees(page.getByTestId('selected-day-off').first(), holiday);
        await shot(page, `04-duties-${suffix}`);
      }
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `duty-failure-${index}`);
      throw error;
    }
    expect(errors).toEqual([]);
  }, 600_000);
});
