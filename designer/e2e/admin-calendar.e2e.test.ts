import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/admin-calendar');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

interface Team {
  id: string;
  name: string;
  calendar: Record<string, unknown> | null;
}

const MOSCOW = {
  id: 'moscow',
  name: 'Moscow office',
  timeZone: 'Europe/Moscow',
  country: 'RU',
  weekendDays: [6, 7],
  companyDaysOff: ['2026-12-30'],
  extraWorkingDays: ['2027-01-16'],
  workingHours: { start: '09:00', end: '18:00' },
};

/**
 * The admin edits team calendars: company days off and extra working days are listed and kept by a save, working
 * hours change, a region (England) is chosen, and the year view says why each day is off; in English on a desktop
 * and in Polish on a phone.
 */
describe.skipIf(!existsSync(CHROMIUM))('the admin calendar form in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let admin: TestPerson;
  let moscowTeam: string;
  let londonTeam: string;

  const team = async (id: string) =>
    ((await (await server.adminFetch('/api/teams')).json()) as Team[]).find((one) => one.id === id)!;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    admin = await server.addUser('admin', 'Alicja Wiśniewska');
    for (const [name, calendar] of [
      ['Moscow office', MOSCOW],
      ['London office', null],
    ] as const) {
      const created = await server.adminFetch('/api/teams', {
        method: 'POST',
        body: JSON.stringify({ name, calendar }),
      });
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      if (calendar) moscowTeam = id;
      else londonTeam = id;
    }
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('keeps company days off and extra working days through saves, in English and in Polish', async () => {
    const pageErrors: string[] = [];
    const pages: Page[] = [];
    const open = async (viewport: typeof DESKTOP, language: 'en' | 'pl') => {
      const context = await personContext(browser, viewport);
      await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      pages.push(page);
      await signIn(page, server.url, admin);
      await speak(page, language);
      await page.goto(`${server.url}/admin`);
      await page.getByRole('tab').nth(2).click();
      return page;
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    try {
      // Desktop, English: the Moscow calendar shows what it has; work ends at 17:00 and 15 January 2027 is added.
      const page = await open(DESKTOP, 'en');
      const moscow = page.getByTestId('calendar-editor-moscow');
      await sees(moscow.getByTestId('calendar-days-off'), 'December 30, 2026');
      await sees(moscow.getByTestId('calendar-working-days'), 'January 16, 2027');
      // The year view: Russian transfers by name, the company day off, from the data the server will use.
      await moscow.getByTestId('calendar-year-toggle').click();
      await sees(moscow.getByTestId('calendar-year'), 'Day off moved from 3 January', 'Company day off');
      await moscow.getByLabel('Work ends').fill('17:00');
      // Friday gets its own hours: a row starting from the usual ones, its end changed to 15:00.
      await sees(moscow.getByTestId('calendar-weekday-hours'), 'Every working day has the hours above.');
      await moscow.getByTestId('weekday-hours-add').click();
      const friday = moscow.getByTestId('weekday-hours-5');
      expect(await friday.getByLabel('Weekday').inputValue()).toBe('Friday');
      expect(await friday.getByLabel('Work starts').inputValue()).toBe('09:00');
      await friday.getByLabel('Work ends').fill('15:00');
      await moscow.getByLabel('Company days off: Add a day').click();
      const next = page.locator('[data-direction=next]:visible').first();
      await next.waitFor({ timeout: 10_000 });
      const day = page.getByRole('button', { name: '15 January 2027', exact: true });
      while ((await day.count()) === 0) await next.click();
      await day.click();
      await sees(moscow.getByTestId('calendar-days-off'), 'January 15, 2027');
      await expect.poll(() => page.locator('.mantine-Popover-dropdown:visible').count()).toBe(0);
      await moscow.scrollIntoViewIfNeeded();
      await shot(page, '01-moscow-desktop-en');
      await moscow.getByTestId('calendar-save').click();
      await page.getByText('Saved').first().waitFor({ timeout: 30_000 });
      expect((await team(moscowTeam)).calendar).toEqual({
        ...MOSCOW,
        companyDaysOff: ['2026-12-30', '2027-01-15'],
        workingHours: { start: '09:00', end: '17:00' },
        weekdayHours: [{ weekday: 5, start: '09:00', end: '15:00' }],
      });

      // London: England's bank holidays need the region; the year view then lists the August bank holiday.
      const london = page.getByTestId('calendar-editor-london-office');
      await london.getByTestId('calendar-country').click();
      await page.getByRole('option', { name: 'United Kingdom (GB)' }).click();
      await london.getByTestId('calendar-region').click();
      await page.getByRole('option', { name: 'England (GB-ENG)' }).click();
      await london.getByTestId('calendar-year-toggle').click();
      await sees(london.getByTestId('calendar-year'), 'Summer bank holiday');
      await london.getByText('Summer bank holiday').scrollIntoViewIfNeeded();
      await london.getByTestId('calendar-save').click();
      await expect
        .poll(async () => (await team(londonTeam)).calendar, { timeout: 30_000 })
        .toMatchObject({ country: 'GB', region: 'ENG', companyDaysOff: [], extraWorkingDays: [] });
      expect((await team(londonTeam)).calendar).not.toHaveProperty('weekdayHours');
      await shot(page, '02-london-desktop-en');

      // Phone, Polish: 15 January is removed again; the rest stays as the desktop left it.
      const phone = await open(PHONE, 'pl');
      const phoneMoscow = phone.getByTestId('calendar-editor-moscow');
      const daysOff = phoneMoscow.getByTestId('calendar-days-off');
      await sees(daysOff, '15 stycznia 2027', '30 grudnia 2026');
      await phoneMoscow.getByTestId('calendar-year-toggle').click();
      await sees(
        phoneMoscow.getByTestId('calendar-year'),
        'Dzień wolny przeniesiony z 3 stycznia',
        'Dzień wolny w firmie'
      );
      const phoneFriday = phoneMoscow.getByTestId('weekday-hours-5');
      expect(await phoneFriday.getByLabel('Dzień tygodnia').inputValue()).toBe('piątek');
      expect(await phoneFriday.getByLabel('Koniec pracy').inputValue()).toBe('15:00');
      await phoneFriday.scrollIntoViewIfNeeded();
      await shot(phone, '03a-moscow-phone-pl-friday');
      await daysOff.scrollIntoViewIfNeeded();
      await shot(phone, '03-moscow-phone-pl');
      await daysOff.getByRole('button', { name: /^Usuń .*2027/ }).click();
      await phoneMoscow.getByTestId('calendar-save').click();
      await phone.getByText('Zapisano').first().waitFor({ timeout: 30_000 });
      expect((await team(moscowTeam)).calendar).toEqual({
        ...MOSCOW,
        workingHours: { start: '09:00', end: '17:00' },
        weekdayHours: [{ weekday: 5, start: '09:00', end: '15:00' }],
      });
      await shot(phone, '04-moscow-phone-pl-saved');

      const polishDesktop = await open(DESKTOP, 'pl');
      const country = polishDesktop.getByTestId('calendar-editor-london-office').getByTestId('calendar-country');
      await expect.poll(() => country.inputValue(), { timeout: 30_000 }).toBe('Wielka Brytania (GB)');
      await shot(polishDesktop, '05-teams-desktop-pl');
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `failure-${index}`);
      throw error;
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
