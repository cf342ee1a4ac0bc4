import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, signIn, speak } from './browser';
import { buildCs } from '../src/i18n/locales/build.cs';
import { buildPl } from '../src/i18n/locales/build.pl';
import { englishOnPage, type Finding } from './english-sweep';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/no-english');
/** The built-in template's step as the designer's canvas shows it to a reader of each language. */
const ARCHIVE_TITLE: Record<'pl' | 'cs' | 'ru', string> = {
  pl: 'Zarchiwizuj podpisaną umowę',
  cs: 'Archivujte podepsanou smlouvu',
  ru: 'Заархивируйте подписанный договор',
};
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const LANGUAGES = ['pl', 'cs', 'ru'] as const;
type Language = (typeof LANGUAGES)[number];
/** The step's due date explained in the reader's words: 3 business days after the date the contract was signed. */
const DUE_EXPLANATION: Record<Language, RegExp> = {
  pl: /: 3 dni robocze po „Data podpisania lub otrzymania” z dnia /,
  cs: /: 3 pracovní dny po „Podepsáno nebo přijato dne“ ze dne /,
  ru: /: 3 рабочих дня после «Дата подписания или получения» \(/,
};

/** The page has drawn its data: no loader spins, no animation runs, and the live stream has had a moment. */
async function settled(page: Page) {
  await page.locator('main').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.mantine-Loader-root').length === 0, undefined, {
    timeout: 30_000,
  });
  await page.waitForTimeout(700);
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
}

/**
 * A manager and an assistant switched to Polish, Czech and Russian read no English on the pages of their day: no
 * English catalog text, no raw key, no English sentence written in code or sent by the server. Only their own data
 * (names, the contract's title) stays as they wrote it.
 */
