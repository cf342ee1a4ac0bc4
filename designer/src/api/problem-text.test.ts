import { describe, expect, it } from 'vitest';
import { API_REFUSAL_CATALOGS, API_REFUSAL_KEYS } from '../../../workflows/i18n/api-refusals';
import { LANGUAGE_CODES } from '../../../workflows/i18n/languages';
import { i18next } from '../i18n/i18n';
import { ApiError, problemText } from './api';

const refused = (status: number, problem?: ConstructorParameters<typeof ApiError>[1]) =>
  new ApiError(status, { title: 'Not found', detail: 'This template does not exist.', ...problem });

describe('problemText', () => {
  it('says an API refusal key in the reader’s language, with its values', () => {
    const pl = i18next.getFixedT('pl');
    expect(problemText(pl, refused(413, { code: 'fileTooLarge', params: { megabytes: 25 } }))).toBe(
      'Ten plik jest za duży: plik może mieć najwyżej 25 MB.'
    );
    expect(problemText(i18next.getFixedT('ru'), refused(404, { code: 'templateNotFound' }))).toBe(
      'Такого шаблона нет.'
    );
    // The step refusals share the namespace.
    expect(problemText(pl, refused(409, { code: 'stepNotOpen' }))).toContain('Ten krok');
  });

  it('says the status’s sentence for an answer without a key it knows, never the English detail', () => {
    for (const language of LANGUAGE_CODES) {
      const t = i18next.getFixedT(language);
      expect(problemText(t, refused(422, { issues: [{ path: 'params.due', message: 'expected a date' }] }))).toBe(
        API_REFUSAL_CATALOGS[language].status422
      );
      expect(problemText(t, refused(404, { code: 'someNewerKey' }))).toBe(API_REFUSAL_CATALOGS[language].status404);
      expect(problemText(t, refused(500))).toBe(API_REFUSAL_CATALOGS[language].status500);
    }
  });

  it('falls back to the error’s own words only when there is no answer to read', () => {
    const cs = i18next.getFixedT('cs');
    expect(problemText(cs, new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(problemText(cs, refused(418))).toBe('This template does not exist.');
  });

  it('knows every API refusal key in every language', () => {
    for (const language of LANGUAGE_CODES)
      for (const key of API_REFUSAL_KEYS)
        expect(i18next.getResource(language, 'translation', `refusal.${key}`), `${language} ${key}`).toBe(
          API_REFUSAL_CATALOGS[language][key]
        );
  });
});
