import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestPerson } from './baton-server';

/** Debian's Chromium, as CI installs it; without it the browser tests cannot run here and say so. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A browser context of its own per person: no cookies or localStorage (language, session) shared. */
export async function personContext(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  await context.addInitScript(
    "if (!localStorage.getItem('baton.language')) localStorage.setItem('baton.language', 'en')"
  );
  return context;
}

const LANGUAGE_LABELS = { en: 'English', pl: 'Polski', cs: 'Čeština', ru: 'Русский' } as const;

/**
 * Sets the signed-in person's language with the header's switcher, as a person does: it is kept on the server, so a
 * browser's stored choice no longer decides it after the first sign-in.
 */
export async function speak(page: Page, language: keyof typeof LANGUAGE_LABELS): Promise<void> {
  const label = LANGUAGE_LABELS[language];
  const switcher = page.getByTestId('language-switcher');
  if ((await switcher.inputValue()) === label) return;
  await switcher.click();
  await page.getByRole('option', { name: label }).click();
  await expect.poll(() => switcher.inputValue()).toBe(label);
}

export async function signIn(page: Page, base: string, person: TestPerson) {
  await page.goto(`${base}/login`, { timeout: 120_000 });
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor({ timeout: 30_000 });
}

/** Waits until the element's visible text holds every piece (without case: badges upper-case in CSS only). */
export async function sees(locator: Locator, ...pieces: string[]) {
  for (const piece of pieces) {
    try {
      await expect
        .poll(async () => (await locator.innerText()).toLowerCase(), { timeout: 60_000 })
        .toContain(piece.toLowerCase());
    } catch (error) {
      // What the page told its user meanwhile (a refusal, "outcome unknown") says why the text never came.
      const toasts = await locator
        .page()
        .locator('.mantine-Notification-root')
        .allInnerTexts()
        .catch(() => []);
      if (error instanceof Error && toasts.length > 0)
        error.message += `\nNotifications on the page: ${toasts.map((text) => text.replace(/\s+/g, ' ')).join(' | ')}`;
      throw error;
    }
  }
}
