import type { clientEn } from './client.en';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const clientPl: Strings<typeof clientEn> = {
  comments: {
    title: 'Komentarze',
    internal: 'Wewnętrzny: widzi go tylko zespół',
    public: 'Publiczny: klient go czyta',
    makePublic: 'Publiczny: klient go czyta',
    internalHint: 'Wewnętrzny: widzi go tylko zespół. Włącz, jeśli odpowiedź ma przeczytać klient.',
    clientHint: 'Twój komentarz trafi do osób, które zajmują się Twoją sprawą.',
    placeholder: 'Napisz komentarz',
    send: 'Wyślij komentarz',
    sent: 'Komentarz wysłany',
    none: 'Nie ma jeszcze komentarzy.',
    onProcess: 'do zgłoszenia',
  },
  auditText: {
    commentedOnProcess: '{{actor}} dodał(a) komentarz',
  },
};
