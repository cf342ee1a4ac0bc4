import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { speak } from './browser';

// Debian's Chromium, as CI installs it; without it the browser test cannot run here and says so.
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.BATON_SHOTS_DIR ?? path.resolve(import.meta.dirname, '../../test-results/manager-build');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function signIn(page: Page, base: string, person: TestPerson) {
  await page.goto(`${base}/login`, { timeout: 120_000 });
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor({ state: 'attached', timeout: 30_000 });
}

describe.skipIf(!existsSync(CHROMIUM))('a manager builds a delegation from "New template", without JSON', () => {
  let server: BatonServer;
  let browser: Browser;
  let base: string;
  let manager: TestPerson;
  let assistant: TestPerson;
  let observer: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    manager = await server.addUser('manager', 'Maria Manager');
    assistant = await server.addUser('assistant', 'Adam Assistant');
    observer = await server.addUser('observer', 'Olga Observer');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('builds, sees a plain-words validation message and fixes it, publishes, starts it for a client; names, not ids', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    await context.addInitScript("localStorage.setItem('baton.language', 'en')");
    const page = await context.newPage();
    const shot = (name: string, on: Page = page) => on.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await signIn(page, base, manager);

    // Every click and every field filled while building counts: the target is fewer than 25.
    let interactions = 0;
    const click = async (target: Locator) => {
      interactions++;
      await target.click();
    };
    const fill = async (target: Locator, text: string) => {
      interactions++;
      await target.fill(text);
    };
    const choose = async (select: Locator, option: string) => {
      await click(select);
      await click(page.getByRole('option', { name: option, exact: true }));
    };

    await page.goto(`${base}/templates`);
    await shot('01-templates');
    // "New template" makes a server draft at once and opens it; autosave keeps every edit from here on.
    await click(page.getByTestId('template-new'));
    await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
    const designerUrl = page.url();
    await page.getByTestId('node-start').waitFor({ timeout: 30_000 });
    await fill(page.getByTestId('template-name-input'), 'Monthly report delegation');

    // One click on the palette: the task lands after the start, wired from it and on to the end, titled in words.
    await click(page.getByTestId('palette-task'));
    const task = page.getByTestId('node-task-1');
    await task.waitFor();
    expect(await task.innerText()).toContain('Task 1');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await fill(page.getByTestId('prop-title'), 'Prepare the monthly report');

    // The assignee becomes a person not yet chosen: validation says so in a manager's words, on the node and in the panel.
    await choose(page.getByTestId('prop-assignee').locator('input').first(), 'Person');
    const plain = 'Prepare the monthly report: choose who does this task';
    await expect.poll(() => page.getByTestId('validation-panel').innerText(), { timeout: 10_000 }).toContain(plain);
    expect(await page.getByTestId('node-issue-task-1').innerText()).toBe(plain);
    expect(await page.getByTestId('validation-panel').innerText()).not.toMatch(/personId|data\.|task-1/);
    await shot('02-validation-plain-words');
    await choose(page.getByTestId('prop-assignee-person'), assistant.name);
    await expect.poll(() => page.getByTestId('validation-error-count').innerText(), { timeout: 10_000 }).toMatch(/^0 /);

    // Reviewed by me (the starter), due 3 business days after the start at 17:00.
    await click(page.getByTestId('prop-with-reviewer'));
    await click(page.getByTestId('prop-due-add'));
    await fill(page.getByTestId('prop-due-amount'), '3');
    await expect
      .poll(() => page.getByTestId('prop-due-text').inputValue(), { timeout: 10_000 })
      .toBe('start + 3bd @17:00');

    // A reminder 2 hours before and an escalation when it is missed.
    const ladder = page.getByTestId('prop-escalation');
    await click(ladder.getByRole('switch', { name: "Use the template's ladder" }));
    await click(page.getByTestId('prop-escalation-add'));
    await choose(ladder.getByLabel('When').first(), 'before due');
    await choose(ladder.getByLabel('Action').first(), 'Remind the assignee');
    await click(page.getByTestId('prop-escalation-add'));
    await expect.poll(() => ladder.getByTestId('escalation-rung').count()).toBe(2);
    await ladder.scrollIntoViewIfNeeded();
    await ladder.screenshot({ path: path.join(SHOTS, '03-escalation-ladder.png') });
    const ladderText = await ladder.innerText();
    expect(ladderText).toContain(
      'Clock hours run day and night; business hours and business days count only working time.'
    );
    // Under each rung, whom it reaches with today's org chart (or that it is known only at the start).
    expect(ladderText).toMatch(/Reaches .+ with today’s org chart|known when the process starts/);

    // People by name on the canvas, never their ids.
    await expect.poll(() => task.innerText()).toContain(assistant.name);
    const card = await task.innerText();
    expect(card).toContain('AA');
    expect(card).not.toContain(assistant.id);
    expect(card).toContain('3 business days after the start, at 17:00');
    await expect.poll(() => page.getByTestId('draft-status').textContent(), { timeout: 30_000 }).toMatch(/^Saved/);
    await page.getByTestId('fit-view').click();
    await shot('04-designer-built');

    // Nothing is lost by leaving: the draft reopens as drawn.
    await page.goto(`${base}/templates`);
    await page.goto(designerUrl);
    await page.getByTestId('node-task-1').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('template-name').innerText()).toBe('Monthly report delegation');
    expect(await page.getByTestId('node-task-1').innerText()).toContain('Prepare the monthly report');

    await click(page.getByTestId('publish'));
    await click(page.getByTestId('publish-confirm'));
    await page.getByTestId('publish-dialog').waitFor({ state: 'hidden', timeout: 30_000 });
    console.log(`manager build interactions (clicks + fields filled): ${interactions}`);
    expect(interactions).toBeLessThan(25);

    // Start it naming the client, an observer.
    await page.getByTestId('start-process').click();
    await page.getByTestId('start-owner').click();
    await page.getByRole('option', { name: `${observer.name} (${observer.email})` }).click();
    await shot('05-start-form');
    await page.getByTestId('start-submit').click();
    await page.waitForURL((url) => /^\/processes\/(?!start$)[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const started = (await (await server.adminFetch(`/api/processes/${processId}`)).json()) as { owner: string };
    expect(started.owner).toBe(observer.id);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await shot('06-process-page');
    const processText = await page.locator('.react-flow').innerText();
    expect(processText).toContain(assistant.name);
    expect(processText).not.toContain(assistant.id);

    // The client sees the process's steps with people by name though observers cannot list people; the office's
    // diagram is not theirs to see.
    const clientContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    await clientContext.addInitScript("localStorage.setItem('baton.language', 'en')");
    const client = await clientContext.newPage();
    await signIn(client, base, observer);
    await client.goto(`${base}/processes/${processId}`);
    const steps = client.getByTestId('process-steps');
    await steps.waitFor({ timeout: 60_000 });
    await expect.poll(() => steps.innerText(), { timeout: 30_000 }).toContain(assistant.name);
    expect(await client.locator('main').innerText()).not.toContain(assistant.id);
    expect(await client.locator('.react-flow').count()).toBe(0);
    await shot('06b-client-process-page', client);
    await clientContext.close();

    // "Use this template" on a built-in gives a name of its own.
    await page.goto(`${base}/templates`);
    await page.getByTestId('gallery-use-delegation-with-review').click();
    await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('template-name').innerText(), { timeout: 30_000 })
      .toBe('Delegate a task with review (2)');
    // A recurrence on the start node says what schedules it (a duty) instead of silently doing nothing.
    await page.getByTestId('node-start').click();
    await page.getByTestId('properties').getByLabel('Trigger').click();
    await page.getByRole('option', { name: 'recurrence', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('recurrence-needs-duty').innerText())
      .toContain('offers to schedule it as a duty');
    await page.getByTestId('recurrence-needs-duty').scrollIntoViewIfNeeded();
    await shot('07a-recurrence-needs-duty');

    // A long staged plan: the timeline names the months and fits the dialog.
    await page.goto(`${base}/templates`);
    await page.getByTestId('gallery-use-event-organization').click();
    await page.waitForURL(/\/designer\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId('node-start').waitFor({ timeout: 30_000 });
    const eventDesigner = page.url();
    await page.getByTestId('timeline-open').click();
    await expect.poll(() => page.getByTestId('timeline-row').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const months = await page.getByTestId('timeline-months').innerText();
    expect(months).toMatch(/January|February|March|April|May|June|July|August|September|October|November|December/);
    const dialog = await page.getByTestId('timeline').locator('.mantine-Modal-content').boundingBox();
    const bars = await page
      .locator('.baton-gantt-bar')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().right));
    expect(Math.max(...bars)).toBeLessThanOrEqual((dialog?.x ?? 0) + (dialog?.width ?? 0));
    await shot('07-timeline');
    await page.keyboard.press('Escape');

    // The organizer is an assistant: managers, admins and observers are not offered.
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-dialog').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.getByTestId('start-process').click();
    await page.getByTestId('param-organizer').click();
    const offered = await page.getByRole('listbox').innerText();
    expect(offered).toContain(assistant.name);
    expect(offered).not.toContain(manager.name);
    expect(offered).not.toContain(observer.name);
    expect(offered).not.toContain('admin');
    await shot('08-start-organizer');
    expect(pageErrors).toEqual([]);

    // The same in Polish: no English on the page, validation in Polish.
    const polish = await browser.newContext({ viewport: DESKTOP, locale: 'pl-PL' });
    await polish.addInitScript("localStorage.setItem('baton.language', 'pl')");
    const pl = await polish.newPage();
    await signIn(pl, base, manager);
    // The manager's language is kept on the server: changed in the header, as a person does.
    await speak(pl, 'pl');
    await pl.goto(designerUrl);
    await pl.getByTestId('node-task-1').click();
    await pl.getByTestId('palette-task').click();
    await pl.getByTestId('node-task-2').waitFor();
    expect(await pl.getByTestId('node-task-2').innerText()).toContain('Zadanie 2');
    await pl.getByTestId('prop-assignee').locator('input').first().click();
    await pl.getByRole('option', { name: 'Osoba', exact: true }).click();
    await expect
      .poll(() => pl.getByTestId('validation-panel').innerText(), { timeout: 10_000 })
      .toContain('Zadanie 2: wybierz, kto wykona to zadanie');
    await pl.getByTestId('fit-view').click();
    await shot('09-designer-polish', pl);
    // The ladder in longer words: nothing cut.
    await pl.getByTestId('node-task-1').click();
    const plLadder = pl.getByTestId('prop-escalation');
    await plLadder.scrollIntoViewIfNeeded();
    expect(await plLadder.innerText()).toContain('Godziny zegarowe płyną całą dobę');
    await plLadder.screenshot({ path: path.join(SHOTS, '09b-escalation-polish.png') });
    // A rung to the assistant's manager, who does not exist (Adam reports to nobody): warned at design time.
    await plLadder.getByLabel('Działanie').nth(1).click();
    await pl.getByRole('option', { name: 'Eskaluj do przełożonego wykonawcy', exact: true }).click();
    await expect
      .poll(() => pl.getByTestId('validation-panel').innerText(), { timeout: 10_000 })
      .toContain('szczebel eskalacji 2 nie dotrze do przełożonego osoby Adam Assistant, która nikomu nie podlega');
    await shot('09d-escalation-target-warning-polish', pl);
    await polish.close();

    // Russian: the palette, a node's card and the timeline read in Russian.
    const russian = await browser.newContext({ viewport: DESKTOP, locale: 'ru-RU' });
    await russian.addInitScript("localStorage.setItem('baton.language', 'ru')");
    const ru = await russian.newPage();
    await signIn(ru, base, manager);
    await speak(ru, 'ru');
    await ru.goto(designerUrl);
    await ru.getByTestId('node-task-1').click();
    expect(await ru.getByTestId('node-task-1').innerText()).toContain('3 рабочих дня от старта, в 17:00');
    await shot('09c-designer-russian', ru);
    await russian.close();

    // A phone: the templates page, the designer and the start form still read.
    const phoneContext = await browser.newContext({ viewport: PHONE, locale: 'en-GB', isMobile: true, hasTouch: true });
    await phoneContext.addInitScript("localStorage.setItem('baton.language', 'en')");
    const phone = await phoneContext.newPage();
    await signIn(phone, base, manager);
    await speak(phone, 'en');
    await phone.goto(`${base}/templates`);
    await phone.getByTestId('template-new').waitFor();
    await shot('10-phone-templates', phone);
    await phone.goto(designerUrl);
    await phone.getByTestId('node-start').waitFor({ timeout: 30_000 });
    // Opening a draft is not an edit: React Flow measuring its nodes must not mark it unsaved.
    await phone.waitForTimeout(2000);
    expect(await phone.getByTestId('draft-status').textContent()).toBe('No changes');
    await shot('11-phone-designer', phone);
    await phone.goto(eventDesigner.replace(/\/designer\/([^/]+)$/, '/processes/start?templateId=$1'));
    await phone.getByTestId('start-submit').waitFor({ timeout: 30_000 });
    await shot('12-phone-start', phone);
    await phoneContext.close();
    await context.close();
  }, 600_000);
});
