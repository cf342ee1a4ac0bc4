import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/outcome-unknown');
const PHONE = { width: 390, height: 844 };

/**
 * An action whose answer is lost ("sent, outcome unknown") and that the process applies only later: the step the
 * assistant has open shows the result by itself, without a reload. Logging time moves no task row, so no live event
 * would tell the page; the page must read the step again on its own.
 */
describe.skipIf(!existsSync(CHROMIUM))('a step action whose answer was lost', () => {
  let server: BatonServer;
  let browser: Browser;
  let assistant: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    const templateId = await server.publishTemplate('Delegate a task', delegationCycleTemplate);
    await server.startProcess(templateId, { params: { assistant: assistant.id, taskTitle: 'Book the meeting room' } });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('shows the time once the process has it, after every answer was lost', async () => {
    const context = await personContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, server.url, assistant);
    await page.goto(`${server.url}/inbox`);
    await page.locator('[data-testid^=inbox-item-]').first().click();
    const panel = page.getByTestId('step-panel');
    await panel.getByTestId('action-start').click();
    await page.getByText('Started').first().waitFor({ timeout: 30_000 });

    // Every answer to "log 45 minutes" is lost on the way back; the action itself reaches the server only after the
    // page has given up asking (four tries with the same Idempotency-Key), as when a process catches up late.
    const attempts: Request[] = [];
    await page.route('**/api/steps/*/actions', async (route) => {
      const body = route.request().postDataJSON() as { type?: string };
      if (body.type !== 'logTime') return route.continue();
      attempts.push(route.request());
      const stepId = /\/api\/steps\/([^/]+)\/actions/.exec(route.request().url())?.[1] ?? '';
      return route.fulfill({
        status: 202,
        contentType: 'application/json',
        body: JSON.stringify({ stepId, action: 'logTime', outcome: 'unknown', detail: 'The answer was lost.' }),
      });
    });
    await panel.getByTestId('time-minutes').fill('45');
    await panel.getByTestId('time-add').click();
    await page.getByText('the process has not answered yet', { exact: false }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => attempts.length, { timeout: 30_000 }).toBe(4);
    expect(new Set(await Promise.all(attempts.map((request) => request.headerValue('idempotency-key')))).size).toBe(1);
    await sees(panel.getByTestId('time-total'), '0 min');
    await page.screenshot({ path: path.join(SHOTS, '01-outcome-unknown-phone.png'), fullPage: true });

    // Now the action reaches the process, with the page's own cookie and key; the page is not reloaded.
    const [first] = attempts;
    if (!first) throw new Error('no attempt was made');
    const headers = await first.allHeaders();
    const applied = await fetch(first.url(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: headers.cookie ?? '',
        origin: server.url,
        'idempotency-key': headers['idempotency-key'] ?? '',
      },
      body: first.postData() ?? '',
    });
    expect(applied.status).toBe(200);
    await sees(panel.getByTestId('time-total'), '45 min');
    await panel.getByTestId('time-log').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '02-time-shown-phone.png'), fullPage: true });
    await context.close();
  }, 300_000);
});
