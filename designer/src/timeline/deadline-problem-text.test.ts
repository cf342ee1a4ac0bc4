import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { warsaw } from '../../../workflows/calendar/calendar.fixtures';
import { readDeadline } from '../../../workflows/deadline/timeline';
import { computeDue } from '../../../workflows/deadline/compute-due';
import { deadlineProblem } from '../../../workflows/deadline/deadline-problem';
import { cs } from '../i18n/locales/cs';
import { en } from '../i18n/locales/en';
import { pl } from '../i18n/locales/pl';
import { ru } from '../i18n/locales/ru';
import { deadlineProblemText } from './deadline-problem-text';

const t = i18next.t.bind(i18next);
const names = {
  parameter: (name: string) => (name === 'eventDate' ? 'Data wydarzenia' : undefined),
  node: (id: string) => (id === 'sign' ? 'Podpis' : undefined),
};

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    resources: { en: { translation: en }, pl: { translation: pl }, cs: { translation: cs }, ru: { translation: ru } },
    interpolation: { escapeValue: false },
  });
});

describe('a deadline that cannot be read or computed', () => {
  const unreadable = readDeadline('start + 3xyz');
  const spec = readDeadline('eventDate - 2bd');
  if (unreadable.ok || !spec.ok) throw new Error('the fixtures read wrongly');
  const start = new Date('2026-11-16T08:00:00Z');
  const failure = (anchors: Parameters<typeof computeDue>[1]) => {
    try {
      computeDue(spec.spec, anchors, warsaw);
    } catch (error) {
      return { ok: false as const, problem: deadlineProblem(error) };
    }
    return { ok: true as const };
  };
  const missing = failure({ start, parameters: {} });
  const invalid = failure({ start, parameters: { eventDate: '2026-02-31' } });
  if (missing.ok || invalid.ok) throw new Error('the examples computed');

  it('is a key with parameters, not the engine’s English sentence', () => {
    expect(unreadable.problem).toEqual({ key: 'unreadable', params: { at: 10 } });
    expect(missing.problem).toEqual({ key: 'missingAnchor', params: { anchorKind: 'parameter', anchor: 'eventDate' } });
    expect(invalid.problem).toMatchObject({
      key: 'invalidAnchor',
      params: { anchor: 'eventDate', value: '2026-02-31' },
    });
  });

  it('is said in each language, the anchor by its label, with no key or placeholder left', async () => {
    const texts: Record<string, string[]> = {};
    for (const language of ['en', 'pl', 'cs', 'ru']) {
      await i18next.changeLanguage(language);
      texts[language] = [unreadable.problem, missing.problem, invalid.problem].map((problem) =>
        deadlineProblemText(t, problem, names)
      );
      for (const text of texts[language]!) expect(text).not.toMatch(/\{\{|timeline\.|undefined/);
    }
    expect(texts.pl).toEqual([
      'Nie można odczytać tego terminu (błąd przy znaku 10). Wpisz punkt odniesienia, potem + lub − liczbę z jednostką i @ godzinę, np. start + 3bd @17:00.',
      'Ten termin liczy się od „Data wydarzenia”, który nie ma jeszcze wartości.',
      '„Data wydarzenia” zawiera „2026-02-31”, co nie jest datą.',
    ]);
    expect(texts.ru?.[1]).toBe('Этот срок отсчитывается от «Data wydarzenia», у которого ещё нет значения.');
    expect(texts.cs?.[0]).toMatch(/^Tento termín nelze přečíst \(chyba u znaku 10\)/);
    expect(texts.en?.[2]).toBe('“Data wydarzenia” holds “2026-02-31”, which is not a date.');
  });
});
