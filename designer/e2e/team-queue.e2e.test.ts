import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/team-queue');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * Two assistants of one team, one on a desktop and one on a phone: a step sent to the team shows in both inboxes
 * under "Team queue"; one claims it and the other sees, without a reload, who took it; released, it is free again.
 */
describe.skipIf(!existsSync(CHROMIUM))('a team queue in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let annaContext: BrowserContext;
  let adamContext: BrowserContext;
  let base: string;
  let anna: TestPerson;
  let adam: TestPerson;
  let processId: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    const team = await server.adminFetch('/api/teams', {
      method: 'POST',
      body: JSON.stringify({ name: 'Front desk' }),
    });
    expect(team.status).toBe(201);
    const teamId = ((await team.json()) as { id: string }).id;
    const manager = await server.addUser('manager', 'Maria Nowak');
    anna = await server.addUser('assistant', 'Anna Kowalska');
    adam = await server.addUser('assistant', 'Adam Wiśniewski');
    for (const person of [manager, anna, adam]) {
      const joined = await server.adminFetch(`/api/users/${person.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ teamId }),
      });
      expect(joined.status).toBe(200);
    }
    const draft = {
      schemaVersion: 1,
      id: 'front-desk',
      name: 'Client request',
      calendarId: 'pl',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'answer',
          type: 'task',
          position: { x: 200, y: 0 },
          data: {
            title: 'Answer the client’s question about invoices',
            assignee: { kind: 'team', teamId },
            due: 'start + 1bd @17:00',
          },
        },
        { id: 'end', type: 'end', position: { x: 400, y: 0 }, data: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'answer' },
        { id: 'e2', source: 'answer', target: 'end' },
      ],
    };
    const templateId = await server.publishTemplate('Client request', draft);
    browser = await launchChromium();
    annaContext = await personContext(browser, DESKTOP);
    adamContext = await personContext(browser, PHONE);
    processId = await server.startProcess(templateId, { params: {} });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('both see the team step; Anna claims it and Adam sees it taken by her, live; she releases it and he claims it', async () => {
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    const desk = await annaContext.newPage();
    const phone = await adamContext.newPage();
    const pageErrors: string[] = [];
    desk.on('pageerror', (error) => pageErrors.push(`anna: ${String(error)}`));
    phone.on('pageerror', (error) => pageErrors.push(`adam: ${String(error)}`));
    try {
      await signIn(desk, base, anna);
      await signIn(phone, base, adam);
      await desk.goto(`${base}/inbox`);
      await phone.goto(`${base}/inbox`);
      const row = (page: Page): Locator => page.getByTestId('team-queue').locator('[data-testid^=team-queue-item-]');
      for (const page of [desk, phone]) {
        await sees(page.getByTestId('team-queue'), 'Team queue', 'Front desk');
        await sees(row(page), 'Answer the client’s question about invoices', 'Nobody has it yet');
      }
      await shot(desk, '01-anna-team-queue-desktop');
      await shot(phone, '02-adam-team-queue-phone');

      // Anna claims it; Adam's phone shows who has it without a reload, and his Claim button is gone.
      await row(desk).getByRole('button', { name: 'Claim', exact: true }).click();
      await sees(row(desk), 'You have it');
      await row(desk).getByRole('button', { name: 'Release', exact: true }).waitFor();
      await sees(row(phone), 'Claimed by Anna Kowalska');
      expect(await row(phone).getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
      // The step is Anna's now: it is in her own list too, and she can start it.
      await sees(desk.locator('[data-testid^=inbox-item-]').first(), 'Answer the client’s question about invoices');
      await shot(desk, '03-anna-claimed-desktop');
      await shot(phone, '04-adam-sees-taken-phone');

      // Adam opens the step: it names Anna as the assignee; the history says she claimed it.
      await row(phone).getByText('Answer the client’s question about invoices').click();
      const panel = phone.getByTestId('step-panel');
      await sees(panel, 'Assignee: Anna Kowalska', 'Anna Kowalska claimed');
      await shot(phone, '05-adam-step-view-phone');
      await phone.getByTestId('inbox-back').click();

      // Released, it is free again for both; Adam claims it.
      await row(desk).getByRole('button', { name: 'Release', exact: true }).click();
      await sees(row(phone), 'Nobody has it yet');
      await row(phone).getByRole('button', { name: 'Claim', exact: true }).click();
      await sees(row(phone), 'You have it');
      await sees(row(desk), 'Claimed by Adam Wiśniewski');
      await shot(desk, '06-anna-sees-adam-desktop');
      await shot(phone, '07-adam-claimed-phone');

      // The same queue in Polish.
      await speak(desk, 'pl');
      await sees(desk.getByTestId('team-queue'), 'Kolejka zespołu', 'Przejęte przez: Adam Wiśniewski');
      await shot(desk, '08-anna-team-queue-desktop-pl');
    } catch (error) {
      await shot(desk, 'failure-anna');
      await shot(phone, 'failure-adam');
      throw error;
    }
    const audit = await server.adminFetch(`/api/processes/${processId}/audit?limit=200`);
    const entries = ((await audit.json()) as { items: { action: string; actor: string }[] }).items;
    expect(entries.filter((entry) => ['claimed', 'released'].includes(entry.action))).toEqual([
      expect.objectContaining({ action: 'claimed', actor: anna.id }),
      expect.objectContaining({ action: 'released', actor: anna.id }),
      expect.objectContaining({ action: 'claimed', actor: adam.id }),
    ]);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
