// The words an email adds around a notice (its link, who it comes from), in each language, i18next syntax.
import type { Language } from './languages';

export interface EmailCatalog {
  openStep: string;
  openProcess: string;
  openReports: string;
  /** The From display name when a person's process sent it. */
  sender: string;
}

export const EMAIL_CATALOGS: Record<Language, EmailCatalog> = {
  en: {
    openStep: 'Open the step',
    openProcess: 'Open the process',
    openReports: 'Open the reports',
    sender: '{{name}} via Baton',
  },
  pl: {
    openStep: 'Otwórz krok',
    openProcess: 'Otwórz proces',
    openReports: 'Otwórz raporty',
    sender: '{{name}} przez Baton',
  },
  cs: {
    openStep: 'Otevřít krok',
    openProcess: 'Otevřít proces',
    openReports: 'Otevřít přehledy',
    sender: '{{name}} přes Baton',
  },
  ru: {
    openStep: 'Открыть шаг',
    openProcess: 'Открыть процесс',
    openReports: 'Открыть отчёты',
    sender: '{{name}} через Baton',
  },
};

/** An email's words in `language`, its placeholders filled. */
export function emailWords(language: Language, key: keyof EmailCatalog, values: Record<string, string> = {}): string {
  return EMAIL_CATALOGS[language][key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}
