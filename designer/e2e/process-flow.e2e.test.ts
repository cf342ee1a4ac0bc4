import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';

// Debian's Chromium, as CI installs it; without it the browser test cannot run here and says so.
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e');
const README_SHOT = path.resolve(import.meta.dirname, '../../docs/screenshots/process.png');

/** A browser context of its own per person: no cookies or localStorage (language, session) shared. */
async function personContext(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  await context.addInitScript(
    "if (!localStorage.getItem('baton.language')) localStorage.setItem('baton.language', 'en')"
  );
  return context;
}

async function signIn(page: Page, base: string, person: TestPerson) {
  await page.goto(`${base}/login`, { timeout: 120_000 });
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor({ timeout: 30_000 });
}

/** Drags from one node's source handle to another's target handle, as a person connects nodes. */
async function connect(page: Page, from: string, to: string) {
  const source = page.locator(`[data-testid=node-${from}]`).locator('..').locator('.react-flow__handle.source');
  const target = page.locator(`[data-testid=node-${to}]`).locator('..').locator('.react-flow__handle.target');
  await source.first().hover();
  await page.mouse.down();
  const box = await target.first().boundingBox();
  if (!box) throw new Error(`no target handle on ${to}`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
}

/** Picks an option of a Mantine Select by its visible label. */
async function choose(page: Page, select: ReturnType<Page['getByTestId']>, label: string) {
  await select.click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

describe.skipIf(!existsSync(CHROMIUM))('a process from the palette to approval, in two browsers', () => {
  let server: BatonServer;
  let browser: Browser;
  let managerContext: BrowserContext;
  let assistantContext: BrowserContext;
  let base: string;
  let manager: TestPerson;
  let assistant: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    manager = await server.addUser('manager', 'Maria Manager');
    assistant = await server.addUser('assistant', 'Adam Assistant');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    managerContext = await personContext(browser, { width: 1500, height: 950 });
    assistantContext = await personContext(browser, { width: 1200, height: 900 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('builds, validates, previews, publishes and starts; the assistant works it live; return, resubmit, approve; the monitor shows it done', async () => {
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    const page = await managerContext.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    try {
      await runFlow(page, pageErrors, shot);
    } catch (error) {
      // What the screens showed when it failed, beside the per-screen shots.
      await shot(page, 'failure-manager');
      for (const other of assistantContext.pages()) await shot(other, 'failure-assistant');
      throw error;
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  async function runFlow(page: Page, pageErrors: string[], shot: (page: Page, name: string) => Promise<Buffer>) {
    // The manager logs in.
    await page.goto(`${base}/login`, { timeout: 120_000 });
    await page.getByTestId('login-email').waitFor({ timeout: 60_000 });
    await shot(page, '01-login');
    await page.getByTestId('login-email').fill(manager.email);
    await page.getByTestId('login-password').fill(manager.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor({ timeout: 30_000 });

    // A stored draft (created from the gallery), cleared to the blank template and built from the palette.
    await page.goto(`${base}/templates`);
    await page.getByTestId('gallery-use-delegation-with-review').click();
    await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId('gallery').click();
    await page.getByTestId('gallery-blank').click();
    await page.getByTestId('node-start').waitFor();
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 10_000 }).toBe(2);

    const canvas = page.locator('.react-flow__pane');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await page.getByTestId('palette-task').dragTo(canvas, { targetPosition: { x: box.width * 0.3, y: 120 } });
    await page.getByTestId('node-task-1').waitFor();
    await page.getByTestId('palette-decision').dragTo(canvas, { targetPosition: { x: box.width * 0.55, y: 120 } });
    await page.getByTestId('node-decision-1').waitFor();
    await page.getByTestId('palette-end').dragTo(canvas, { targetPosition: { x: box.width * 0.8, y: 320 } });
    await page.getByTestId('node-end-1').waitFor();

    // The task goes to the assistant, with the manager as its reviewer.
    await page.getByTestId('node-task-1').click();
    await page.getByTestId('prop-title').fill('Prepare the board pack');
    await choose(page, page.getByTestId('prop-assignee').locator('input').first(), 'Person');
    await choose(page, page.getByTestId('prop-assignee-person'), assistant.name);
    await page.getByTestId('prop-with-reviewer').click();
    await choose(page, page.getByTestId('prop-reviewer').locator('input').first(), 'Person');
    await choose(page, page.getByTestId('prop-reviewer-person'), manager.name);
    // A deadline for the timeline: the builder's default, business days after the start.
    await page.getByTestId('prop-due-add').click();
    await page.getByTestId('prop-due-example').waitFor();

    // Loose nodes are validation errors, listed in the panel; connecting them fixes it.
    await expect
      .poll(() => page.getByTestId('validation-error-count').innerText(), { timeout: 10_000 })
      .not.toMatch(/^0 /);
    await page.getByTestId('validation-issue').first().waitFor({ state: 'visible', timeout: 10_000 });
    await shot(page, '02-designer-validation-error');
    await connect(page, 'start', 'task-1');
    await connect(page, 'task-1', 'decision-1');
    await connect(page, 'decision-1', 'end');
    await connect(page, 'decision-1', 'end-1');
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => page.getByTestId('validation-error-count').innerText(), { timeout: 15_000 }).toMatch(/^0 /);
    await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 30_000 }).toMatch(/^Saved/); // the badge upper-cases it in CSS only;
    await page.getByTestId('fit-view').click();
    await shot(page, '03-designer-valid');

    // The timeline preview lists the task.
    await page.getByTestId('timeline-open').click();
    await expect
      .poll(() => page.getByTestId('timeline').innerText(), { timeout: 15_000 })
      .toContain('Prepare the board pack');
    await shot(page, '04-timeline');
    await page.keyboard.press('Escape');
    await page.getByTestId('timeline').waitFor({ state: 'hidden', timeout: 10_000 });

    // Publish with release notes.
    await page.getByTestId('publish').click();
    await page
      .getByTestId('publish-dialog')
      .getByTestId('publish-notes')
      .fill('First version: board pack with review.');
    await shot(page, '05-publish');
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-dialog').waitFor({ state: 'hidden', timeout: 30_000 });

    // The assistant signs in in a second browser context and waits in the inbox.
    const phone = await assistantContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    await signIn(phone, base, assistant);
    await phone.goto(`${base}/inbox`);
    await phone.getByTestId('quadrant-doFirst').waitFor({ timeout: 30_000 });
    await expect.poll(() => phone.locator('[data-testid^=inbox-item-]').count(), { timeout: 10_000 }).toBe(0);

    // The manager starts a process.
    await page.getByTestId('start-process').click();
    await page.getByTestId('start-submit').waitFor({ timeout: 30_000 });
    await shot(page, '06-start-form');
    await page.getByTestId('start-submit').click();
    await page.waitForURL((url) => /^\/processes\/(?!start$)[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processUrl = page.url();

    // The step arrives live (a toast from the event stream; no reload) and shows in the inbox.
    await phone.getByText('New step for you').waitFor({ timeout: 90_000 });
    const item = phone.locator('[data-testid^=inbox-item-]').first();
    await expect.poll(() => item.innerText(), { timeout: 30_000 }).toContain('Prepare the board pack');
    await shot(phone, '07-inbox');
    await item.click();
    const panel = phone.getByTestId('step-panel');
    await panel.waitFor();
    await panel.getByTestId('timer-start').click();
    await panel.getByTestId('timer-stop').waitFor();
    await panel.getByTestId('timer-stop').click();
    await phone.getByText('Time logged').first().waitFor({ timeout: 30_000 });
    await shot(phone, '08-step-panel');
    await panel.getByTestId('action-submit').click();
    await phone.getByText('Submitted for review').first().waitFor({ timeout: 30_000 });

    // The manager returns it with a comment.
    await page.goto(`${base}/review`);
    const review = page.locator('[data-testid^=inbox-item-]').first();
    await expect.poll(() => review.innerText(), { timeout: 60_000 }).toContain('Prepare the board pack');
    await shot(page, '09-review-queue');
    await review.click();
    await page.getByTestId('step-text').fill('Add the budget table, please.');
    await page.getByTestId('action-return').click();
    await page.getByText('Returned for rework').first().waitFor({ timeout: 30_000 });

    // The assistant sees it back with the comment and resubmits.
    await phone.goto(`${base}/inbox`);
    const back = phone.locator('[data-testid^=inbox-item-]').first();
    await expect.poll(() => back.innerText(), { timeout: 60_000 }).toContain('Prepare the board pack');
    await back.click();
    await expect
      .poll(() => phone.getByTestId('step-panel').innerText(), { timeout: 30_000 })
      .toContain('Add the budget table, please.');
    await phone.getByTestId('step-panel').getByTestId('action-submit').click();
    await phone.getByText('Submitted for review').first().waitFor({ timeout: 30_000 });

    // The manager approves the second round.
    await page.goto(`${base}/review`);
    const again = page.locator('[data-testid^=inbox-item-]').first();
    await expect.poll(() => again.innerText(), { timeout: 60_000 }).toContain('Prepare the board pack');
    await again.click();
    await page.getByTestId('action-approve').click();
    await expect.poll(() => page.locator('[data-testid^=inbox-item-]').count(), { timeout: 30_000 }).toBe(0);

    // The monitor shows the path completed: the process status and the node states on its diagram.
    await page.goto(processUrl);
    await expect.poll(() => page.getByTestId('process-status').innerText(), { timeout: 60_000 }).toMatch(/completed/i);
    await page.locator('.react-flow__node.baton-state-done').first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot(page, '10-process-monitor');
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.BATON_REFRESH_SCREENSHOTS === '1') await page.screenshot({ path: README_SHOT });
  }
});
