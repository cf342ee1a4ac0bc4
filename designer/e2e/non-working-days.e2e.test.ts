import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/non-working-days');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * A step due on a day off (a deadline that says `any day`) is marked with the reason wherever its due date shows:
 * the inbox, the step and the process page, in the reader's language; the admin's year view shows twelve months
 * with every non-working day shaded and named. Desktop in English, phone in Polish.
 */
describe.skipIf(!existsSync(CHROMIUM))('non-working days beside dates in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let olga: TestPerson;
  let admin: TestPerson;
  let processId: string;
  // The next Saturday, well inside the year the web app asks about.
  const saturday = DateTime.now().setZone('Europe/Warsaw').plus({ days: 2 }).startOf('week').plus({ days: 12 });

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    const teamResponse = await server.adminFetch('/api/teams', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Warsaw office',
        calendar: {
          id: 'warsaw',
          name: 'Warsaw office',
          timeZone: 'Europe/Warsaw',
          country: 'PL',
          weekendDays: [6, 7],
          companyDaysOff: [],
          extraWorkingDays: [],
          workingHours: { start: '09:00', end: '17:00' },
        },
      }),
    });
    expect(teamResponse.status).toBe(201);
    const team = (await teamResponse.json()) as { id: string };
    admin = await server.addUser('admin', 'Alicja Wiśniewska');
    olga = await server.addUser('assistant', 'Olga Biuro');
    for (const person of [admin, olga]) {
      const patched = await server.adminFetch(`/api/users/${person.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ teamId: team.id }),
      });
      expect(patched.status).toBe(200);
    }
    const draft = {
      ...delegationCycleTemplate,
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.type === 'task' ? { ...node, data: { ...node.data, due: `${saturday.toISODate()}T12:00 any day` } } : node
      ),
    };
    const templateId = await server.publishTemplate('Weekend delivery', draft);
    processId = await server.startProcess(templateId, {
      params: { assistant: olga.id, taskTitle: 'Take the delivery' },
    });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('marks the due date in the inbox, on the step and the process page, and shades the admin’s year', async () => {
    const pages: Page[] = [];
    const errors: string[] = [];
    const open = async (viewport: typeof DESKTOP, language: 'en' | 'pl', person: TestPerson) => {
      const context = await personContext(browser, viewport);
      await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      pages.push(page);
      await signIn(page, server.url, person);
      await speak(page, language);
      return page;
    };
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    try {
      for (const [viewport, language, weekend, suffix] of [
        [DESKTOP, 'en', 'Weekend (Saturday)', 'desktop-en'],
        [PHONE, 'pl', 'Weekend (sobota)', 'phone-pl'],
      ] as const) {
        const page = await open(viewport, language, olga);
        await page.goto(`${server.url}/inbox`);
        const item = page.locator('[data-testid^=inbox-item-]').first();
        await item.waitFor({ timeout: 90_000 });
        await sees(item, weekend);
        await shot(page, `01-inbox-${suffix}`);
        await item.click();
        const panel = page.getByTestId('step-panel');
        await sees(panel, weekend);
        await panel.getByTestId('non-working-day').scrollIntoViewIfNeeded();
        await shot(page, `02-step-${suffix}`);
        await page.goto(`${server.url}/processes/${processId}`);
        await sees(page.getByTestId('non-working-day').first(), weekend);
        await page.getByTestId('non-working-day').first().scrollIntoViewIfNeeded();
        await shot(page, `03-process-${suffix}`);
      }

      for (const [viewport, language, christmas, suffix] of [
        [DESKTOP, 'en', 'Holiday: Christmas Day', 'desktop-en'],
        [PHONE, 'pl', 'Święto: Pierwszy dzień Bożego Narodzenia', 'phone-pl'],
      ] as const) {
        const page = await open(viewport, language, admin);
        await page.goto(`${server.url}/admin`);
        await page.getByRole('tab').nth(2).click();
        const editor = page.getByTestId('calendar-editor-warsaw');
        await editor.getByTestId('calendar-year-toggle').click();
        const grid = editor.getByTestId('calendar-year-grid');
        await grid.waitFor({ timeout: 30_000 });
        const year = new Date().getFullYear();
        expect(await grid.getByTestId(`year-day-${year}-12-25`).getAttribute('title')).toBe(christmas);
        expect(await grid.getByTestId(`year-day-${year}-12-25`).getAttribute('data-reason')).toBe('publicHoliday');
        await grid.scrollIntoViewIfNeeded();
        await shot(page, `04-year-grid-${suffix}`);
        // Importing an .ics file: the preview lists the days it adds; applying puts them on the form.
        await editor.getByTestId('ics-import-open').click();
        await page.locator('input[type=file]').setInputFiles({
          name: 'days-off.ics',
          mimeType: 'text/calendar',
          buffer: Buffer.from(
            'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261228\r\nDTEND;VALUE=DATE:20261230\r\nSUMMARY:Inventory\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
          ),
        });
        await page.getByTestId('ics-import-preview').click();
        await sees(page.getByTestId('ics-import-result'), 'Inventory');
        await shot(page, `05-ics-preview-${suffix}`);
        await page.getByTestId('ics-import-apply').click();
        await expect.poll(() => editor.getByTestId('calendar-days-off').innerText()).toMatch(/28.*\n?.*29|29/s);
        await editor.getByTestId('calendar-days-off').scrollIntoViewIfNeeded();
        await shot(page, `06-ics-applied-${suffix}`);
      }
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `failure-${index}`);
      throw error;
    }
    expect(errors).toEqual([]);
  }, 600_000);
});
