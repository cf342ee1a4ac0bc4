import type { clientEn } from './client.en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const clientRu: Strings<typeof clientEn> = {
  comments: {
    title: 'Комментарии',
    internal: 'Внутренний: видят только сотрудники',
    public: 'Публичный: клиент его читает',
    makePublic: 'Публичный: клиент его читает',
    internalHint: 'Внутренний: видят только сотрудники. Включите, если ответ должен прочитать клиент.',
    clientHint: 'Ваш комментарий получат сотрудники, которые работают над вашим запросом.',
    placeholder: 'Напишите комментарий',
    send: 'Отправить комментарий',
    sent: 'Комментарий отправлен',
    none: 'Комментариев пока нет.',
    onProcess: 'к запросу',
  },
  auditText: {
    commentedOnProcess: '{{actor}} оставил(а) комментарий',
  },
};
