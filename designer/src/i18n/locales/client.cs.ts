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
  requests: {
    nav: 'Odeslat požadavek',
    navStaff: 'Zapsat požadavek',
    title: 'Odeslat požadavek',
    titleStaff: 'Zapsat požadavek klienta',
    form: 'Formulář požadavku',
    none: 'Zatím nejsou otevřené žádné formuláře: manažer musí označit šablonu „klienti ji mohou spustit“.',
    client: 'Klient',
    clientHint: 'Od koho požadavek je',
    receivedAt: 'Přijato',
    receivedAtHint: 'Kdy přišel hovor nebo dopis (prázdné: teď); od té chvíle běží lhůty.',
    send: 'Odeslat požadavek',
    sent: 'Váš požadavek byl odeslán',
    logged: 'Požadavek byl zapsán',
    link: 'Odkaz na tento formulář',
    copy: 'Kopírovat odkaz',
    copied: 'Odkaz zkopírován',
    received: 'Váš požadavek jsme přijali {{date}}. Odpovědi kanceláře se objeví v historii níže.',
  },
  settings: {
    clientsMayStart: 'Klienti ji mohou spustit (formulář požadavku)',
    clientsMayStartHint:
      'Klienti ji posílají z „Odeslat požadavek“, asistenti ji zapisují za klienta. Parametry osob potřebují výchozí hodnotu.',
  },
  sensitive: {
    label: 'Citlivé',
    hint: 'Historie, oznámení a přehledy ukazují masku; hodnotu čte jen řešitel a kontrolor.',
    kinds: { no: 'Ne', iban: 'Bankovní účet / IBAN', card: 'Číslo karty', credential: 'Heslo / přihlašovací údaje' },
    values: 'Citlivé hodnoty (vidíte je jen vy a druhá osoba u tohoto kroku)',
    erased: 'smazáno',
    show: 'Zobrazit: {{label}}',
    hide: 'Skrýt: {{label}}',
    showShort: 'Zobrazit',
    hideShort: 'Skrýt',
  },
  files: {
    title: 'Soubory',
    attach: 'Přiložit soubory',
    remove: 'Odebrat {{name}}',
    tooMany: 'Limit souborů: {{max}}; ostatní byly vynechány.',
    failed: 'Soubor se nepodařilo nahrát: {{reason}}',
    accepts: 'Povoleno: {{types}}',
    required: 'Přiložte alespoň jeden soubor.',
    withRequest: 'Soubory k požadavku (fotka, sken, dokument)',
    by: 'od: {{name}}',
  },
  auditText: {
    commentedOnProcess: '{{actor}} přidal(a) komentář',
  },
};
