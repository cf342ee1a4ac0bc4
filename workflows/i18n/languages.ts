/** The languages Baton speaks; a person's `language` is one of these, English when they have not chosen. */
export const LANGUAGE_CODES = ['en', 'pl', 'cs', 'ru'] as const;
export type Language = (typeof LANGUAGE_CODES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);

/** The first known language of an Accept-Language header or a list of browser languages, e.g. "pl-PL,pl;q=0.9". */
export function pickLanguage(candidates: readonly (string | null | undefined)[]): Language | undefined {
  for (const candidate of candidates) {
    const code = candidate?.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return undefined;
}
