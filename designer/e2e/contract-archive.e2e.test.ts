import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../workflows/template';
import { builtInTemplates } from '../../workflows/template/library';
import { startBatonServer, type BatonServer, type TestPerson } from './baton-server';
import { CHROMIUM, launchChromium, personContext, sees, signIn, speak } from './browser';

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/e2e/contract-archive');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * The built-in contract archiving template: its archive step requires the signed contract as a file. Anna cannot
 * submit without it, attaches the signed PDF and a photo of the signature page, submits; Marek (checking her work)
 * sees the photo inline and opens the PDF in the browser.
 */
describe.skipIf(!existsSync(CHROMIUM))('archiving a signed contract with its file, in the browser', () => {
  let server: BatonServer;
  let browser: Browser;
  let base: string;
  let assistant: TestPerson;
  let reviewer: TestPerson;
  let stepId = '';
  let scan: Buffer;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startBatonServer();
    base = server.url;
    assistant = await server.addUser('assistant', 'Anna Kowalska');
    reviewer = await server.addUser('manager', 'Marek Nowak');
    // The built-in template as shipped, with Marek checking the archiving (the built-in step has no reviewer).
    const builtIn = builtInTemplates.find((candidate) => candidate.id === 'archive-signed-contract')!;
    const template: TemplateInput = {
      ...builtIn,
      nodes: builtIn.nodes.map((node) =>
        node.type === 'task' && node.id === 'archive'
          ? { ...node, data: { ...node.data, reviewer: { kind: 'person', personId: reviewer.id } } }
          : node
      ),
    };
    const templateId = await server.publishTemplate('Archive a signed contract', template);
    const processId = await server.startProcess(templateId, {
      params: {
        assistant: assistant.id,
        contract: 'Lease of the Wola office, Nowa Sp. z o.o.',
        signedOn: new Date().toISOString().slice(0, 10),
      },
    });
    stepId = await server.firstStepId(processId);
    browser = await launchChromium();
    const painter = await browser.newPage({ viewport: { width: 300, height: 200 } });
    await painter.setContent(
      '<div style="font:18px serif;padding:16px;background:#fff;height:168px">§ 12. Signatures<br><br>' +
        '<i style="font:26px cursive">J. Nowa</i> &nbsp; <i style="font:26px cursive">M. Nowak</i></div>'
    );
    scan = await painter.screenshot();
    await painter.close();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const shot = async (page: Page, name: string, at?: string) => {
    if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !at });
  };

  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`needs the signed contract to submit, then the reviewer sees it (${device})`, async () => {
      const pageErrors: string[] = [];
      const anna = await (await personContext(browser, viewport)).newPage();
      anna.on('pageerror', (error) => pageErrors.push(`assistant: ${String(error)}`));
      await signIn(anna, base, assistant);
      await anna.goto(`${base}/inbox/${stepId}`);
      await sees(anna.getByTestId('step-title'), 'Archive the signed contract');
      if (device === 'desktop') {
        for (const item of ['scan', 'file', 'register']) await anna.getByTestId(`check-${item}`).click();
        await expect.poll(() => anna.getByTestId('action-submit').isEnabled()).toBe(true);
        // Without the signed contract nothing is sent: the field says what is missing.
        await anna.getByTestId('action-submit').click();
        await sees(anna.getByTestId('file-field-signedContract'), 'Attach at least one file.');
        await shot(anna, '01-assistant-contract-missing-desktop', 'file-field-signedContract');
        const status = (await (await server.adminFetch(`/api/steps/${stepId}`)).json()) as { status: string };
        expect(status.status).not.toBe('inReview');
        await anna
          .getByTestId('file-field-signedContract')
          .locator('input[type=file]')
          .setInputFiles([
            { name: 'lease-wola-signed.pdf', mimeType: 'application/pdf', buffer: PDF },
            { name: 'signature-page.png', mimeType: 'image/png', buffer: scan },
          ]);
        await sees(anna.getByTestId('file-field-signedContract'), 'lease-wola-signed.pdf', 'signature-page.png');
        await shot(anna, '02-assistant-contract-attached-desktop', 'file-field-signedContract');
        await anna.getByTestId('action-submit').click();
        await sees(anna.getByTestId('step-status'), 'in review');
      } else {
        // On a phone Anna reads what she sent, in Polish.
        await speak(anna, 'pl');
        // The step is read again in Polish: the built-in's own Polish texts, not only the app's labels.
        await sees(anna.getByTestId('step-title'), 'Zarchiwizuj podpisaną umowę');
        await sees(
          anna.getByTestId('review-submitted'),
          'Podpisana umowa (skan)',
          'lease-wola-signed.pdf',
          'signature-page.png'
        );
        await shot(anna, '03-assistant-sent-pl-phone', 'review-submitted');
      }

      const marek = await (await personContext(browser, viewport)).newPage();
      marek.on('pageerror', (error) => pageErrors.push(`reviewer: ${String(error)}`));
      await signIn(marek, base, reviewer);
      await marek.goto(`${base}/inbox/${stepId}`);
      const submitted = marek.getByTestId('review-submitted');
      await sees(submitted, 'Signed contract (scan)', 'lease-wola-signed.pdf', 'signature-page.png');
      // The photo shows itself; the PDF opens in the browser (served inline as a PDF).
      const image = submitted.locator('img');
      await expect
        .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
        .toBe(scan.readUInt32BE(16));
      const pdfHref = await submitted
        .getByTestId('file-link')
        .filter({ hasText: 'lease-wola-signed.pdf' })
        .getAttribute('href');
      const opened = await marek.evaluate(async (url) => {
        const response = await fetch(url!);
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          disposition: response.headers.get('content-disposition'),
          text: await response.text(),
        };
      }, pdfHref);
      expect(opened).toMatchObject({ status: 200, type: 'application/pdf', text: PDF.toString() });
      expect(opened.disposition).toMatch(/^inline;/);
      await shot(marek, `04-reviewer-sees-contract-${device}`, 'review-submitted');
      await marek.context().close();
      await anna.context().close();
      expect(pageErrors).toEqual([]);
    }, 600_000);
  }
});
