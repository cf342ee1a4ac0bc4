import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';

// Debian's Chromium, as CI installs it; without it the browser test cannot run here and says so.
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results/designer');

if (!existsSync(CHROMIUM)) {
  console.warn(`web app browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

describe.skipIf(!existsSync(CHROMIUM))('web app in Chromium against npm-start-style Baton', () => {
  let server: BatonServer;
  let browser: Browser;
  let managerContext: BrowserContext;
  let page: Page;
  let base: string;
  let manager: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    manager = await server.addUser('manager', 'Maria Manager');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    managerContext = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
    page = await managerContext.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('keeps the designer behind the login and shows the role of who signed in', async () => {
    await page.goto(`${base}/designer`, { timeout: 120_000 });
    await page.getByTestId('login-email').waitFor({ timeout: 60_000 });
    await page.getByTestId('login-email').fill(manager.email);
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'login-error.png') });
    await page.getByTestId('login-password').fill(manager.password);
    await page.getByTestId('login-submit').click();
    // Back to the page asked for, with the manager's name and role in the header.
    await page.getByTestId('current-user').waitFor();
    // `/designer` creates a server draft at once and opens it.
    await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
    expect(await page.getByTestId('current-role').innerText()).toMatch(/manager/i);
  }, 180_000);

  const errorCount = () => page.getByTestId('validation-error-count').innerText();

  it('builds a template from the palette, fixes a validation error, edits, undoes and exports it', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${base}/designer`, { timeout: 120_000 });
    await page.getByTestId('node-start').waitFor({ timeout: 120_000 });

    // A blank template: start and end not connected, so validation reports errors.
    await expect.poll(errorCount, { timeout: 10_000 }).not.toMatch(/^0 /);

    // Drag a task from the palette onto the canvas.
    const canvas = page.locator('.react-flow__pane');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await page.getByTestId('palette-task').dragTo(canvas, { targetPosition: { x: box.width / 2, y: 80 } });
    await page.getByTestId('node-task-1').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'designer-dropped-task.png') });

    const connect = async (from: string, to: string) => {
      const source = page.locator(`[data-testid=node-${from}]`).locator('..').locator('.react-flow__handle.source');
      const target = page.locator(`[data-testid=node-${to}]`).locator('..').locator('.react-flow__handle.target');
      await source.hover();
      await page.mouse.down();
      const targetBox = await target.boundingBox();
      if (!targetBox) throw new Error(`no target handle on ${to}`);
      await page.mouse.move(targetBox.x + targetBox.width / 2, targetBox.y + targetBox.height / 2, { steps: 10 });
      await page.mouse.up();
    };
    await connect('start', 'task-1');
    await connect('task-1', 'end');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await expect.poll(errorCount, { timeout: 10_000 }).toMatch(/^0 /);

    // Clicking a reported issue focuses its node: add a loose approval, click its issue.
    // Dragged, not clicked: a click would wire it in after the selected task.
    await page
      .getByTestId('palette-approval')
      .dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height - 60 } });
    await page.getByTestId('node-approval-1').waitFor();
    await expect.poll(errorCount).not.toMatch(/^0 /);
    await page.getByTestId('validation-issue').first().click();
    await expect.poll(() => page.getByTestId('properties-node').getAttribute('data-node-id')).toBe('approval-1');
    await page.screenshot({ path: path.join(SHOTS, 'designer-validation.png') });
    await page.getByTestId('delete').click();
    await expect.poll(errorCount).toMatch(/^0 /);
    await page.getByTestId('fit-view').click();
    await page.waitForTimeout(400);

    // Edit the task in the properties panel; the canvas shows it, undo takes it back.
    await page.getByTestId('node-task-1').click();
    await page.getByTestId('prop-title').fill('Book the conference room');
    await expect.poll(() => page.getByTestId('node-task-1').innerText()).toContain('Book the conference room');
    await page.getByTestId('prop-due-add').click();
    await page.getByTestId('prop-due-example').waitFor();
    expect(await page.getByTestId('prop-due-example').innerText()).toMatch(/business days? after the start, at 17:00/);
    await page.screenshot({ path: path.join(SHOTS, 'designer-properties.png') });
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    // Edits to one node within a moment are one undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('node-task-1').innerText()).not.toContain('Book the conference room');

    // Export: the file is the template, with the task and both edges.
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as {
      nodes: { id: string; type: string }[];
      edges: { source: string; target: string }[];
    };
    expect(exported.nodes.map((node) => node.id).sort()).toEqual(['end', 'start', 'task-1']);
    expect(exported.edges.map((edge) => `${edge.source}->${edge.target}`).sort()).toEqual([
      'start->task-1',
      'task-1->end',
    ]);

    // The language switcher relabels the palette.
    await page.getByTestId('language-switcher').click();
    await page.getByRole('option', { name: 'Polski' }).click();
    await expect.poll(() => page.getByTestId('palette-task').innerText()).toBe('Zadanie');
    await page.screenshot({ path: path.join(SHOTS, 'designer-polish.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('previews the event plan timeline with deadlines from the deadline engine', async () => {
    await page.getByTestId('gallery').click();
    await page.getByTestId('gallery-event-organization').click();
    await page.getByTestId('node-stage-bookings').waitFor();
    // Auto-layout with elkjs (loaded on first use) moves the nodes.
    const before = await page.getByTestId('node-estimate').boundingBox();
    await page.getByTestId('layout').click();
    await expect
      .poll(async () => JSON.stringify(await page.getByTestId('node-estimate').boundingBox()))
      .not.toBe(JSON.stringify(before));
    await page.screenshot({ path: path.join(SHOTS, 'designer-layout.png') });
    await page.getByTestId('timeline-open').click();
    await page.getByTestId('timeline-parameter-eventDate').fill('2027-03-31');
    await expect.poll(() => page.getByTestId('timeline-row').count()).toBeGreaterThan(5);
    const text = await page.getByTestId('timeline').innerText();
    // The page is in Polish since the language switch above; deadlines read as words in it.
    // Planned in business days (the built-in event plan never falls due on a day off).
    // The built-in is written in the manager's language: Polish steps and parameters, not the library's English.
    expect(text).toContain('10 dni roboczych przed datą „Data wydarzenia”');
    expect(text).toContain('Przygotuj kosztorys');
    expect(text).not.toContain('Prepare the cost estimate');
    await page.screenshot({ path: path.join(SHOTS, 'designer-timeline.png') });
    await page.keyboard.press('Escape');
    // The properties panel edits the Polish text; the English one waits in the translations drawer.
    await page.getByTestId('node-estimate').click();
    await expect.poll(() => page.getByTestId('prop-title').inputValue()).toBe('Przygotuj kosztorys');
    await page.screenshot({ path: path.join(SHOTS, 'designer-gallery-polish-properties.png') });
    await page.getByTestId('translations-open').click();
    await expect
      .poll(() => page.getByRole('dialog').getByTestId('translation-nodes.estimate.title').inputValue())
      .toBe('Prepare the cost estimate');
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    await page.screenshot({ path: path.join(SHOTS, 'designer-gallery-english-side.png') });
    await page.keyboard.press('Escape');
  }, 60_000);
});
