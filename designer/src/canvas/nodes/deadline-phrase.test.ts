import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCs } from '../../i18n/locales/build.cs';
import { buildEn } from '../../i18n/locales/build.en';
import { buildPl } from '../../i18n/locales/build.pl';
import { buildRu } from '../../i18n/locales/build.ru';
import { deadlinePhrase } from './deadline-phrase';

const t = i18next.t.bind(i18next);
const names = { parameter: (name: string) => (name === 'eventDate' ? 'Event date' : undefined), node: () => 'Sign' };

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    resources: {
      en: { translation: buildEn },
      pl: { translation: buildPl },
      cs: { translation: buildCs },
      ru: { translation: buildRu },
    },
    interpolation: { escapeValue: false },
  });
});

describe('deadlinePhrase', () => {
  it('reads a deadline as words, not its text form', async () => {
    await i18next.changeLanguage('en');
    expect(deadlinePhrase(t, 'start + 3bd @17:00', names)).toBe('3 business days after the start, at 17:00');
    expect(deadlinePhrase(t, 'eventDate - 14d', names)).toBe('14 days before “Event date”');
    expect(deadlinePhrase(t, 'sign.done + 1bd', names)).toBe('1 business day after “Sign” is done');
    expect(deadlinePhrase(t, 'occurrence @17:00', names)).toBe('on the occurrence, at 17:00');
  });

  it('speaks Polish, Czech and Russian with their plural forms', async () => {
    await i18next.changeLanguage('pl');
    expect(deadlinePhrase(t, 'start + 3bd @17:00', names)).toBe('3 dni robocze od startu, o 17:00');
    expect(deadlinePhrase(t, 'start + 5bd', names)).toBe('5 dni roboczych od startu');
    await i18next.changeLanguage('cs');
    expect(deadlinePhrase(t, 'start + 3bd', names)).toBe('3 pracovní dny od startu');
    await i18next.changeLanguage('ru');
    expect(deadlinePhrase(t, 'start + 3bd', names)).toBe('3 рабочих дня от старта');
  });

  it('shows a deadline that does not read as written', async () => {
    await i18next.changeLanguage('en');
    expect(deadlinePhrase(t, 'start + banana', names)).toBe('start + banana');
  });
});
