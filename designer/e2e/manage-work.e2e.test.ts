import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/manage-work');

/**
 * A team lead manages running work in the browser: from the team overview she picks two of Olga's steps and hands
 * them to Piotr at once; on one step she moves the deadline with a reason and raises the priority, and the step's
 * history says so in words, with names.
 */
describe.skipIf(!existsSync(CHROMIUM))('a manager reassigns, reschedules and re-prioritizes running work', () => {
  let server: BatonServer;
  let browser: Browser;
  let maria: TestPerson;
  let ewa: TestPerson;
  let lateTemplateId: string;
  const titles = ['Book the conference room', 'Order the printer toner'];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    const teamResponse = await server.adminFetch('/api/teams', {
      method: 'POST',
      body: JSON.stringify({ name: 'Office' }),
    });
    expect(teamResponse.status).toBe(201);
    const team = (await teamResponse.json()) as { id: string };
    maria = await server.addUser('manager', 'Maria Nowak');
    const olga = await server.addUser('assistant', 'Olga Biuro');
    const piotr = await server.addUser('assistant', 'Piotr Kowal');
    for (const person of [maria, olga, piotr]) {
      const patched = await server.adminFetch(`/api/users/${person.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ teamId: team.id, ...(person === maria ? {} : { reportsTo: maria.id }) }),
      });
      expect(patched.status).toBe(200);
    }
    const templateId = await server.publishTemplate('Delegate a task', delegationCycleTemplate);
    // Ewa reports to Hanna, the office head: a late step of Ewa's reaches Hanna, not the manager who delegated it.
    const hanna = await server.addUser('manager', 'Hanna Szef');
    ewa = await server.addUser('assistant', 'Ewa Lis');
    const reportsToHanna = await server.adminFetch(`/api/users/${ewa.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ teamId: team.id, reportsTo: hanna.id }),
    });
    expect(reportsToHanna.status).toBe(200);
    const late = {
      ...delegationCycleTemplate,
      name: 'Call the client back',
      escalation: [{ at: { relation: 'at' }, action: { kind: 'escalateToAssigneeManager' } }],
      nodes: delegationCycleTemplate.nodes.map((node) =>
        node.type === 'task' ? { ...node, data: { ...node.data, due: 'start + 1min any day' } } : node
      ),
    };
    lateTemplateId = await server.publishTemplate('Call the client back', late);
    browser = await launchChromium();
    // Maria starts two delegations for Olga through her own session.
    const context = await personContext(browser, { width: 1440, height: 900 });
    const page = await context.newPage();
    await signIn(page, server.url, maria);
    for (const taskTitle of titles) {
      const status = await page.evaluate(
        async ({ templateId, assistant, taskTitle }) => {
          const response = await fetch('/api/processes', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ templateId, params: { assistant, taskTitle } }),
          });
          return response.status;
        },
        { templateId, assistant: olga.id, taskTitle }
      );
      expect(status).toBe(201);
    }
    await context.close();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  async function run(page: Page, shot: (name: string) => Promise<unknown>, phone: boolean) {
    await signIn(page, server.url, maria);
    await page.goto(`${server.url}/team`);
    const olgaCard = page.locator('[data-testid^=team-person-]').filter({ hasText: 'Olga Biuro' });
    if (!phone) {
      await expect.poll(() => olgaCard.locator('[data-testid^=team-step-]').count(), { timeout: 60_000 }).toBe(2);
      for (const index of [0, 1]) {
        await olgaCard.locator('[data-testid^=team-step-]').nth(index).getByRole('checkbox').check();
      }
      const bar = page.getByTestId('team-bulk');
      await sees(bar, 'Steps picked: 2');
      await page.getByTestId('team-bulk-to').click();
      await page.getByRole('option', { name: 'Piotr Kowal' }).click();
      await shot('01-team-two-picked');
      await page.getByTestId('team-bulk-reassign').click();
      await page.getByText('Steps changed: 2.').first().waitFor({ timeout: 60_000 });
      const piotrCard = page.locator('[data-testid^=team-person-]').filter({ hasText: 'Piotr Kowal' });
      await expect.poll(() => piotrCard.locator('[data-testid^=team-step-]').count(), { timeout: 30_000 }).toBe(2);
      await shot('02-team-handed-to-piotr');
    }
    // One step, opened from the overview: the deadline moves with a reason, the priority goes up.
    const piotrCard = page.locator('[data-testid^=team-person-]').filter({ hasText: 'Piotr Kowal' });
    await piotrCard
      .locator('[data-testid^=team-step-]')
      .nth(phone ? 1 : 0)
      .getByRole('link', { name: 'Do the delegated task' })
      .click();
    const manage = page.getByTestId('manage-step');
    await manage.waitFor({ timeout: 30_000 });
    const next = new Date(Date.now() + 14 * 86_400_000);
    const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(next);
    await page.getByTestId('manage-due').click();
    // The picker opens on this month: a day two weeks on may be on the next page. 17:00 is the default time.
    const dayButton = page.getByRole('button', { name: dayLabel, exact: true });
    const nextMonth = page.locator('[data-direction=next]:visible').first();
    await nextMonth.waitFor({ timeout: 10_000 }); // the calendar is open before looking for the day
    if ((await dayButton.count()) === 0) await nextMonth.click();
    await dayButton.click();
    await page.getByRole('button', { name: 'Use this deadline' }).click();
    await page.getByTestId('manage-reason').fill('The supplier delivers on the 20th');
    // The picker's dropdown has closed (not caught mid-fade in the screenshot).
    await expect.poll(() => page.locator('.mantine-Popover-dropdown:visible').count()).toBe(0);
    await shot(phone ? '04-step-manage-phone' : '03-step-manage');
    await page.getByTestId('manage-move-due').click();
    await page.getByText('Deadline moved; the assignee is told').first().waitFor({ timeout: 60_000 });
    // Desktop: urgent and important; phone: urgent only (a change whichever step the phone run opened).
    await page.getByTestId('manage-urgent').check();
    await page.getByTestId('manage-important').setChecked(!phone);
    await page.getByTestId('manage-set-priority').click();
    await page.getByText('Priority set').first().waitFor({ timeout: 60_000 });
    const history = page.getByTestId('step-history');
    await sees(
      history,
      'Maria Nowak moved the deadline of',
      'The supplier delivers on the 20th',
      `Maria Nowak set the priority of Do the delegated task: ${phone ? 'Urgent' : 'Urgent and important'}`
    );
    if (!phone) await sees(history, 'Maria Nowak handed');
    await history.scrollIntoViewIfNeeded();
    await shot(phone ? '05-step-history-phone' : '05-step-history');
  }

  for (const phone of [false, true]) {
    it(`on ${phone ? 'a phone' : 'a desktop'}`, async () => {
      const context = await personContext(browser, phone ? { width: 390, height: 844 } : { width: 1440, height: 900 });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      try {
        await run(page, shot, phone);
        expect(errors).toEqual([]);
      } catch (error) {
        await shot(phone ? 'failure-phone' : 'failure');
        throw error;
      } finally {
        await context.close();
      }
    }, 600_000);
  }

  it('shows the manager a late step escalated to the assignee’s own manager, named in the history', async () => {
    const context = await personContext(browser, { width: 1440, height: 900 });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 500)
        failed.push(`${response.status()} ${response.url()}`);
    });
    try {
      await signIn(page, server.url, maria);
      await page.goto(`${server.url}/processes/start?templateId=${lateTemplateId}`);
      await page.getByTestId('param-taskTitle').fill('Call Mr Wiśniewski back about the invoice');
      await page.getByTestId('param-assistant').click();
      await page.getByRole('option', { name: `${ewa.name} (${ewa.email})` }).click();
      await page.getByTestId('start-submit').click();
      await page.waitForURL((url) => /^\/processes\/(?!start$)[^/]+$/.test(url.pathname), { timeout: 60_000 });
      // Due a minute after the start; at the deadline the rung reaches Ewa's manager. The page follows live.
      const history = page.getByTestId('process-audit');
      await sees(history, 'Maria Nowak started the process');
      await expect
        .poll(async () => (await history.innerText()).includes('escalated to Hanna Szef'), { timeout: 180_000 })
        .toBe(true);
      await sees(history, 'Do the delegated task is late: escalated to Hanna Szef (level 1)');
      await shot('06-process-escalated-to-office-head');
      expect(failed).toEqual([]);
    } catch (error) {
      await shot('failure-escalation');
      console.log(`server errors seen by the page: ${JSON.stringify(failed)}`);
      throw error;
    } finally {
      await context.close();
    }
  }, 600_000);
});
