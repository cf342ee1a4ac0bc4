import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/language');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** What the server keeps as the signed-in person's language (the page's own session). */
const storedLanguage = (page: Page) =>
  page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { language: string | null }).language);

async function pick(page: Page, label: string) {
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: label }).click();
}

/**
 * A person's language is theirs, not the browser's: a new user gets the browser's at the first sign-in, keeps it in
 * another browser, changes it in the header, and may pick one on the login page before signing in.
 */
describe.skipIf(!existsSync(CHROMIUM))("a person's language in the browser", () => {
  let server: BatonServer;
  let browser: Browser;
  let anna: TestPerson;
  let ivan: TestPerson;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    anna = await server.addUser('assistant', 'Anna Kowalska');
    ivan = await server.addUser('manager', 'Ivan Petrov');
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("takes a Polish browser's language at the first sign-in and keeps it in an English browser", async () => {
    const polish = await browser.newContext({ viewport: DESKTOP, locale: 'pl-PL' });
    const page = await polish.newPage();
    await page.goto(`${server.url}/login`, { timeout: 120_000 });
    await sees(page.locator('body'), 'Zaloguj się do Baton');
    await page.screenshot({ path: path.join(SHOTS, 'login-pl-desktop.png') });
    await signIn(page, server.url, anna);
    await sees(page.locator('nav'), 'Skrzynka', 'Procesy');
    expect(await storedLanguage(page)).toBe('pl');
    await page.screenshot({ path: path.join(SHOTS, 'inbox-pl-desktop.png') });
    await polish.close();

    // An English browser (its own storage says English): the login page is English, the app after it Polish.
    const english = await personContext(browser, PHONE);
    const phone = await english.newPage();
    await phone.goto(`${server.url}/login`, { timeout: 120_000 });
    await sees(phone.locator('body'), 'Sign in to Baton');
    await signIn(phone, server.url, anna);
    await sees(phone.locator('body'), 'Wyloguj');
    expect(await phone.getByTestId('language-switcher').inputValue()).toBe('Polski');
    await phone.screenshot({ path: path.join(SHOTS, 'inbox-pl-phone.png') });

    // Changed in the header, the language is hers on the server too.
    await pick(phone, 'Čeština');
    await sees(phone.locator('body'), 'Odhlásit');
    await expect.poll(() => storedLanguage(phone)).toBe('cs');
    await phone.screenshot({ path: path.join(SHOTS, 'inbox-cs-phone.png') });
    await english.close();
  }, 180_000);

  it("a language picked on the login page is the person's from then on", async () => {
    const context = await personContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`, { timeout: 120_000 });
    await pick(page, 'Русский');
    await sees(page.locator('body'), 'Войти');
    await page.screenshot({ path: path.join(SHOTS, 'login-ru-desktop.png') });
    await signIn(page, server.url, ivan);
    await sees(page.locator('nav'), 'Шаблоны');
    expect(await storedLanguage(page)).toBe('ru');
    await page.screenshot({ path: path.join(SHOTS, 'templates-ru-desktop.png') });

    // Signed out, the login page stays in the language this browser showed last.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await sees(page.locator('body'), 'Войти');
    await context.close();

    const phone = await personContext(browser, PHONE);
    const login = await phone.newPage();
    await login.goto(`${server.url}/login`, { timeout: 120_000 });
    await pick(login, 'Русский');
    await login.screenshot({ path: path.join(SHOTS, 'login-ru-phone.png') });
    await phone.close();
  }, 180_000);

  it("shows a built-in template's steps, checklist, process and designer in the reader's language", async () => {
    const piotr = await server.addUser('assistant', 'Piotr Wiśniewski');
    const templates = (await (await server.adminFetch('/api/templates?limit=100')).json()) as {
      items: { id: string; name: string }[];
    };
    const templateId = templates.items.find((template) => template.name === 'Archive a signed contract')?.id;
    if (!templateId) throw new Error('the built-in “Archive a signed contract” is not in the template list');
    const processId = await server.startProcess(templateId, {
      params: {
        assistant: piotr.id,
        contract: 'Umowa najmu 7/2027',
        signedOn: new Date().toISOString().slice(0, 10),
      },
    });

    // Piotr's browser is Polish: his inbox and step read Polish, only his own data (the contract) is not translated.
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport, locale: 'pl-PL' });
      const page = await context.newPage();
      await signIn(page, server.url, piotr);
      await page.goto(`${server.url}/inbox`);
      const item = page.locator('[data-testid^=inbox-item-]').first();
      await sees(item, 'Zarchiwizuj podpisaną umowę', 'Archiwizacja podpisanej umowy');
      const size = viewport === PHONE ? 'phone' : 'desktop';
      await page.screenshot({ path: path.join(SHOTS, `template-inbox-pl-${size}.png`) });
      await item.click();
      const panel = page.getByTestId('step-panel');
      await sees(
        panel,
        'Zeskanuj ją',
        'Oryginał odłożony do archiwum',
        'Wpisana do rejestru umów',
        'Umowa najmu 7/2027'
      );
      expect(await panel.innerText()).not.toMatch(/Archive the signed contract|Registered in the contract register/);
      await page.screenshot({ path: path.join(SHOTS, `template-step-pl-${size}.png`), fullPage: true });
      // The new-step notice reads Polish too, rendered from its key for him.
      await page.getByTestId('bell').click();
      const bell = page.getByTestId('bell-list');
      await sees(bell, 'Nowy krok dla Ciebie', 'Zarchiwizuj podpisaną umowę');
      expect(await bell.innerText()).not.toMatch(/New step for you/);
      await page.waitForFunction(() => document.getAnimations().every((item) => item.playState !== 'running'));
      await page.screenshot({ path: path.join(SHOTS, `template-bell-pl-${size}.png`) });
      await context.close();
    }

    // The admin picks Czech on the login page: the process page, templates list and designer read Czech.
    const context = await personContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`, { timeout: 120_000 });
    await pick(page, 'Čeština');
    await signIn(page, server.url, { id: '', name: 'Admin', email: ADMIN_EMAIL, password: server.adminPassword });
    await page.goto(`${server.url}/processes/${processId}`);
    await sees(page.locator('main'), 'Archivace podepsané smlouvy', 'Archivujte podepsanou smlouvu');
    await page.screenshot({ path: path.join(SHOTS, 'template-process-cs-desktop.png'), fullPage: true });
    await page.goto(`${server.url}/templates`);
    await sees(page.locator('main'), 'Archivace podepsané smlouvy', 'Delegování s kontrolou');
    await page.screenshot({ path: path.join(SHOTS, 'template-list-cs-desktop.png') });
    await page.goto(`${server.url}/designer/${templateId}`);
    await page.getByTestId('translations-open').click();
    const drawer = page.getByRole('dialog');
    await sees(drawer, 'Archive the signed contract', 'Jazyky této šablony');
    expect(await drawer.getByTestId('translation-nodes.archive.title').inputValue()).toBe(
      'Archivujte podepsanou smlouvu'
    );
    // The drawer has slid in before it is pictured.
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    await page.screenshot({ path: path.join(SHOTS, 'template-translations-cs-desktop.png') });
    // Emptying a Czech text warns of it in the validation panel.
    await drawer.getByTestId('translation-nodes.archive.title').fill('');
    await page.keyboard.press('Escape');
    await sees(page.getByTestId('validation-panel'), 'Texty bez českého překladu: 1');
    await page.screenshot({ path: path.join(SHOTS, 'template-designer-warning-cs-desktop.png') });
    await context.close();
  }, 240_000);
});
