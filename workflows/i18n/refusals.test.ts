import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from './languages';
import { REFUSAL_CATALOGS, REFUSAL_KEYS } from './refusals';

// Every refusal the process or the API can send, said in each language with its values filled in.
describe('refusals', () => {
  const values = { logged: 15, max: 3, parameter: 'Data wydarzenia', name: 'Anna Kowalska', team: 'Recepcja' };

  it('say every key in every language, with every value filled and no English left in the others', async () => {
    const t = i18next.createInstance();
    await t.init({
      resources: Object.fromEntries(LANGUAGE_CODES.map((code) => [code, { translation: REFUSAL_CATALOGS[code] }])),
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    for (const language of LANGUAGE_CODES) {
      const say = t.getFixedT(language);
      for (const key of REFUSAL_KEYS) {
        const sentence = say(key, values);
        expect(sentence, `${language} ${key}`).not.toBe(key);
        expect(sentence, `${language} ${key}`).not.toMatch(/\{\{|\}\}/);
        expect(sentence, `${language} ${key}`).toMatch(/[.!]$/);
        if (language !== 'en') expect(sentence, `${language} ${key}`).not.toBe(t.getFixedT('en')(key, values));
      }
    }
  });

  it('names what each sentence needs', () => {
    for (const language of LANGUAGE_CODES) {
      expect(REFUSAL_CATALOGS[language].tooMuchTimeRemoved).toContain('{{logged}}');
      expect(REFUSAL_CATALOGS[language].roundLimit).toContain('{{max}}');
      expect(REFUSAL_CATALOGS[language].claimedBy).toContain('{{name}}');
    }
  });
});
