import { DateTime } from 'luxon';
import { OFFICIAL_CALENDARS } from './index';

/** The official days of a country for a span of years, named in one language, ready to merge into a context. */
export interface OfficialDays {
  /** Weekdays off by decree: ISO date -> why ("Day off moved from 4 January"). */
  readonly daysOff: Record<string, string>;
  /** Weekend days worked by decree: ISO date -> why. */
  readonly workingDays: Record<string, string>;
  readonly shortenedDays: string[];
}

type Language = 'en' | 'pl' | 'cs' | 'ru';
const NAMES: Record<Language, { movedFrom: (day: string) => string; worked: string }> = {
  en: { movedFrom: (day) => `Day off moved from ${day}`, worked: 'Working day by decree' },
  pl: { movedFrom: (day) => `Dzień wolny przeniesiony z ${day}`, worked: 'Dzień roboczy z mocy przepisów' },
  cs: { movedFrom: (day) => `Volno přesunuté z ${day}`, worked: 'Pracovní den podle nařízení' },
  ru: { movedFrom: (day) => `Выходной, перенесённый с ${day}`, worked: 'Рабочий день по постановлению' },
};
const OWN_LANGUAGE: Record<string, Language> = { RU: 'ru' };

function languageOf(country: string, language: string | undefined): Language {
  const wanted = language ?? OWN_LANGUAGE[country] ?? 'en';
  return wanted in NAMES ? (wanted as Language) : 'en';
}

/** Official transfers, working weekend days and shortened days of a country for the inclusive year range. */
export function officialDays(country: string, fromYear: number, toYear: number, language?: string): OfficialDays {
  const result: OfficialDays = { daysOff: {}, workingDays: {}, shortenedDays: [] };
  const calendar = OFFICIAL_CALENDARS[country];
  if (!calendar) return result;
  const lang = languageOf(country, language);
  const names = NAMES[lang];
  for (let year = fromYear; year <= toYear; year++) {
    const official = calendar[year];
    if (!official) continue;
    for (const { date, from } of official.daysOff) {
      const day = DateTime.fromISO(from, { locale: lang });
      // A day and month as the language writes them ("4. ledna" in Czech); English keeps "4 January".
      result.daysOff[date] = names.movedFrom(
        lang === 'en' ? day.toFormat('d MMMM') : day.toLocaleString({ day: 'numeric', month: 'long' })
      );
    }
    for (const date of official.workingDays) result.workingDays[date] = names.worked;
    result.shortenedDays.push(...official.shortenedDays);
  }
  return result;
}
