import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/deadline-working-time');
const DESKTOP = { width: 1440, height: 900 };

/**
 * The deadline builder's example shows a due date outside working time moved to the next working time, and why;
 * the "any day" switch keeps it where it is and writes `any day` in the text form. In English and in Polish.
 */
describe.skipIf(!existsSync(CHROMIUM))('deadlines in working time in the designer', () => {
  let server: BatonServer;
  let browser: Browser;
  let manager: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    manager = await server.addUser('manager', 'Maria Nowak');
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('shows the move of a deadline after hours and lets it opt out', async () => {
    const pages: Page[] = [];
    const errors: string[] = [];
    const open = async (language: 'en' | 'pl') => {
      const context = await personContext(browser, DESKTOP);
      await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      pages.push(page);
      await signIn(page, server.url, manager);
      await speak(page, language);
      await page.goto(`${server.url}/templates`);
      await page.getByTestId('template-new').click();
      await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
      await page.getByTestId('node-start').waitFor({ timeout: 30_000 });
      await page.getByTestId('palette-task').click();
      await page.getByTestId('node-task-1').waitFor();
      await page.getByTestId('prop-due-add').click();
      // 23:00 is after closing on any day: the example moves it to the next opening.
      await page.getByTestId('prop-due-text').fill('start + 1d @23:00');
      await page.getByTestId('prop-due-text').press('Tab');
      return page;
    };
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    try {
      const page = await open('en');
      const example = page.getByTestId('prop-due-example');
      await sees(example, 'to the next working time', 'Example: due');
      await expect.poll(() => example.innerText()).toMatch(/moved from .+ \((outside working hours|weekend|.+)\)/);
      await example.scrollIntoViewIfNeeded();
      await shot(page, '01-moved-en');
      await page.getByTestId('prop-due-any-day').click({ force: true });
      await expect.poll(() => page.getByTestId('prop-due-text').inputValue()).toBe('start + 1d @23:00 any day');
      await expect.poll(() => example.innerText()).not.toContain('next working time');
      await shot(page, '02-any-day-en');

      const polish = await open('pl');
      const przyklad = polish.getByTestId('prop-due-example');
      await sees(przyklad, 'na najbliższy czas pracy');
      await sees(polish.getByTestId('prop-due'), 'Termin także poza czasem pracy');
      await przyklad.scrollIntoViewIfNeeded();
      await shot(polish, '03-moved-pl');
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `failure-${index}`);
      throw error;
    }
    expect(errors).toEqual([]);
  }, 600_000);
});
