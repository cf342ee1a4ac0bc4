/** English, the source language: every other locale must have the same keys (checked by the type below). */
export const en = {
  app: { tagline: 'Processes drawn by managers, run on Temporal, worked from an inbox' },
  nav: { designer: 'Designer', status: 'System status', language: 'Language', menu: 'Menu' },
  status: {
    title: 'System status',
    lead: 'What Baton runs on and whether each part is reachable.',
    checking: 'Checking…',
    apiDown: 'The Baton API does not answer ({{error}}).',
    postgres: 'PostgreSQL',
    temporal: 'Temporal service',
    reachable: 'reachable',
    unreachable: 'unreachable',
    apiReference: 'API reference:',
  },
  designer: { loading: 'Loading the designer…' },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Translation = Strings<typeof en>;
