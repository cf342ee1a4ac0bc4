import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/manager-duty');

/** A manager schedules a monthly duty from the duties page, sees where each occurrence falls and why, pauses it. */
describe.skipIf(!existsSync(CHROMIUM))('a duty created, previewed and paused in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let manager: TestPerson;
  let weeklyId: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    manager = await server.addUser('manager', 'Maria Nowak');
    await server.addUser('assistant', 'Olga Biuro');
    // Piotr reports to Maria, so she may give him her team's duty.
    const piotr = await server.addUser('assistant', 'Piotr Kowal');
    const reports = await server.adminFetch(`/api/users/${piotr.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ reportsTo: manager.id }),
    });
    expect(reports.status).toBe(200);
    // A template whose start node repeats every Monday at 09:00, a draft the manager publishes in the designer.
    const weekly = {
      ...delegationCycleTemplate,
      name: 'Weekly supplier check',
      parameters: delegationCycleTemplate.parameters.map((parameter) => ({ ...parameter, required: false })),
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.type === 'start'
          ? {
              ...node,
              data: {
                trigger: {
                  kind: 'recurrence',
                  rrule: 'FREQ=WEEKLY;BYDAY=MO',
                  timeOfDay: '09:00',
                  nonBusinessDay: 'nextBusinessDay',
                },
              },
            }
          : node
      ),
    };
    const draft = await server.adminFetch('/api/templates', {
      method: 'POST',
      body: JSON.stringify({ name: 'Weekly supplier check', draft: weekly }),
    });
    expect(draft.status).toBe(201);
    weeklyId = ((await draft.json()) as { id: string }).id;
    const created = await server.adminFetch('/api/templates', {
      method: 'POST',
      body: JSON.stringify({ name: 'Monthly access check', draft: delegationCycleTemplate }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await server.adminFetch(`/api/templates/${id}/publish`, { method: 'POST', body: '{}' })).status).toBe(201);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('schedules the last business day at 17:00 with the next 12 explained, then pauses it without a reload', async () => {
    const context = await personContext(browser, { width: 1440, height: 900 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    try {
      await signIn(page, server.url, manager);
      await page.goto(`${server.url}/duties`);
      await page.getByTestId('duty-new').click();
      await page.getByTestId('duty-template').click();
      await page.getByRole('option', { name: 'Monthly access check' }).click();
      await expect.poll(() => page.getByTestId('duty-name').inputValue()).toBe('Monthly access check');
      await page.getByTestId('duty-name').fill('Course access vs payments');
      await page.getByTestId('duty-assignee').click();
      await page.getByRole('option', { name: 'Olga Biuro' }).click();
      await page.getByTestId('param-taskTitle').fill('Verify course access against received payments');
      // The default is what the office asked for: the last business day of the month at 17:00.
      expect(await page.getByTestId('duty-kind').inputValue()).toBe('On the last business day of the month');
      expect(await page.getByTestId('duty-time').inputValue()).toBe('17:00');
      const preview = page.getByTestId('duty-preview');
      await expect.poll(() => preview.locator('p').count(), { timeout: 30_000 }).toBeGreaterThan(12);
      await sees(preview, '5:00 pm', 'moved from sun, january 31, 2027: a weekend day');
      await shot('01-new-duty-form');
      await preview.scrollIntoViewIfNeeded();
      await shot('01b-new-duty-preview');
      await page.getByTestId('duty-save').click();
      await page.getByText('Duty created').first().waitFor({ timeout: 60_000 });
      const card = page.locator('[data-testid^=duty-]').filter({ hasText: 'Course access vs payments' }).first();
      await sees(card, 'active', 'Next:');
      await shot('02-duty-listed');

      // Pause: the card says paused at once.
      await card.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('Paused: no new occurrence starts').first().waitFor({ timeout: 30_000 });
      await sees(card, 'paused');
      await card.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 10_000 });
      await shot('03-duty-paused');

      // Given to someone else later: the drawer shows who does it now, the card the new person after saving.
      await sees(card, 'Done by Olga Biuro', 'for Maria Nowak');
      await card.locator('[data-testid^=duty-change-]').click();
      await expect.poll(() => page.getByTestId('duty-assignee').inputValue()).toBe('Olga Biuro');
      await page.getByTestId('duty-assignee').click();
      await page.getByRole('option', { name: 'Piotr Kowal' }).click();
      await shot('04-duty-change-assignee');
      await page.getByTestId('duty-save').click();
      await page.getByText('Duty changed').first().waitFor({ timeout: 60_000 });
      await sees(card, 'Done by Piotr Kowal');
      await shot('05-duty-reassigned');

      // Holidays are marked on the calendar: 25 December, with its name.
      await expect.poll(() => page.locator('[data-testid=day-off-2026-12-25]').count(), { timeout: 30_000 }).toBe(1);
      expect(errors).toEqual([]);
    } catch (error) {
      await shot('failure');
      throw error;
    }
  }, 600_000);

  it('offers to schedule a template whose start node repeats when it is published, with its rule filled in', async () => {
    const context = await personContext(browser, { width: 390, height: 844 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    try {
      await signIn(page, server.url, manager);
      await page.goto(`${server.url}/designer/${weeklyId}`);
      await page.getByTestId('publish').click();
      await page.getByTestId('publish-confirm').click();
      const offer = page.getByTestId('schedule-offer');
      await sees(offer, 'Schedule this template?', 'Weekly supplier check');
      await shot('06-schedule-offer-phone');
      await page.getByTestId('schedule-offer-accept').click();
      await page.waitForURL(/\/duties\?schedule=/);
      await expect
        .poll(() => page.getByTestId('duty-template').inputValue(), { timeout: 30_000 })
        .toBe('Weekly supplier check');
      await expect.poll(() => page.getByTestId('duty-kind').inputValue()).toBe('Custom rule (RFC 5545)');
      expect(await page.getByTestId('duty-name').inputValue()).toBe('Weekly supplier check');
      expect(await page.getByTestId('duty-time').inputValue()).toBe('09:00');
      // Every occurrence the preview lists is a Monday (or the next business day after a Monday off).
      const preview = page.getByTestId('duty-preview');
      await expect.poll(() => preview.locator('p').count(), { timeout: 30_000 }).toBeGreaterThan(12);
      await sees(preview, 'mon');
      await shot('07-duty-form-from-start-node-phone');
      expect(errors).toEqual([]);
    } catch (error) {
      await shot('failure-offer');
      throw error;
    } finally {
      await context.close();
    }
  }, 600_000);
});
