import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../workflows/template';
import { clientRequest } from '../../workflows/template/library';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/client-day');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const INTERNAL = 'Ten klient zawsze płaci z opóźnieniem';
const ANSWER = 'Wysłaliśmy fakturę za marzec ponownie, sprawdź skrzynkę.';

/** A browser context that reads Baton in the given language from the first page on. */
async function inLanguage(browser: Browser, viewport: { width: number; height: number }, language: string) {
  const context = await personContext(browser, viewport);
  await context.addInitScript(`localStorage.setItem('baton.language', '${language}')`);
  return context;
}

/**
 * A client's day: a Polish client sends a request from the client request form on a phone, sees it acknowledged,
 * the assistant writes an internal note and a public answer, and the client sees the answer (live) and never the note.
 */
describe.skipIf(!existsSync(CHROMIUM))('the client’s day in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let clientPhone: BrowserContext;
  let assistantDesktop: BrowserContext;
  let base: string;
  let client: TestPerson;
  let assistant: TestPerson;
  let templateId: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    client = await server.addUser('observer', 'Karol Wiśniewski');
    // The built-in client request, marked "clients may start", in a Polish office's words, Anna answering.
    const localized = { en: 'Your name', pl: 'Imię i nazwisko', cs: 'Jméno', ru: 'Имя' };
    const template: TemplateInput = {
      ...clientRequest,
      clientsMayStart: true,
      parameters: [
        { name: 'assistant', type: 'person', label: 'Assistant', required: true, default: assistant.id },
        { name: 'client', type: 'text', label: 'Client', title: localized, required: true },
        {
          name: 'request',
          type: 'text',
          label: 'Request',
          title: { en: 'Your request', pl: 'Twoje zgłoszenie', cs: 'Váš požadavek', ru: 'Ваш запрос' },
          multiline: true,
          required: true,
        },
        {
          name: 'urgent',
          type: 'boolean',
          label: 'Urgent',
          title: { en: 'Urgent', pl: 'Pilne', cs: 'Naléhavé', ru: 'Срочно' },
          default: false,
        },
      ],
      nodes: clientRequest.nodes.map((node) =>
        node.id === 'answer' && node.type === 'task'
          ? { ...node, data: { ...node.data, title: 'Odpowiedź na zgłoszenie klienta' } }
          : node
      ),
    };
    templateId = await server.publishTemplate('Zgłoszenie klienta', template);
    browser = await launchChromium();
    clientPhone = await inLanguage(browser, PHONE, 'pl');
    assistantDesktop = await personContext(browser, DESKTOP);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('sends a request, sees it acknowledged, sees the public answer and never the internal note', async () => {
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    const phone = await clientPhone.newPage();
    const desk = await assistantDesktop.newPage();
    const pageErrors: string[] = [];
    phone.on('pageerror', (error) => pageErrors.push(`client: ${String(error)}`));
    desk.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    try {
      await day(phone, desk, shot);
    } catch (error) {
      await shot(phone, 'failure-client');
      await shot(desk, 'failure-assistant');
      throw error;
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('lets the assistant log a request on the client’s behalf: the client owns it and sees it', async () => {
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    // A fresh desktop for the assistant (the first test's one is signed in already).
    const desk = await (await personContext(browser, DESKTOP)).newPage();
    await signIn(desk, base, assistant);
    await desk.goto(`${base}/requests/new?template=${templateId}`);
    await sees(desk.locator('body'), 'Log a client’s request', 'Client', 'Received', 'Copy the link');
    // Sending without a client says what is missing.
    await desk.getByTestId('param-request').fill('Klient dzwonił: prosi o kopię umowy.');
    await desk.getByTestId('param-client').fill('Karol Wiśniewski');
    await desk.getByTestId('request-send').click();
    await sees(desk.locator('body'), 'Required');
    await desk.getByTestId('request-owner').click();
    await desk.getByRole('option', { name: 'Karol Wiśniewski' }).click();
    await shot(desk, '08-assistant-logs-request-desktop');
    await desk.getByTestId('request-send').click();
    await desk.waitForURL((url) => /^\/processes\/[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processId = desk.url().split('/').pop()!;
    const detail = (await (await server.adminFetch(`/api/processes/${processId}`)).json()) as {
      owner: string;
      starter: string;
    };
    expect([detail.owner, detail.starter]).toEqual([client.id, assistant.id]);
    const phone = await clientPhone.newPage();
    await phone.goto(`${base}/processes/${processId}`);
    await sees(phone.getByTestId('request-received'), 'Otrzymaliśmy Twoje zgłoszenie');
    await sees(phone.locator('body'), 'Klient dzwonił: prosi o kopię umowy.');
    await shot(phone, '09-client-sees-logged-request-pl-phone');
  }, 300_000);

  async function day(phone: Page, desk: Page, shot: (page: Page, name: string) => Promise<Buffer>) {
    await signIn(phone, base, client);
    // The form's shareable link; the client's name is filled in, the assistant is not asked for.
    await phone.goto(`${base}/requests/new?template=${templateId}`);
    await sees(phone.getByTestId('request-form-title'), 'Odpowiedź na zapytanie klienta');
    expect(await phone.getByTestId('param-client').inputValue()).toBe('Karol Wiśniewski');
    expect(await phone.getByTestId('param-assistant').count()).toBe(0);
    await sees(phone.locator('body'), 'Twoje zgłoszenie', 'Pilne', 'Wyślij zgłoszenie');
    await phone.getByTestId('param-request').fill('Proszę o ponowne przesłanie faktury za marzec.');
    await shot(phone, '01-client-request-form-pl-phone');
    await phone.getByTestId('request-send').click();
    await phone.waitForURL((url) => /^\/processes\/[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processUrl = phone.url();
    const processId = processUrl.split('/').pop()!;
    await sees(phone.getByTestId('request-received'), 'Otrzymaliśmy Twoje zgłoszenie');
    expect(await phone.getByTestId('process-cancel').count()).toBe(0);
    // The office's diagram is not the client's business; the steps and the history are.
    expect(await phone.getByTestId('process-diagram').count()).toBe(0);
    await sees(phone.locator('body'), 'Twoje zgłoszenie', 'Pilne', 'Kroki', 'Historia');
    await shot(phone, '02-client-acknowledged-pl-phone');

    // Anna opens the step: an internal note (the default), then a public answer.
    const stepId = await server.firstStepId(processId);
    await signIn(desk, base, assistant);
    await desk.goto(`${base}/inbox/${stepId}`);
    const panel = desk.getByTestId('step-panel');
    await sees(panel, 'Odpowiedź na zgłoszenie klienta', 'Proszę o ponowne przesłanie faktury za marzec.');
    await sees(panel, 'Internal: only staff see this');
    await panel.getByTestId('step-text').fill(INTERNAL);
    await panel.getByTestId('action-comment').click();
    await sees(panel.getByTestId('comments'), INTERNAL, 'Internal: only staff see this');
    await panel.getByTestId('step-text').fill(ANSWER);
    await panel.getByTestId('comment-public').click();
    await panel.getByTestId('action-comment').click();
    await sees(panel.getByTestId('comments'), ANSWER, 'Public: the client reads it');
    // The next comment is internal again unless switched on anew.
    expect(await panel.getByRole('switch', { name: 'Public: the client reads it' }).isChecked()).toBe(false);
    await shot(desk, '03-assistant-internal-and-public-desktop');

    // The client's page shows the answer by itself, never the note.
    const history = phone.getByTestId('process-audit');
    await sees(history, ANSWER);
    expect(await phone.locator('body').innerText()).not.toContain(INTERNAL);
    await shot(phone, '04-client-sees-answer-pl-phone');
    // The client answers back (always public) and sees it in the history.
    await phone.getByTestId('process-comment-text').fill('Dziękuję, dotarła.');
    await phone.getByTestId('process-comment-send').click();
    await sees(history, 'Dziękuję, dotarła.');
    expect(await phone.locator('body').innerText()).not.toContain(INTERNAL);
    await shot(phone, '05-client-thanks-pl-phone');

    // The same page on a desktop, in Polish and in English.
    for (const language of ['pl', 'en']) {
      const context = await inLanguage(browser, DESKTOP, language);
      const page = await context.newPage();
      await signIn(page, base, client);
      await page.goto(processUrl);
      await sees(page.getByTestId('process-audit'), ANSWER, 'Dziękuję, dotarła.');
      expect(await page.locator('body').innerText()).not.toContain(INTERNAL);
      expect(await page.getByTestId('process-cancel').count()).toBe(0);
      await shot(page, `06-client-process-${language}-desktop`);
      await context.close();
    }
    // The assistant sees both, each marked.
    await desk.goto(processUrl);
    await sees(desk.getByTestId('process-audit'), INTERNAL, ANSWER, 'Internal: only staff see this');
    await shot(desk, '07-assistant-process-desktop');
  }
});