describe.skipIf(!existsSync(CHROMIUM))('no English for a Polish, Czech or Russian reader', () => {
  let server: BatonServer;
  let browser: Browser;
  let manager: TestPerson;
  let assistant: TestPerson;
  let templateId: string;
  let processId: string;
  /** The template's own texts in its default language, which the designer edits (its translations are a drawer). */
  let templateTexts: string[] = [];
  const CONTRACT = 'Umowa 7/2027';

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    manager = await server.addUser('manager', 'Jan Novák');
    assistant = await server.addUser('assistant', 'Anna Nowak');
    browser = await launchChromium();
    const templates = (await (await server.adminFetch('/api/templates?limit=100')).json()) as {
      items: { id: string; name: string }[];
    };
    templateId = templates.items.find((template) => template.name === 'Archive a signed contract')?.id ?? '';
    expect(templateId).not.toBe('');
    const template = (await (await server.adminFetch(`/api/templates/${templateId}`)).json()) as Record<
      string,
      unknown
    >;
    const texts = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.flatMap(texts)
          : typeof value === 'object' && value !== null
            ? Object.entries(value).flatMap(([key, inner]) => (key === 'translations' ? [] : texts(inner)))
            : [];
    templateTexts = texts(template).filter((text) => /\s/.test(text));
    expect(templateTexts).toContain('Archive the signed contract');
    // The manager starts it, so it is his process on his list.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: manager.email, password: manager.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const started = await fetch(`${server.url}/api/processes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({
        templateId,
        params: { assistant: assistant.id, contract: CONTRACT, signedOn: new Date().toISOString().slice(0, 10) },
      }),
    });
    expect(started.status).toBe(201);
    processId = ((await started.json()) as { id: string }).id;
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The manager's new templates from the designer's blank page keep the name they got in the language of the day.
  const own = () => [
    manager.name,
    assistant.name,
    'Admin',
    CONTRACT,
    'Baton',
    'PostgreSQL',
    'Temporal',
    buildPl.build.newTemplateName,
    buildCs.build.newTemplateName,
  ];

  async function sweep(page: Page, language: Language, where: string, findings: Record<string, Finding[]>) {
    await settled(page);
    const designer = new URL(page.url()).pathname.startsWith('/designer');
    const found = await englishOnPage(page, language, designer ? [...own(), ...templateTexts] : own());
    if (found.length > 0) findings[`${language} ${where}`] = found;
  }

  async function bell(page: Page, language: Language, who: string, findings: Record<string, Finding[]>) {
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-list').waitFor();
    await sweep(page, language, `${who} bell`, findings);
  }

  for (const language of LANGUAGES) {
    it(`an assistant and a manager in ${language} read no English`, async () => {
      const findings: Record<string, Finding[]> = {};

      for (const viewport of [DESKTOP, PHONE]) {
        const size = viewport === PHONE ? 'phone' : 'desktop';
        const shot = (page: Page, name: string) =>
          page.screenshot({ path: path.join(SHOTS, `${name}-${language}-${size}.png`) });

        // The assistant: inbox, her step, the bell, the processes, the process, the reports.
        const context = await personContext(browser, viewport);
        const page = await context.newPage();
        await signIn(page, server.url, assistant);
        await speak(page, language);
        await page.goto(`${server.url}/inbox`);
        await page.locator('[data-testid^=inbox-item-]').first().waitFor();
        await sweep(page, language, `assistant inbox ${size}`, findings);
        await shot(page, 'inbox');
        await page.locator('[data-testid^=inbox-item-]').first().click();
        await page.getByTestId('step-panel').waitFor();
        await expect
          .poll(() => page.getByTestId('step-due-explanation').textContent())
          .toMatch(DUE_EXPLANATION[language]);
        await sweep(page, language, `assistant step ${size}`, findings);
        await page.screenshot({ path: path.join(SHOTS, `step-${language}-${size}.png`), fullPage: true });
        await bell(page, language, `assistant ${size}`, findings);
        await shot(page, 'bell');
        await page.keyboard.press('Escape');
        if (viewport === DESKTOP) {
          await page.goto(`${server.url}/processes`);
          await page.getByTestId('processes-table').waitFor();
          await sweep(page, language, 'assistant processes', findings);
          await page.goto(`${server.url}/processes/${processId}`);
          await page.getByTestId('process-steps').waitFor();
          await expect
            .poll(() => page.getByTestId('due-explanation-archive').textContent())
            .toMatch(DUE_EXPLANATION[language]);
          await sweep(page, language, 'assistant process', findings);
          await shot(page, 'process-assistant');
          await page.goto(`${server.url}/reports`);
          await sweep(page, language, 'assistant reports', findings);
        }
        await context.close();

        // The manager: templates, the designer, processes, the process, the reports, the bell.
        const managerContext = await personContext(browser, viewport);
        const managerPage = await managerContext.newPage();
        await signIn(managerPage, server.url, manager);
        await speak(managerPage, language);
        await managerPage.goto(`${server.url}/designer/${templateId}`);
        await managerPage.getByTestId('validation-panel').waitFor({ state: 'attached' });
        await managerPage.locator('.react-flow__node').getByText(ARCHIVE_TITLE[language], { exact: true }).waitFor();
        await sweep(managerPage, language, `manager designer ${size}`, findings);
        await shot(managerPage, 'designer');
        if (viewport === DESKTOP) {
          await managerPage.goto(`${server.url}/designer`);
          await sweep(managerPage, language, 'manager new designer', findings);
          await shot(managerPage, 'designer-new');
          await managerPage.goto(`${server.url}/templates`);
          await sweep(managerPage, language, 'manager templates', findings);
          await managerPage.goto(`${server.url}/processes`);
          await managerPage.getByTestId('processes-table').waitFor();
          await sweep(managerPage, language, 'manager processes', findings);
          await managerPage.goto(`${server.url}/processes/${processId}`);
          await managerPage.getByTestId('process-steps').waitFor();
          await sweep(managerPage, language, 'manager process', findings);
          await shot(managerPage, 'process');
          await managerPage.goto(`${server.url}/reports`);
          await sweep(managerPage, language, 'manager reports', findings);
          await shot(managerPage, 'reports');
          await managerPage.goto(`${server.url}/inbox`);
          await sweep(managerPage, language, 'manager inbox', findings);
        }
        await bell(managerPage, language, `manager ${size}`, findings);
        await managerContext.close();
      }
      expect(findings).toEqual({});
    }, 400_000);
  }
});
