import { useTranslation } from 'react-i18next';

/** Locale-aware formatting through Intl in the current language, e.g. 22.11.2026 in Polish, 11/22/2026 in English. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    dateTime: (date: Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'full',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }).format(date),
    date: (date: Date, timeZone?: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(date),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
  };
}
