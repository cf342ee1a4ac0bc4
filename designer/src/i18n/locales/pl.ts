import type { Translation } from './en';

export const pl: Translation = {
  app: { tagline: 'Procesy rysowane przez menedżerów, uruchamiane w Temporal, realizowane ze skrzynki zadań' },
  nav: { designer: 'Projektant', status: 'Stan systemu', language: 'Język', menu: 'Menu' },
  status: {
    title: 'Stan systemu',
    lead: 'Na czym działa Baton i czy każda część jest osiągalna.',
    checking: 'Sprawdzanie…',
    apiDown: 'API Baton nie odpowiada ({{error}}).',
    postgres: 'PostgreSQL',
    temporal: 'Usługa Temporal',
    reachable: 'osiągalna',
    unreachable: 'nieosiągalna',
    apiReference: 'Dokumentacja API:',
  },
  designer: { loading: 'Ładowanie projektanta…' },
};
