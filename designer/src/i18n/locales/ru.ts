import type { Translation } from './en';

export const ru: Translation = {
  app: { tagline: 'Процессы, нарисованные руководителями, выполняются в Temporal, задачи — во входящих' },
  nav: { designer: 'Конструктор', status: 'Состояние системы', language: 'Язык', menu: 'Меню' },
  status: {
    title: 'Состояние системы',
    lead: 'На чём работает Baton и доступна ли каждая часть.',
    checking: 'Проверка…',
    apiDown: 'API Baton не отвечает ({{error}}).',
    postgres: 'PostgreSQL',
    temporal: 'Сервис Temporal',
    reachable: 'доступен',
    unreachable: 'недоступен',
    apiReference: 'Справочник API:',
  },
  designer: { loading: 'Загрузка конструктора…' },
};
