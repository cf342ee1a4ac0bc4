import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../workflows/template';
import { at, path as along } from '../../workflows/template/library/build';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/step-files');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const INTERNAL = 'Bank asked for the signed mandate, attached; the client must not see our notes.';
const PUBLIC = 'Here is the account agreement for your records.';
const PASSWORD = 'Tr0ub4dor&3-bank';
const IBAN = 'PL61 1090 1014 0000 0712 1981 2874';

/** Opening a client's bank account: the assistant prepares it (a note, the portal password, the IBAN), Marek checks. */
function accountTemplate(assistant: TestPerson, reviewer: TestPerson): TemplateInput {
  return {
    schemaVersion: 1,
    id: 'client-bank-account',
    name: 'Open a client’s bank account',
    calendarId: 'pl',
    parameters: [{ name: 'client', type: 'text', label: 'Client', required: true }],
    nodes: [
      { id: 'start', type: 'start', position: at(0), data: {} },
      {
        id: 'prepare',
        type: 'task',
        position: at(1),
        data: {
          title: 'Open the bank account',
          assignee: { kind: 'person', personId: assistant.id },
          reviewer: { kind: 'person', personId: reviewer.id },
          form: [
            { name: 'note', label: 'Note', type: 'text', required: false },
            { name: 'portalPassword', label: 'Bank portal password', type: 'text', sensitive: 'credential' },
            { name: 'iban', label: 'Account number (IBAN)', type: 'text', sensitive: 'iban' },
          ],
        },
      },
      { id: 'end', type: 'end', position: at(2), data: {} },
    ],
    edges: along('start', 'prepare', 'end'),
  };
}

/**
 * Files on a step's comments: the assistant attaches a PDF to an internal comment and another to a public one from
 * the step panel; the reviewer sees both in the step's record and downloads them; the process's client sees the
 * public one only (on a phone and a desktop).
 */
