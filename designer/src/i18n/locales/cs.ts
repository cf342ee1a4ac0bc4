import type { Translation } from './en';

export const cs: Translation = {
  app: { tagline: 'Procesy navržené manažery, běžící na Temporalu, vyřizované z doručené pošty' },
  nav: { designer: 'Návrhář', status: 'Stav systému', language: 'Jazyk', menu: 'Nabídka' },
  status: {
    title: 'Stav systému',
    lead: 'Na čem Baton běží a zda je každá část dostupná.',
    checking: 'Kontrola…',
    apiDown: 'API Batonu neodpovídá ({{error}}).',
    postgres: 'PostgreSQL',
    temporal: 'Služba Temporal',
    reachable: 'dostupná',
    unreachable: 'nedostupná',
    apiReference: 'Reference API:',
  },
  designer: { loading: 'Načítání návrháře…' },
};
