import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { buildCs } from './locales/build.cs';
import { buildEn } from './locales/build.en';
import { buildPl } from './locales/build.pl';
import { buildRu } from './locales/build.ru';
import { clientCs } from './locales/client.cs';
import { clientEn } from './locales/client.en';
import { clientPl } from './locales/client.pl';
import { clientRu } from './locales/client.ru';
import { cs } from './locales/cs';
import { en } from './locales/en';
import { pl } from './locales/pl';
import { ru } from './locales/ru';
import { stepCs } from './locales/step.cs';
import { stepEn } from './locales/step.en';
import { stepPl } from './locales/step.pl';
import { stepRu } from './locales/step.ru';
import { webCs } from './locales/web.cs';
import { webEn } from './locales/web.en';
import { webPl } from './locales/web.pl';
import { webRu } from './locales/web.ru';
// Refusals come from the server as keys; their sentences are the shared catalog the API documents.
import { API_REFUSAL_CATALOGS } from '../../../workflows/i18n/api-refusals';
import { REFUSAL_CATALOGS } from '../../../workflows/i18n/refusals';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'pl', label: 'Polski' },
  { code: 'cs', label: 'Čeština' },
  { code: 'ru', label: 'Русский' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'baton.language';

function initialLanguage(): LanguageCode {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  const candidates = [stored, ...(typeof navigator === 'undefined' ? [] : navigator.languages)];
  for (const candidate of candidates) {
    const code = candidate?.slice(0, 2);
    const known = LANGUAGES.find((language) => language.code === code);
    if (known) return known.code;
  }
  return 'en';
}

export function rememberLanguage(code: LanguageCode): void {
  localStorage.setItem(STORAGE_KEY, code);
}

type Tree = { [key: string]: unknown };
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null;

/** The designer's strings with the web app's merged over them (nested objects merge, strings replace). */
function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const inner = out[key];
    out[key] = isTree(inner) && isTree(value) ? merge(inner, value) : value;
  }
  return out;
}

// Resources are bundled (no HTTP backend), so the app works offline and nothing loads at run time.
void i18next.use(initReactI18next).init({
  resources: {
    en: {
      translation: {
        ...merge(merge(merge(merge(en, webEn), stepEn), buildEn), clientEn),
        refusal: { ...API_REFUSAL_CATALOGS.en, ...REFUSAL_CATALOGS.en },
      },
    },
    pl: {
      translation: {
        ...merge(merge(merge(merge(pl, webPl), stepPl), buildPl), clientPl),
        refusal: { ...API_REFUSAL_CATALOGS.pl, ...REFUSAL_CATALOGS.pl },
      },
    },
    cs: {
      translation: {
        ...merge(merge(merge(merge(cs, webCs), stepCs), buildCs), clientCs),
        refusal: { ...API_REFUSAL_CATALOGS.cs, ...REFUSAL_CATALOGS.cs },
      },
    },
    ru: {
      translation: {
        ...merge(merge(merge(merge(ru, webRu), stepRu), buildRu), clientRu),
        refusal: { ...API_REFUSAL_CATALOGS.ru, ...REFUSAL_CATALOGS.ru },
      },
    },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export { i18next };
