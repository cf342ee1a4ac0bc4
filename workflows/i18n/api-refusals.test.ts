import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { API_REFUSAL_CATALOGS, API_REFUSAL_KEYS } from './api-refusals';
import { LANGUAGE_CODES } from './languages';
import { REFUSAL_KEYS } from './refusals';

// Every refusal the API itself can send, said in each language with its values filled in.
describe('API refusals', () => {
  const values = { minutes: 15, version: 3, next: 4, parameter: 'Klient', megabytes: 25, seconds: 10, status: 404 };

  it('say every key in every language, with every value filled and no English left in the others', async () => {
    const t = i18next.createInstance();
    await t.init({
      resources: Object.fromEntries(LANGUAGE_CODES.map((code) => [code, { translation: API_REFUSAL_CATALOGS[code] }])),
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const english = t.getFixedT('en');
    for (const language of LANGUAGE_CODES) {
      const say = t.getFixedT(language);
      for (const key of API_REFUSAL_KEYS) {
        const sentence = say(key, values);
        expect(sentence, `${language} ${key}`).not.toBe(key);
        expect(sentence, `${language} ${key}`).not.toMatch(/\{\{|\}\}/);
        expect(sentence, `${language} ${key}`).toMatch(/[.!]$/);
        if (language !== 'en') expect(sentence, `${language} ${key}`).not.toBe(english(key, values));
      }
    }
  });

  it('share no key with the step refusals, so one namespace holds both', () => {
    expect(API_REFUSAL_KEYS.filter((key) => (REFUSAL_KEYS as readonly string[]).includes(key))).toEqual([]);
  });
});
