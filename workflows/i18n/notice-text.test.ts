import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from './languages';
import { NOTICE_CATALOGS, NOTICE_KEYS } from './notices';
import { noticeText } from './notice-text';

const PARAMS = {
  step: 'Zarchiwizuj umowę',
  text: 'Hala A czy B?',
  person: 'Anna Kowalska',
  from: '2026-12-07',
  to: '2026-12-11',
  parameter: 'eventDate',
  date: '2026-12-04T16:00:00.000Z',
  completed: 12,
  minutes: 340,
  missed: 1,
  escalations: 2,
  risks: 3,
  duty: 'Poczta',
  open: '2026-12-03',
};
const ENGLISH = { subject: 'Reminder: a step is due soon', message: 'Reminder: a step is due soon (archive)' };

describe('notices in the recipient’s language', () => {
  it.each(LANGUAGE_CODES.flatMap((language) => NOTICE_KEYS.map((key) => [language, key] as const)))(
    '%s %s: every placeholder filled, the catalog’s own words',
    (language, key) => {
      const text = noticeText({ key, params: PARAMS }, language, ENGLISH);
      expect(text.language).toBe(language);
      for (const part of [text.subject, text.message]) {
        expect(part).not.toMatch(/\{\{|\}\}|notice\./);
        expect(part.trim()).not.toBe('');
      }
      const own = NOTICE_CATALOGS[language][key];
      expect(text.subject.startsWith(own.subject.split('{{')[0]!)).toBe(true);
    }
  );

  it('says a reminder in Polish, Czech and Russian, naming the step', () => {
    const remind = (language: string) => noticeText({ key: 'remind', params: PARAMS }, language, ENGLISH);
    expect(remind('pl')).toMatchObject({
      subject: 'Przypomnienie: zbliża się termin kroku',
      message: 'Termin kroku „Zarchiwizuj umowę” wkrótce mija.',
    });
    expect(remind('cs').subject).toBe('Připomínka: blíží se termín kroku');
    expect(remind('ru').message).toBe('Срок шага «Zarchiwizuj umowę» скоро истекает.');
  });

  it('shows a row written before notices had keys as its English text, and an unknown language in English', () => {
    expect(noticeText(null, 'pl', ENGLISH)).toEqual({ ...ENGLISH, language: 'en' });
    expect(noticeText({ key: 'noSuchKey', params: {} }, 'pl', ENGLISH)).toEqual({ ...ENGLISH, language: 'en' });
    expect(noticeText({ key: 'remind', params: PARAMS }, 'de', ENGLISH).subject).toBe('Reminder: a step is due soon');
  });
});
