import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/refusal-language');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * A refusal reaches a person in their language: the server answers a refused action with a key of the shared refusal
 * catalog beside its English `detail`, and the web app says the key's sentence. Here the step was handed to someone
 * else while the assistant's page, cut off from live updates, still offered "Start".
 */
describe.skipIf(!existsSync(CHROMIUM))('a refused action, in the reader’s language', () => {
  let server: BatonServer;
  let browser: Browser;
  let templateId: string;
  let colleague: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    colleague = await server.addUser('assistant', 'Maria Nowak');
    const team = await server.adminFetch('/api/teams', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Pražská kancelář',
        calendar: {
          id: 'praha',
          name: 'Pražská kancelář',
          timeZone: 'Europe/Prague',
          country: 'CZ',
          weekendDays: [6, 7],
          companyDaysOff: [],
          extraWorkingDays: [],
          workingHours: { start: '09:00', end: '17:00' },
        },
      }),
    });
    expect(team.status).toBe(201);
    templateId = await server.publishTemplate('Delegate a task', delegationCycleTemplate);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const cases = [
    {
      language: 'pl',
      viewport: PHONE,
      name: 'Anna Kowalska',
      said: 'Nie widzisz już tego kroku',
    },
    {
      language: 'ru',
      viewport: DESKTOP,
      name: 'Ольга Иванова',
      said: 'Этот шаг вам больше не виден',
    },
  ] as const;

  for (const { language, viewport, name, said } of cases) {
    it(`says in ${language} why “Start” was refused on a step handed on meanwhile (${viewport.width}px)`, async () => {
      const assistant = await server.addUser('assistant', name);
      const processId = await server.startProcess(templateId, {
        params: { assistant: assistant.id, taskTitle: 'Book the meeting room' },
      });
      const stepId = await server.firstStepId(processId);
      const context = await personContext(browser, viewport);
      const page = await context.newPage();
      // No live updates reach this page (a flaky connection): what it shows goes stale.
      await page.route('**/api/events', (route) => route.abort());
      await signIn(page, server.url, assistant);
      await speak(page, language);
      await page.goto(`${server.url}/inbox`);
      await page.locator(`[data-testid=inbox-item-${stepId}]`).click();
      const panel = page.getByTestId('step-panel');
      const start = panel.getByTestId('action-start');
      await start.waitFor({ timeout: 30_000 });

      const handedOn = await server.adminFetch(`/api/steps/${stepId}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `hand-on-${stepId}` },
        body: JSON.stringify({ type: 'reassign', to: colleague.id }),
      });
      expect(handedOn.status).toBe(200);

      await start.click();
      const notice = page.locator('.mantine-Notification-root').filter({ hasText: said });
      await notice.first().waitFor({ timeout: 30_000 });
      const text = await notice.first().innerText();
      // The reader's sentence, not the server's English for API clients, and no id of the step or the person.
      expect(text).not.toContain('This step is not in one of your processes');
      expect(text).not.toContain(stepId);
      expect(text).not.toContain(assistant.id);
      await page.screenshot({ path: path.join(SHOTS, `01-refused-${language}-${viewport.width}.png`) });
      // The refused action refreshes the inbox: the step is gone from it, and nothing offers "Start" any more.
      await expect.poll(() => start.count(), { timeout: 30_000 }).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain('This step is not in one of your processes');
      // The inbox no longer lists the step.
      await expect.poll(() => page.locator(`[data-testid=inbox-item-${stepId}]`).count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, `02-after-${language}-${viewport.width}.png`) });
      await context.close();
    }, 240_000);
  }

  // Refusals outside a step's actions: the API's own reasons, said from the shared catalog too.
  it('tells an assistant in Polish, on a phone, that a process link is not theirs to see', async () => {
    const assistant = await server.addUser('assistant', 'Zofia Lis');
    const processId = await server.startProcess(templateId, {
      params: { assistant: colleague.id, taskTitle: 'Zamówić catering' },
    });
    const context = await personContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, server.url, assistant);
    await speak(page, 'pl');
    await page.goto(`${server.url}/processes/${processId}`);
    const said = page.getByText('Ten proces nie jest ani Twój, ani Twoich kroków, ani Twojego zespołu.');
    await said.waitFor({ timeout: 30_000 });
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('This process is not one of yours');
    expect(body).not.toContain(processId);
    await page.screenshot({ path: path.join(SHOTS, '03-process-not-yours-pl-390.png') });
    await context.close();
  }, 240_000);

  it('tells an admin in Czech why a calendar address cannot be imported', async () => {
    const admin = await server.addUser('admin', 'Jana Dvořáková');
    const context = await personContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, server.url, admin);
    await speak(page, 'cs');
    await page.goto(`${server.url}/admin`);
    await page.getByRole('tab').nth(2).click();
    const editor = page.getByTestId('calendar-editor-praha');
    await editor.getByTestId('ics-import-open').click();
    await page.getByTestId('ics-import-url').fill('ftp://svatky.example.cz/2027.ics');
    await page.getByTestId('ics-import-preview').click();
    const said = page
      .getByRole('alert')
      .filter({ hasText: 'Importovat lze jen adresy začínající http:// nebo https://.' });
    await said.waitFor({ timeout: 30_000 });
    expect(await said.innerText()).not.toContain('Only http and https');
    await page.screenshot({ path: path.join(SHOTS, '04-calendar-address-cs-1440.png') });
    await context.close();
  }, 240_000);
});
