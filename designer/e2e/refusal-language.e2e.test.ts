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
});
