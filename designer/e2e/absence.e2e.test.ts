import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/absence');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A deputy stands in while the assistant is away: "standing in for" with her name in the deputy's inbox, step view and
 * process page (desktop and phone); the manager ends the absence early on the Absences page and the step is hers again.
 */
describe.skipIf(!existsSync(CHROMIUM))('absences and deputies in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let base: string;
  let manager: TestPerson;
  let assistant: TestPerson;
  let deputy: TestPerson;
  let processId: string;
  let absenceId: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    manager = await server.addUser('manager', 'Maria Nowak');
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    deputy = await server.addUser('assistant', 'Bartosz Zieliński');
    const team = await server.adminFetch('/api/teams', { method: 'POST', body: JSON.stringify({ name: 'Office' }) });
    expect(team.status).toBe(201);
    const teamId = ((await team.json()) as { id: string }).id;
    for (const person of [manager, assistant, deputy]) {
      const patch = person === manager ? { teamId } : { teamId, reportsTo: manager.id };
      const updated = await server.adminFetch(`/api/users/${person.id}`, {
        method: 'PATCH',
        body: JSON.stringify(patch),
      });
      expect(updated.status).toBe(200);
    }
    const templateId = await server.publishTemplate('Delegate a task', delegationCycleTemplate);
    processId = await server.startProcess(templateId, {
      params: { assistant: assistant.id, taskTitle: 'Renew the office lease' },
    });
    // Once her step is open (a process is told of absences from then on; one started later gets them at its start),
    // Anna is away from yesterday for a week; Bartosz stands in.
    await server.firstStepId(processId);
    const absence = await server.adminFetch(`/api/users/${assistant.id}/absences`, {
      method: 'POST',
      body: JSON.stringify({ startsOn: day(-1), endsOn: day(6), deputyId: deputy.id }),
    });
    expect(absence.status).toBe(201);
    const recorded = (await absence.json()) as { id: string; handOver: { processes: number; failed: string[] } };
    expect(recorded.handOver).toMatchObject({ processes: 1, failed: [] });
    absenceId = recorded.id;
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('shows who the deputy stands in for, and ending the absence early brings the step back', async () => {
    const pages: Page[] = [];
    const pageErrors: string[] = [];
    const open = async (viewport: typeof DESKTOP, person: TestPerson) => {
      const context = await personContext(browser, viewport);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${person.name}: ${String(error)}`));
      pages.push(page);
      await signIn(page, base, person);
      return page;
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    try {
      await run(open, shot);
    } catch (error) {
      for (const [index, page] of pages.entries()) await shot(page, `failure-${index}`);
      throw error;
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  async function run(
    open: (viewport: typeof DESKTOP, person: TestPerson) => Promise<Page>,
    shot: (page: Page, name: string) => Promise<Buffer>
  ) {
    // The deputy's inbox, on a desktop and on a phone: the item says for whom, by name.
    for (const [viewport, label] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await open(viewport, deputy);
      await page.goto(`${base}/inbox`);
      const item = page.locator('[data-testid^=inbox-item-]').first();
      await item.waitFor({ timeout: 60_000 });
      await sees(item, 'Do the delegated task', 'standing in for Anna Kowalska');
      await shot(page, `01-deputy-inbox-${label}`);
      await item.click();
      const panel = page.getByTestId('step-panel');
      await panel.waitFor();
      await sees(
        panel.getByTestId('step-people'),
        'Assignee: Bartosz Zieliński',
        'standing in for Anna Kowalska',
        'Reviewer'
      );
      // The step's history says it went to him in her place.
      await sees(panel, 'went to Bartosz Zieliński, standing in for Anna Kowalska');
      await shot(page, `02-deputy-step-${label}`);
      await page.goto(`${base}/processes/${processId}`);
      const steps = page.getByTestId('process-steps');
      await sees(steps, 'Bartosz Zieliński', 'standing in for Anna Kowalska');
      await steps.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `03-process-page-${label}.png`) });
    }

    // The manager ends the absence early from the Absences page (desktop), and sees it ended.
    const boss = await open(DESKTOP, manager);
    await boss.getByRole('link', { name: 'Absences' }).first().click();
    await boss.getByTestId('absence-person').click();
    await boss.getByRole('option', { name: 'Anna Kowalska', exact: true }).click();
    const row = boss.getByTestId(`absence-${absenceId}`);
    await sees(row, 'deputy: Bartosz Zieliński', 'away now', 'End now', 'Change');
    await shot(boss, '04-manager-absences-desktop');
    // Changing it: the days and the deputy in a form; saved as they are, the page says steps follow.
    await row.getByTestId('absence-change').click();
    await boss.getByTestId('absence-save').waitFor();
    await shot(boss, '04b-manager-absence-change-desktop');
    await boss.getByTestId('absence-save').click();
    await sees(boss.locator('body'), 'Absence changed: steps follow at once.');
    await sees(row, 'away now');
    await row.getByTestId('absence-end').click();
    await sees(boss.locator('body'), 'Anna Kowalska is back: their steps return to them.');
    await sees(row, 'ended early');
    expect(await row.getByTestId('absence-end').count()).toBe(0);
    await shot(boss, '05-manager-absence-ended-desktop');

    // The same page on a phone: nothing cut, the ended absence shown.
    const bossPhone = await open(PHONE, manager);
    await bossPhone.goto(`${base}/absences`);
    await bossPhone.getByTestId('absence-person').click();
    await bossPhone.getByRole('option', { name: 'Anna Kowalska', exact: true }).click();
    await sees(bossPhone.getByTestId(`absence-${absenceId}`), 'ended early');
    await shot(bossPhone, '06-manager-absences-phone');

    // Anna has the step again, as her own; the history says she is back.
    const anna = await open(PHONE, assistant);
    await anna.goto(`${base}/inbox`);
    const item = anna.locator('[data-testid^=inbox-item-]').first();
    await item.waitFor({ timeout: 60_000 });
    await sees(item, 'Do the delegated task');
    expect(await item.getByTestId('acting-for').count()).toBe(0);
    await item.click();
    const panel = anna.getByTestId('step-panel');
    await sees(panel.getByTestId('step-people'), 'Assignee: Anna Kowalska');
    expect(await panel.getByTestId('step-people').innerText()).not.toContain('standing in');
    const back = panel.getByText(
      'Anna Kowalska is back: Do the delegated task returned to them from Bartosz Zieliński'
    );
    await back.waitFor({ timeout: 30_000 });
    await back.scrollIntoViewIfNeeded();
    await anna.screenshot({ path: path.join(SHOTS, '07-assistant-step-back-phone.png') });

    // The deputy's inbox no longer holds it.
    const deputyPage = await open(DESKTOP, deputy);
    await deputyPage.goto(`${base}/inbox`);
    await deputyPage.getByTestId('quadrant-doFirst').waitFor({ timeout: 30_000 });
    expect(await deputyPage.locator('[data-testid^=inbox-item-]').count()).toBe(0);
  }
});
