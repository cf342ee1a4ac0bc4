import type { clientEn } from './client.en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const clientCs: Strings<typeof clientEn> = {
  comments: {
    title: 'Komentáře',
    internal: 'Interní: vidí jen tým',
    public: 'Veřejný: čte ho i klient',
    makePublic: 'Veřejný: čte ho i klient',
    internalHint: 'Interní: vidí jen tým. Zapněte, pokud má odpověď číst klient.',
    clientHint: 'Váš komentář dostanou lidé, kteří řeší váš požadavek.',
    placeholder: 'Napište komentář',
    send: 'Odeslat komentář',
    sent: 'Komentář odeslán',
    none: 'Zatím žádné komentáře.',
    onProcess: 'k požadavku',
  },
  auditText: {
    commentedOnProcess: '{{actor}} přidal(a) komentář',
  },
};
