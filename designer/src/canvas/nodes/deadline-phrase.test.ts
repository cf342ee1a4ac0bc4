import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCs } from '../../i18n/locales/build.cs';
import { buildEn } from '../../i18n/locales/build.en';
import { buildPl } from '../../i18n/locales/build.pl';
import { buildRu } from '../../i18n/locales/build.ru';
import { readDeadline } from '../../../../workflows/deadline/timeline';
import { exampleCalendar, exampleDue } from '../../properties/deadline-builder.model';
import { deadlinePhrase, dueExplanation } from './deadline-phrase';

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

  it('reads business hours and absolute dates in every language', async () => {
    await i18next.changeLanguage('en');
    expect(deadlinePhrase(t, 'start + 4bh', names)).toBe('4 business hours after the start');
    expect(deadlinePhrase(t, '2027-03-31', names)).toBe('by March 31, 2027');
    expect(deadlinePhrase(t, '2027-03-31 - 2bd', names)).toBe('2 business days before March 31, 2027');
    await i18next.changeLanguage('pl');
    expect(deadlinePhrase(t, 'start + 4bh', names)).toBe('4 godziny robocze od startu');
    expect(deadlinePhrase(t, 'start + 8bh', names)).toBe('8 godzin roboczych od startu');
    expect(deadlinePhrase(t, '2027-03-31', names)).toBe('do 31 marca 2027');
    await i18next.changeLanguage('cs');
    expect(deadlinePhrase(t, 'start + 4bh', names)).toBe('4 pracovní hodiny od startu');
    await i18next.changeLanguage('ru');
    expect(deadlinePhrase(t, 'start + 4bh', names)).toBe('4 рабочих часа от старта');
  });

  it('shows a deadline that does not read as written', async () => {
    await i18next.changeLanguage('en');
    expect(deadlinePhrase(t, 'start + banana', names)).toBe('start + banana');
  });

  it('explains a due date in the reader’s language: the rule, then the days off skipped', async () => {
    const friday = new Date('2027-01-08T09:00:00+01:00');
    const ctx = await exampleCalendar('pl-warsaw', friday);
    const read = readDeadline('start + 1bd @17:00');
    if (!read.ok) throw new Error(read.error);
    const example = exampleDue(read.spec, { start: friday, parameterDate: '2027-01-10', nodeDone: friday }, ctx);
    if (!example.ok) throw new Error(example.error);
    await i18next.changeLanguage('pl');
    const lines = dueExplanation(t, example.due, 'start + 1bd @17:00', names, 'pl');
    expect(lines[0]).toBe('1 dzień roboczy od startu, o 17:00');
    expect(lines[1]).toMatch(/^z pominięciem 2 dni wolnych: sob\.?, 9 sty/);
    expect(lines.join(' ')).not.toMatch(/business|after|Sat/);
  });
});
