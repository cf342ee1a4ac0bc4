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
  requests: {
    nav: 'Wyślij zgłoszenie',
    navStaff: 'Zarejestruj zgłoszenie',
    title: 'Wyślij zgłoszenie',
    titleStaff: 'Zarejestruj zgłoszenie klienta',
    form: 'Formularz zgłoszenia',
    none: 'Nie ma jeszcze formularzy zgłoszeń: menedżer musi oznaczyć szablon „klienci mogą uruchomić”.',
    client: 'Klient',
    clientHint: 'Od kogo jest zgłoszenie',
    receivedAt: 'Otrzymano',
    receivedAtHint: 'Kiedy przyszedł telefon lub list (puste: teraz); od tej chwili liczą się terminy.',
    send: 'Wyślij zgłoszenie',
    sent: 'Twoje zgłoszenie zostało wysłane',
    logged: 'Zgłoszenie zarejestrowano',
    link: 'Link do tego formularza',
    copy: 'Kopiuj link',
    copied: 'Link skopiowany',
    received: 'Otrzymaliśmy Twoje zgłoszenie {{date}}. Odpowiedzi biura pojawią się w historii poniżej.',
  },
  settings: {
    clientsMayStart: 'Klienci mogą go uruchomić (formularz zgłoszenia)',
    clientsMayStartHint:
      'Klienci wysyłają go z „Wyślij zgłoszenie”, asystenci rejestrują go za klienta. Parametry osób potrzebują wartości domyślnej.',
  },
  sensitive: {
    label: 'Poufne',
    hint: 'Historia, powiadomienia i raporty pokazują maskę; wartość widzą tylko wykonawca i sprawdzający.',
    kinds: { no: 'Nie', iban: 'Rachunek bankowy / IBAN', card: 'Numer karty', credential: 'Hasło / dane logowania' },
    values: 'Wartości poufne (widzisz je tylko Ty i druga osoba przy tym kroku)',
    erased: 'usunięte',
    show: 'Pokaż: {{label}}',
    hide: 'Ukryj: {{label}}',
    showShort: 'Pokaż',
    hideShort: 'Ukryj',
  },
  files: {
    title: 'Pliki',
    attach: 'Dołącz pliki',
    remove: 'Usuń {{name}}',
    tooMany: 'Limit plików: {{max}}; pozostałe pominięto.',
    failed: 'Nie udało się wysłać pliku: {{reason}}',
    accepts: 'Dozwolone: {{types}}',
    required: 'Dołącz co najmniej jeden plik.',
    withRequest: 'Pliki do zgłoszenia (zdjęcie, skan, dokument)',
    by: 'od: {{name}}',
  },
  auditText: {
    commentedOnProcess: '{{actor}} dodał(a) komentarz',
  },
};
