import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { API_REFUSAL_CATALOGS, API_REFUSAL_KEYS } from './api-refusals';
import { LANGUAGE_CODES, type Language } from './languages';
import { REFUSAL_CATALOGS, REFUSAL_KEYS } from './refusals';

// Every refusal the process or the API can send, said in each language with its values filled in: a step's actions
// (refusals.ts) and the API's own (api-refusals.ts), which share the web app's `refusal` namespace.
const FAMILIES: { name: string; keys: readonly string[]; catalogs: Record<Language, Record<string, string>> }[] = [
  { name: 'step refusals', keys: REFUSAL_KEYS, catalogs: REFUSAL_CATALOGS },
  { name: 'API refusals', keys: API_REFUSAL_KEYS, catalogs: API_REFUSAL_CATALOGS },
];
const values = {
  logged: 15,
  max: 3,
  parameter: 'Data wydarzenia',
  name: 'Anna Kowalska',
  team: 'Recepcja',
  minutes: 15,
  version: 3,
  next: 4,
  megabytes: 25,
  seconds: 10,
  status: 404,
};

describe.each(FAMILIES)('$name', ({ keys, catalogs }) => {
  it('say every key in every language, with every value filled and no English left in the others', async () => {
    const t = i18next.createInstance();
    await t.init({
      resources: Object.fromEntries(LANGUAGE_CODES.map((code) => [code, { translation: catalogs[code] }])),
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const english = t.getFixedT('en');
    for (const language of LANGUAGE_CODES) {
      const say = t.getFixedT(language);
      for (const key of keys) {
        const sentence = say(key, values);
        expect(sentence, `${language} ${key}`).not.toBe(key);
        expect(sentence, `${language} ${key}`).not.toMatch(/\{\{|\}\}/);
        expect(sentence, `${language} ${key}`).toMatch(/[.!]$/);
        if (language !== 'en') expect(sentence, `${language} ${key}`).not.toBe(english(key, values));
      }
    }
  });
});

describe('refusals', () => {
  it('names what each sentence needs', () => {
    for (const language of LANGUAGE_CODES) {
      expect(REFUSAL_CATALOGS[language].tooMuchTimeRemoved).toContain('{{logged}}');
      expect(REFUSAL_CATALOGS[language].roundLimit).toContain('{{max}}');
      expect(REFUSAL_CATALOGS[language].claimedBy).toContain('{{name}}');
    }
  });

  it('share no key between the step and the API catalogs, so one namespace holds both', () => {
    expect(API_REFUSAL_KEYS.filter((key) => (REFUSAL_KEYS as readonly string[]).includes(key))).toEqual([]);
  });
});
