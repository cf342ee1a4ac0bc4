import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delegationCycleTemplate } from '../../workflows/template/fixtures';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/assistant-day');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * The assistant's and the reviewer's day, end to end, in two browsers: the assistant on a phone (390x844), the
 * manager on a desktop. Everything is asserted on what is on screen; nothing is reloaded to see a change.
 */
describe.skipIf(!existsSync(CHROMIUM))('the assistant’s and the reviewer’s day in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let managerContext: BrowserContext;
  let assistantContext: BrowserContext;
  let base: string;
  let manager: TestPerson;
  let assistant: TestPerson;
  let templateId: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    manager = await server.addUser('manager', 'Maria Nowak');
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    // The built-in delegation cycle (checklist, form, decision requests, the starter as reviewer), published.
    templateId = await server.publishTemplate('Delegate a task', delegationCycleTemplate);
    browser = await launchChromium();
    managerContext = await personContext(browser, DESKTOP);
    assistantContext = await personContext(browser, PHONE);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('checklist, form, time, a decision asked and answered, review with every value, return, round 2, approve; pages live', async () => {
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    const boss = await managerContext.newPage();
    const phone = await assistantContext.newPage();
    const pageErrors: string[] = [];
    boss.on('pageerror', (error) => pageErrors.push(`manager: ${String(error)}`));
    phone.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    try {
      await day(boss, phone, shot);
    } catch (error) {
      await shot(boss, 'failure-manager');
      await shot(phone, 'failure-assistant');
      throw error;
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  async function day(boss: Page, phone: Page, shot: (page: Page, name: string) => Promise<Buffer>) {
    await signIn(boss, base, manager);
    await signIn(phone, base, assistant);
    await phone.goto(`${base}/inbox`);
    await phone.getByTestId('quadrant-doFirst').waitFor({ timeout: 30_000 });

    // The manager starts the delegation for Anna, with Markdown in the brief.
    await boss.goto(`${base}/processes/start?templateId=${templateId}`);
    await boss.getByTestId('param-assistant').click();
    await boss.getByRole('option', { name: new RegExp(assistant.name) }).click();
    await boss.getByTestId('param-taskTitle').fill('Prepare the supplier comparison');
    await shot(boss, '01-manager-start-form');
    await boss.getByTestId('start-submit').click();
    await boss.waitForURL((url) => /^\/processes\/(?!start$)[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processUrl = boss.url();

    // Anna's phone: the step arrives live; she opens it. Instructions are rendered Markdown with a real link.
    await phone.getByText('New step for you').first().waitFor({ timeout: 90_000 });
    const item = phone.locator('[data-testid^=inbox-item-]').first();
    await sees(item, 'Do the delegated task');
    await shot(phone, '02-assistant-inbox-phone');
    await item.click();
    const panel = phone.getByTestId('step-panel');
    await panel.waitFor();
    const instructions = panel.getByTestId('step-instructions');
    await sees(instructions, 'How we delegate');
    expect(await instructions.innerText()).not.toContain('](');
    expect(await instructions.getByRole('link', { name: 'How we delegate' }).getAttribute('href')).toBe(
      'https://wiki.example.com/delegation'
    );
    await sees(panel, 'Assignee: Anna Kowalska', 'Reviewer: Maria Nowak', 'Prepare the supplier comparison');
    await panel.getByTestId('action-start').click();
    await phone.getByText('Started').first().waitFor({ timeout: 30_000 });

    // The checklist: a click on the label and the Space key both tick, and the page stays up.
    await panel.getByText('Brief read and questions asked').click();
    await panel.getByTestId('check-time-logged').focus();
    await phone.keyboard.press('Space');
    await sees(panel.getByTestId('step-checklist'), '2 of 2 done');
    // Each tick says who ticked it once the process has it; until then "Saving…" holds its line.
    await expect
      .poll(async () => (await panel.getByTestId('step-checklist').innerText()).split('Anna Kowalska ·').length - 1, {
        timeout: 60_000,
      })
      .toBe(2);
    await panel.getByTestId('param-result').fill('Comparison sheet: https://example.com/sheet');
    await panel.getByTestId('time-minutes').fill('45');
    await panel.getByTestId('time-add').click();
    await sees(panel.getByTestId('time-total'), '45 min');

    // She asks for a decision: the deadline pauses, and it says for whom.
    await panel.getByTestId('step-text').fill('Hall A or Hall B for the supplier day?');
    await panel.getByTestId('action-request-decision').click();
    await sees(panel.getByTestId('decision-paused'), 'waiting for Maria Nowak');
    await shot(phone, '03-assistant-step-decision-asked-phone');

    // Maria: the question is in her review queue and in her bell.
    await boss.goto(`${base}/review`);
    const queue = boss.getByTestId('decision-queue');
    await sees(queue, 'Hall A or Hall B for the supplier day?');
    await expect.poll(() => boss.getByTestId('bell-count').innerText(), { timeout: 60_000 }).toMatch(/[1-9]/);
    await boss.getByTestId('bell').click();
    await sees(boss.getByTestId('bell-list'), 'Decision requested', 'Hall A or Hall B');
    await boss.waitForTimeout(400); // the popover fades in
    await shot(boss, '04-manager-bell-and-decision-queue');
    await boss.getByTestId('bell').click();
    await queue.locator('[data-testid^=inbox-item-]').first().click();
    const review = boss.getByTestId('step-panel');
    await sees(
      review.getByTestId('decisions'),
      'Hall A or Hall B for the supplier day?',
      'Anna Kowalska asked Maria Nowak'
    );
    await review.getByTestId('step-text').fill('Hall B, it has the projector.');
    await review.getByTestId('action-answer-decision').click();
    await boss.getByText('Answer sent').first().waitFor({ timeout: 30_000 });

    // Anna sees the answer live on the step and in her bell, without a reload.
    await sees(panel.getByTestId('decisions'), 'Hall B, it has the projector.', 'Maria Nowak answered');
    await expect.poll(() => phone.getByTestId('bell-count').innerText(), { timeout: 60_000 }).toMatch(/[1-9]/);
    await phone.getByTestId('bell').click();
    await sees(phone.getByTestId('bell-list'), 'Decision answered', 'Hall B');
    await phone.waitForTimeout(400);
    await shot(phone, '05-assistant-bell-answer-phone');
    await phone.getByTestId('bell').click();
    await panel.getByTestId('action-submit').click();
    await phone.getByText('Submitted for review').first().waitFor({ timeout: 30_000 });

    // Maria reviews with everything that was submitted in view, then returns it with a comment.
    const processPage = await managerContext.newPage();
    await processPage.goto(processUrl);
    await processPage.getByTestId('process-audit').waitFor({ timeout: 30_000 });
    await boss.goto(`${base}/review`);
    const submitted = boss.getByTestId('review-queue').locator('[data-testid^=inbox-item-]').first();
    await sees(submitted, 'Do the delegated task');
    await submitted.click();
    const verdict = boss.getByTestId('step-panel');
    await sees(
      verdict.getByTestId('review-submitted'),
      'Comparison sheet: https://example.com/sheet',
      'Brief read and questions asked',
      'Submitted by Anna Kowalska'
    );
    await sees(verdict.getByTestId('time-log'), '45 min', 'Anna Kowalska');
    await sees(verdict.getByTestId('decisions'), 'Hall B, it has the projector.');
    await shot(boss, '06-manager-review-sees-everything');
    await verdict.getByTestId('step-text').fill('Add the delivery times of each supplier.');
    await verdict.getByTestId('action-return').click();
    await boss.getByText('Returned for rework').first().waitFor({ timeout: 30_000 });

    // Anna's open panel moves to round 2 by itself: the comment, and her answers carried over.
    await sees(panel.getByTestId('returned-notice'), 'Add the delivery times of each supplier.', 'Maria Nowak');
    await expect
      .poll(() => panel.getByTestId('param-result').inputValue(), { timeout: 30_000 })
      .toBe('Comparison sheet: https://example.com/sheet');
    await sees(panel.getByTestId('form-prefilled'), 'round 1');
    await shot(phone, '07-assistant-round-2-phone');
    // The checklist is ticked again for the new round (each tick is kept with who and when).
    await panel.getByTestId('check-brief-read').click();
    await panel.getByTestId('check-time-logged').click();
    await sees(panel.getByTestId('step-checklist'), '2 of 2 done', 'Anna Kowalska');
    await panel.getByTestId('param-result').fill('Comparison sheet with delivery times: https://example.com/sheet2');
    await panel.getByTestId('action-submit').click();
    await phone.getByText('Submitted for review').first().waitFor({ timeout: 30_000 });

    // Maria approves round 2.
    const second = boss.getByTestId('review-queue').locator('[data-testid^=inbox-item-]').first();
    await sees(second, 'round 2');
    await second.click();
    await sees(boss.getByTestId('step-panel').getByTestId('review-submitted'), 'with delivery times');
    await sees(boss.getByTestId('step-panel').getByTestId('rounds'), 'Round 1', 'Returned by Maria Nowak');
    await boss.getByTestId('step-panel').getByTestId('action-approve').click();
    await boss.getByText('Approved').first().waitFor({ timeout: 30_000 });

    // The process page, open all along, shows the end and the history in sentences with names: no reload.
    await expect
      .poll(() => processPage.getByTestId('process-status').innerText(), { timeout: 60_000 })
      .toMatch(/completed/i);
    const history = processPage.getByTestId('process-audit');
    await sees(
      history,
      'Maria Nowak started the process',
      'Anna Kowalska submitted round 2 of Do the delegated task',
      'Maria Nowak returned round 1 of Do the delegated task for rework',
      'Maria Nowak approved Do the delegated task'
    );
    const text = await history.innerText();
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no raw ids
    expect(text).not.toMatch(/processStarted|returnedForRework|timeLogged|brief-read/); // no raw keys or item ids
    expect(text).toContain('Anna Kowalska ticked “Brief read and questions asked” on Do the delegated task');
    await shot(processPage, '08-manager-process-page-live');

    // Phone: the menu closes after choosing a page; the process page's diagram has no minimap over the nodes.
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'Processes' }).click();
    await phone.waitForURL(/\/processes$/);
    // The menu slides away: its links end up left of the screen.
    await expect
      .poll(
        async () => {
          const box = await phone.getByRole('link', { name: 'Inbox' }).boundingBox();
          return box === null || box.x + box.width <= 0;
        },
        { timeout: 10_000 }
      )
      .toBe(true);
    const list = phone.getByTestId('processes-table');
    await sees(list, 'Maria Nowak');
    expect(await list.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await shot(phone, '09a-assistant-processes-phone');
    await phone.goto(processUrl);
    await phone.getByTestId('process-audit').waitFor({ timeout: 30_000 });
    expect(await phone.locator('.react-flow__minimap').count()).toBe(0);
    await shot(phone, '09-assistant-process-page-phone');
  }
});
