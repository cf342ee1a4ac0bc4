import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../workflows/template';
import { builtInTemplates } from '../../workflows/template/library';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/client-files');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const REQUEST = 'Faktura za marzec ma błędny NIP, zdjęcie w załączniku.';
const ANSWER = 'We corrected the invoice: the new one is attached.';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * A client's day with files: a Polish client on a phone sends a request with a photo of the invoice, sees it
 * acknowledged with the photo; the assistant answers publicly with the corrected invoice attached; the client sees
 * the answer and opens its file (and, in English on a desktop, the same page).
 */
describe.skipIf(!existsSync(CHROMIUM))('a client’s request with files, in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let base: string;
  let client: TestPerson;
  let assistant: TestPerson;
  let templateId: string;
  let photo: Buffer;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    client = await server.addUser('observer', 'Karol Wiśniewski');
    // The built-in client request with its texts in every language, marked "clients may start", Anna answering.
    const clientRequest = builtInTemplates.find((candidate) => candidate.id === 'client-request')!;
    const template: TemplateInput = {
      ...clientRequest,
      clientsMayStart: true,
      parameters: (clientRequest.parameters ?? []).map((parameter) =>
        parameter.type === 'person' ? { ...parameter, default: assistant.id } : parameter
      ),
    };
    templateId = await server.publishTemplate('Client request', template);
    browser = await launchChromium();
    // A real photo-like image: a rendered invoice header, as a PNG.
    const painter = await browser.newPage({ viewport: { width: 320, height: 160 } });
    await painter.setContent(
      '<div style="font:20px sans-serif;padding:16px;background:#fffbe6;height:128px">FAKTURA 03/2027<br>NIP: 123-45-67-890</div>'
    );
    photo = await painter.screenshot();
    await painter.close();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('sends a request with a photo, sees it acknowledged, and reads the public answer with its file', async () => {
    // The page scrolls inside the layout: the part a person looks at is scrolled into view first.
    const shot = async (page: Page, name: string, at?: string) => {
      if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !at });
    };
    const phone = await (await personContext(browser, PHONE)).newPage();
    const desk = await (await personContext(browser, DESKTOP)).newPage();
    const pageErrors: string[] = [];
    phone.on('pageerror', (error) => pageErrors.push(`client: ${String(error)}`));
    desk.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));

    await signIn(phone, base, client);
    await speak(phone, 'pl');
    await phone.goto(`${base}/requests/new?template=${templateId}`);
    await sees(phone.getByTestId('request-files'), 'Pliki do zgłoszenia', 'Dołącz pliki');
    await phone.getByTestId('param-request').fill(REQUEST);
    await phone
      .getByTestId('request-files')
      .locator('input[type=file]')
      .setInputFiles({ name: 'faktura-marzec.png', mimeType: 'image/png', buffer: photo });
    await sees(phone.getByTestId('request-files'), 'faktura-marzec.png');
    await shot(phone, '01-client-request-with-photo-pl-phone');
    await phone.getByTestId('request-send').click();
    await phone.waitForURL((url) => /^\/processes\/[^/]+$/.test(url.pathname), { timeout: 60_000 });
    const processUrl = phone.url();
    const processId = processUrl.split('/').pop()!;
    await sees(phone.getByTestId('request-received'), 'Otrzymaliśmy Twoje zgłoszenie');
    await sees(phone.getByTestId('process-files'), 'Pliki', 'faktura-marzec.png', 'od: Karol Wiśniewski');
    // The photo shows itself: the image loaded from the file route.
    const image = phone.getByTestId('process-files').locator('img');
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBe(photo.readUInt32BE(16));
    await shot(phone, '02-client-acknowledged-pl-phone');
    await shot(phone, '02b-client-request-photo-pl-phone', 'process-files');

    // Anna answers publicly on the process with the corrected invoice attached.
    await signIn(desk, base, assistant);
    await desk.goto(processUrl);
    await sees(desk.getByTestId('process-files'), 'faktura-marzec.png', 'from Karol Wiśniewski');
    await desk.getByTestId('process-comment-text').fill(ANSWER);
    await desk
      .getByTestId('comment-files')
      .locator('input[type=file]')
      .setInputFiles({ name: 'invoice-03-2027-corrected.pdf', mimeType: 'application/pdf', buffer: PDF });
    await sees(desk.getByTestId('comment-files'), 'invoice-03-2027-corrected.pdf');
    await desk.getByTestId('comment-public').click();
    await shot(desk, '03-assistant-answer-with-file-desktop');
    await desk.getByTestId('process-comment-send').click();
    await sees(
      desk.getByTestId('process-audit'),
      ANSWER,
      'invoice-03-2027-corrected.pdf',
      'Public: the client reads it'
    );
    await shot(desk, '04-assistant-answered-desktop', 'process-audit');

    // The client's page shows the answer and its file; the file opens for the client (inline, a PDF).
    await sees(phone.getByTestId('process-audit'), ANSWER, 'invoice-03-2027-corrected.pdf');
    const link = phone.getByTestId('process-audit').getByTestId('file-link');
    const href = await link.getAttribute('href');
    const opened = await phone.evaluate(async (url) => {
      const response = await fetch(url!);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        size: (await response.blob()).size,
      };
    }, href);
    expect(opened).toEqual({ status: 200, type: 'application/pdf', size: PDF.length });
    await shot(phone, '05-client-sees-answer-with-file-pl-phone', 'process-audit');

    // The same page in English on a desktop.
    const english = await (await personContext(browser, DESKTOP)).newPage();
    await signIn(english, base, client);
    await speak(english, 'en');
    await english.goto(processUrl);
    await sees(english.getByTestId('process-audit'), ANSWER, 'invoice-03-2027-corrected.pdf');
    await sees(english.getByTestId('process-files'), 'Files', 'faktura-marzec.png', 'invoice-03-2027-corrected.pdf');
    await shot(english, '06-client-process-en-desktop');
    await shot(english, '06b-client-history-en-desktop', 'process-audit');
    const files = (await (await server.adminFetch(`/api/processes/${processId}/files`)).json()) as {
      files: { name: string; visibility: string }[];
    };
    expect(files.files.map((file) => [file.name, file.visibility])).toEqual([
      ['faktura-marzec.png', 'public'],
      ['invoice-03-2027-corrected.pdf', 'public'],
    ]);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