describe.skipIf(!existsSync(CHROMIUM))('files on a step’s comments, in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let base: string;
  let assistant: TestPerson;
  let reviewer: TestPerson;
  let client: TestPerson;
  let processId: string;
  let stepId = '';

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    reviewer = await server.addUser('manager', 'Marek Nowak');
    client = await server.addUser('observer', 'Karol Wiśniewski');
    const templateId = await server.publishTemplate(
      'Open a client’s bank account',
      accountTemplate(assistant, reviewer)
    );
    processId = await server.startProcess(templateId, { params: { client: 'Karol Wiśniewski' }, owner: client.id });
    // The step row appears once the workflow has run its first transition.
    stepId = await server.firstStepId(processId);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const shot = async (page: Page, name: string, at?: string) => {
    if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !at });
  };

  /** Writes a comment with one PDF from the step panel and sends it, public or internal. */
  const comment = async (page: Page, text: string, file: string, visibility: 'public' | 'internal') => {
    await page.getByTestId('step-text').fill(text);
    await page
      .getByTestId('step-comment-files')
      .locator('input[type=file]')
      .setInputFiles({ name: file, mimeType: 'application/pdf', buffer: PDF });
    await sees(page.getByTestId('step-comment-files'), file);
    if (visibility === 'public') await page.getByTestId('comment-public').click();
  };

  it('attaches files to internal and public step comments; the reviewer reads both, the client the public one', async () => {
    const pageErrors: string[] = [];
    const anna = await (await personContext(browser, DESKTOP)).newPage();
    anna.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    await signIn(anna, base, assistant);
    await anna.goto(`${base}/inbox/${stepId}`);
    await sees(anna.getByTestId('step-title'), 'Open the bank account');
    await sees(anna.getByTestId('step-comment-files'), 'Attach files');

    await comment(anna, INTERNAL, 'bank-mandate.pdf', 'internal');
    await shot(anna, '01-assistant-internal-comment-with-file-desktop', 'step-comment-files');
    await anna.getByTestId('action-comment').click();
    await sees(anna.getByTestId('comments'), INTERNAL, 'bank-mandate.pdf', 'Internal');
    // The box is empty again for the next comment, files included.
    await expect.poll(() => anna.getByTestId('step-comment-files').getByTestId('file-chosen').count()).toBe(0);
    await comment(anna, PUBLIC, 'account-agreement.pdf', 'public');
    await anna.getByTestId('action-comment').click();
    await sees(anna.getByTestId('comments'), PUBLIC, 'account-agreement.pdf');
    await shot(anna, '02-assistant-comments-with-files-desktop', 'comments');

    // Marek (the reviewer) on a phone: both comments with their files in the step's record; he downloads the mandate.
    const marek = await (await personContext(browser, PHONE)).newPage();
    marek.on('pageerror', (error) => pageErrors.push(`reviewer: ${String(error)}`));
    await signIn(marek, base, reviewer);
    await marek.goto(`${base}/inbox/${stepId}`);
    await sees(marek.getByTestId('comments'), INTERNAL, 'bank-mandate.pdf', PUBLIC, 'account-agreement.pdf');
    await sees(marek.getByTestId('step-comment-files'), 'Attach files');
    await shot(marek, '03-reviewer-sees-files-phone', 'comments');
    await sees(marek.getByTestId('step-history'), 'bank-mandate.pdf', 'account-agreement.pdf');
    await shot(marek, '03b-reviewer-step-history-phone', 'step-history');
    const mandate = marek.getByTestId('comments').getByTestId('file-link').filter({ hasText: 'bank-mandate.pdf' });
    const href = await mandate.getAttribute('href');
    expect(href).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    const download = await marek.evaluate(async (url) => {
      const response = await fetch(`${url}?download=1`);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        disposition: response.headers.get('content-disposition'),
        text: await response.text(),
      };
    }, href);
    expect(download).toMatchObject({ status: 200, text: PDF.toString() });
    expect(download.disposition).toMatch(/^attachment;.*bank-mandate\.pdf/);

    // Karol (the client) reads the public comment and its file, never the internal one: not on the page, not by link.
    for (const viewport of [PHONE, DESKTOP]) {
      const karol = await (await personContext(browser, viewport)).newPage();
      karol.on('pageerror', (error) => pageErrors.push(`client: ${String(error)}`));
      await signIn(karol, base, client);
      await karol.goto(`${base}/processes/${processId}`);
      await sees(karol.getByTestId('process-audit'), PUBLIC, 'account-agreement.pdf');
      const seen = await karol.locator('body').innerText();
      expect(seen).not.toContain(INTERNAL);
      expect(seen).not.toContain('bank-mandate.pdf');
      await shot(karol, `04-client-sees-public-file-${viewport === PHONE ? 'phone' : 'desktop'}`, 'process-audit');
      const hidden = await karol.evaluate(async (url) => (await fetch(url!)).status, href);
      expect(hidden).toBe(404);
      await karol.context().close();
    }
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('types a credential into a hidden input with a show toggle, an IBAN into a plain one; the reviewer reveals it on demand', async () => {
    const pageErrors: string[] = [];
    // Anna on a phone, in Polish.
    const anna = await (await personContext(browser, PHONE)).newPage();
    anna.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    await signIn(anna, base, assistant);
    await speak(anna, 'pl');
    await anna.goto(`${base}/inbox/${stepId}`);
    const password = anna.getByTestId('param-portalPassword');
    const iban = anna.getByTestId('param-iban');
    await password.waitFor();
    expect(await password.getAttribute('type')).toBe('password');
    expect((await iban.getAttribute('type')) ?? 'text').toBe('text');
    await anna.getByTestId('param-note').fill('Account opened at the Wola branch.');
    await password.fill(PASSWORD);
    await iban.fill(IBAN);
    // Typed hidden: the page's text never holds the password until Anna asks to see it.
    expect(await anna.locator('body').innerText()).not.toContain(PASSWORD);
    await shot(anna, '05-assistant-password-hidden-pl-phone', 'step-panel');
    const toggle = anna.getByTestId('param-portalPassword-toggle');
    expect(await toggle.getAttribute('aria-label')).toBe('Pokaż: Bank portal password');
    await toggle.click();
    expect(await password.getAttribute('type')).toBe('text');
    expect(await password.inputValue()).toBe(PASSWORD);
    await shot(anna, '06-assistant-password-shown-pl-phone', 'step-panel');
    await toggle.click();
    expect(await password.getAttribute('type')).toBe('password');
    await anna.getByTestId('action-submit').click();
    await sees(anna.getByTestId('step-status'), 'w przeglądzie');

    // Marek (reviewer, desktop): the record holds masks; his copy of the password is dots until he asks.
    const marek = await (await personContext(browser, DESKTOP)).newPage();
    marek.on('pageerror', (error) => pageErrors.push(`reviewer: ${String(error)}`));
    await signIn(marek, base, reviewer);
    await marek.goto(`${base}/inbox/${stepId}`);
    await sees(marek.getByTestId('sensitive-values'), 'Bank portal password', '••••••••', IBAN);
    expect(await marek.locator('body').innerText()).not.toContain(PASSWORD);
    await shot(marek, '07-reviewer-password-hidden-desktop', 'sensitive-values');
    await marek.getByTestId('sensitive-portalPassword').getByTestId('secret-toggle').click();
    await sees(marek.getByTestId('sensitive-portalPassword'), PASSWORD, 'Hide');
    await shot(marek, '08-reviewer-password-shown-desktop', 'sensitive-values');
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('erases the sensitive values of the closed process after a confirmation, and says who erased them and when', async () => {
    const pageErrors: string[] = [];
    const marek = await (await personContext(browser, DESKTOP)).newPage();
    marek.on('pageerror', (error) => pageErrors.push(`reviewer: ${String(error)}`));
    await signIn(marek, base, reviewer);
    // While the process runs, nothing can be erased.
    await marek.goto(`${base}/processes/${processId}`);
    await sees(marek.getByTestId('process-status'), 'Running');
    expect(await marek.getByTestId('sensitive-erase').count()).toBe(0);
    await marek.goto(`${base}/inbox/${stepId}`);
    await marek.getByTestId('action-approve').click();
    await expect
      .poll(
        async () =>
          ((await (await server.adminFetch(`/api/processes/${processId}`)).json()) as { status: string }).status,
        { timeout: 60_000 }
      )
      .toBe('completed');
    await marek.goto(`${base}/processes/${processId}`);
    await sees(marek.getByTestId('process-status'), 'Completed');
    await sees(
      marek.getByTestId('sensitive-values-card'),
      'still keeps the values',
      'Bank portal password (Password / credential)',
      'Account number (IBAN) (Bank account / IBAN)'
    );
    await shot(marek, '09-manager-erase-offered-desktop', 'sensitive-values-card');
    await marek.getByTestId('sensitive-erase').click();
    await sees(marek.getByTestId('sensitive-erase-dialog'), 'erased for good', 'Bank portal password', 'masks');
    // The dialog has faded in before the picture is taken.
    await marek.waitForTimeout(500);
    await shot(marek, '10-manager-erase-confirmation-desktop');
    await marek.getByTestId('sensitive-erase-confirm').click();
    await sees(marek.getByTestId('sensitive-erased'), 'Sensitive values erased by Marek Nowak on');
    expect(await marek.getByTestId('sensitive-erase').count()).toBe(0);
    await shot(marek, '11-manager-erased-desktop', 'sensitive-values-card');
    // The step's own record shows them erased.
    await marek.goto(`${base}/inbox/${stepId}`);
    await sees(marek.getByTestId('sensitive-portalPassword'), 'erased');
    await sees(marek.getByTestId('sensitive-iban'), 'erased');
    expect(await marek.locator('body').innerText()).not.toContain(IBAN);

    // Anna, in Polish on a phone, reads who erased them; she may not erase anything herself.
    const anna = await (await personContext(browser, PHONE)).newPage();
    anna.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
    await signIn(anna, base, assistant);
    await speak(anna, 'pl');
    await anna.goto(`${base}/processes/${processId}`);
    await sees(anna.getByTestId('sensitive-erased'), 'Wartości poufne usunął(a) Marek Nowak');
    expect(await anna.getByTestId('sensitive-erase').count()).toBe(0);
    await shot(anna, '12-assistant-sees-erasure-pl-phone', 'sensitive-values-card');
    // The client reads nothing about them.
    const karol = await (await personContext(browser, PHONE)).newPage();
    await signIn(karol, base, client);
    await karol.goto(`${base}/processes/${processId}`);
    await sees(karol.getByTestId('process-audit'), PUBLIC);
    expect(await karol.getByTestId('sensitive-values-card').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
