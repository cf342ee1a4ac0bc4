import type { buildEn } from './build.en';

// Other plural forms (_few, _many) are extra keys.
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & { [plural: string]: unknown };

/** Polish strings for building a template (see build.en.ts). */
export const buildPl: Strings<typeof buildEn> = {
  build: {
    newTemplate: 'Nowy szablon',
    newTemplateName: 'Nowy szablon',
    theTemplate: 'Szablon',
    thisStep: 'Ten krok',
    arrow: 'Strzałka z „{{from}}” do „{{to}}”',
    clockHours: 'godziny zegarowe',
    businessHoursNote: 'Godziny zegarowe płyną całą dobę; godziny i dni robocze liczą tylko czas pracy.',
    client: 'Klient (widzi proces)',
    clientHint: 'Obserwator, który śledzi ten proces; zostaw puste, aby proces widzieli tylko pracownicy.',
    somePerson: 'wybrana osoba',
    someTeam: 'wybrany zespół',
    fromParameter: 'osoba z pola „{{name}}”',
    clientNone: 'Nikt spoza zespołu',
    recurrenceNeedsDuty:
      'Ta reguła sama niczego nie uruchamia. Po opublikowaniu Baton zaproponuje zaplanowanie jej jako obowiązku (kto wykonuje i dla kogo); można go też utworzyć na stronie Obowiązki.',
    openDuties: 'Otwórz Obowiązki',
    canvasHint: 'Kliknij krok w palecie, aby dodać go za zaznaczonym; przeciągnij, aby upuścić go w dowolnym miejscu.',
    outcomes: { approved: 'zatwierdzone', rejected: 'odrzucone', otherwise: 'w przeciwnym razie' },
    due: {
      start: { at: 'na starcie', after: '{{offset}} od startu', before: '{{offset}} przed startem' },
      occurrence: {
        at: 'w dniu wystąpienia',
        after: '{{offset}} po wystąpieniu',
        before: '{{offset}} przed wystąpieniem',
      },
      parameter: {
        at: 'w dniu „{{name}}”',
        after: '{{offset}} po dacie „{{name}}”',
        before: '{{offset}} przed datą „{{name}}”',
      },
      node: {
        at: 'po wykonaniu „{{title}}”',
        after: '{{offset}} po wykonaniu „{{title}}”',
        before: '{{offset}} przed wykonaniem „{{title}}”',
      },
      date: { at: 'do {{date}}', after: '{{offset}} po {{date}}', before: '{{offset}} przed {{date}}' },
      time: '{{when}}, o {{time}}',
    },
    explain: {
      skipped_one: 'z pominięciem {{count}} dnia wolnego: {{days}}',
      skipped_few: 'z pominięciem {{count}} dni wolnych: {{days}}',
      skipped_many: 'z pominięciem {{count}} dni wolnych: {{days}}',
      skipped_other: 'z pominięciem {{count}} dnia wolnego: {{days}}',
      moved: 'przeniesiony z dnia wolnego ({{day}})',
      fallsOn: 'wypada w dzień wolny ({{day}})',
      movedToWork: 'przeniesiony z {{from}} ({{why}}) na najbliższy czas pracy',
      why: {
        afterHours: 'poza godzinami pracy',
        weekend: 'weekend',
        companyDayOff: 'dzień wolny w firmie',
        holiday: 'święto',
      },
    },
    units: {
      minutes_one: '{{count}} minuta',
      minutes_few: '{{count}} minuty',
      minutes_many: '{{count}} minut',
      minutes_other: '{{count}} minuty',
      hours_one: '{{count}} godzina zegarowa',
      hours_few: '{{count}} godziny zegarowe',
      hours_many: '{{count}} godzin zegarowych',
      hours_other: '{{count}} godziny zegarowej',
      days_one: '{{count}} dzień',
      days_few: '{{count}} dni',
      days_many: '{{count}} dni',
      days_other: '{{count}} dnia',
      businessDays_one: '{{count}} dzień roboczy',
      businessDays_few: '{{count}} dni robocze',
      businessDays_many: '{{count}} dni roboczych',
      businessDays_other: '{{count}} dnia roboczego',
      businessHours_one: '{{count}} godzina robocza',
      businessHours_few: '{{count}} godziny robocze',
      businessHours_many: '{{count}} godzin roboczych',
      businessHours_other: '{{count}} godziny roboczej',
      weeks_one: '{{count}} tydzień',
      weeks_few: '{{count}} tygodnie',
      weeks_many: '{{count}} tygodni',
      weeks_other: '{{count}} tygodnia',
      months_one: '{{count}} miesiąc',
      months_few: '{{count}} miesiące',
      months_many: '{{count}} miesięcy',
      months_other: '{{count}} miesiąca',
    },
  },
  translations: {
    open: 'Tłumaczenia',
    title: 'Szablon w innych językach',
    languages: 'Języki tego szablonu:',
    into: 'Tłumacz na',
    source: '{{language}} (domyślny)',
    fallback: 'Puste: czytelnicy zobaczą tekst domyślny',
    missing: 'Brakujące teksty: {{count}}',
    empty: 'Ten szablon nie ma jeszcze tekstów.',
  },
  issue: {
    fallback: {
      message: '{{node}}: coś tu nie jest poprawnie wypełnione',
      hint: 'Zaznacz ten element i sprawdź jego ustawienia po prawej.',
    },
    fields: {
      assignee: {
        message: '{{node}}: wybierz, kto wykona to zadanie',
        hint: 'Wybierz osobę lub zespół w polu „Wykonawca”.',
      },
      reviewer: {
        message: '{{node}}: wybierz, kto sprawdzi wynik',
        hint: 'Wybierz osobę lub zespół w polu „Weryfikator” albo usuń weryfikację.',
      },
      approver: {
        message: '{{node}}: wybierz, kto zatwierdza',
        hint: 'Wybierz osobę lub zespół w polu „Akceptujący”.',
      },
      recipient: { message: '{{node}}: wybierz, kogo powiadomić', hint: 'Wybierz osobę lub zespół w polu „Odbiorca”.' },
      title: { message: '{{node}}: nadaj tytuł', hint: 'Wpisz krótki tytuł mówiący, co jest do zrobienia.' },
      due: {
        message: '{{node}}: nie da się odczytać terminu',
        hint: 'Ustaw termin kreatorem terminów, np. 3 dni robocze od startu o 17:00.',
      },
      escalation: {
        message: '{{node}}: szczebel eskalacji jest niepełny',
        hint: 'Sprawdź każdy szczebel: kiedy działa, co robi i do kogo trafia.',
      },
      message: { message: '{{node}}: wpisz treść wiadomości', hint: 'Wpisz tekst powiadomienia.' },
      template: {
        message: '{{node}}: wybierz szablon do uruchomienia',
        hint: 'Wybierz opublikowany szablon podprocesu.',
      },
      parameter: {
        message: '{{node}}: parametr szablonu jest niepełny',
        hint: 'Otwórz ustawienia szablonu i sprawdź parametry.',
      },
    },
    translation: {
      en: {
        message:
          'Teksty bez tłumaczenia na angielski: {{count}} (np. „{{example}}”); czytelnicy zobaczą je w języku domyślnym',
        hint: 'Dodaj teksty angielskie w Tłumaczeniach.',
      },
      pl: {
        message:
          'Teksty bez tłumaczenia na polski: {{count}} (np. „{{example}}”); czytelnicy zobaczą je w języku domyślnym',
        hint: 'Dodaj teksty polskie w Tłumaczeniach.',
      },
      cs: {
        message:
          'Teksty bez tłumaczenia na czeski: {{count}} (np. „{{example}}”); czytelnicy zobaczą je w języku domyślnym',
        hint: 'Dodaj teksty czeskie w Tłumaczeniach.',
      },
      ru: {
        message:
          'Teksty bez tłumaczenia na rosyjski: {{count}} (np. „{{example}}”); czytelnicy zobaczą je w języku domyślnym',
        hint: 'Dodaj teksty rosyjskie w Tłumaczeniach.',
      },
    },
    org: {
      assigneeManager: {
        message:
          '{{node}}: szczebel eskalacji {{rung}} nie dotrze do przełożonego osoby {{person}}, która nikomu nie podlega; trafi do następnej osoby wyżej',
        hint: 'Poproś administratora o ustawienie przełożonego dla: {{person}} albo zmień szczebel.',
      },
      deputy: {
        message:
          '{{node}}: szczebel eskalacji {{rung}} nie przekaże kroku zastępcy, bo {{person}} go nie ma; krok zostanie tam, gdzie jest',
        hint: 'Poproś administratora o ustawienie zastępcy dla: {{person}} albo zmień szczebel.',
      },
      delegatorManager: {
        message:
          '{{node}}: szczebel eskalacji {{rung}} nie dotrze do przełożonego osoby {{person}}, która nikomu nie podlega; trafi zamiast tego do: {{person}}',
        hint: 'Poproś administratora o ustawienie przełożonego dla: {{person}} albo zmień szczebel.',
      },
    },
    codes: {
      'deadline-parse': {
        message: '{{node}}: nie da się odczytać terminu',
        hint: 'Ustaw termin kreatorem terminów, np. 3 dni robocze od startu o 17:00.',
      },
      'duplicate-node-id': {
        message: '{{node}}: dwa kroki mają w szablonie tę samą nazwę',
        hint: 'Usuń kopię i dodaj krok ponownie z palety.',
      },
      'duplicate-edge-id': { message: '{{node}}: dwie strzałki są takie same', hint: 'Usuń jedną ze strzałek.' },
      'duplicate-parameter': {
        message: 'Dwa parametry szablonu mają tę samą nazwę',
        hint: 'Zmień nazwę jednego z nich w ustawieniach szablonu.',
      },
      'edge-unknown-node': {
        message: '{{node}} wskazuje krok, który już nie istnieje',
        hint: 'Usuń strzałkę i narysuj ją ponownie.',
      },
      'edge-to-stage': {
        message: '{{node}} wskazuje ramkę etapu',
        hint: 'Kieruj strzałki do kroku wewnątrz etapu, nie do ramki.',
      },
      'self-loop': { message: '{{node}} prowadzi z powrotem do siebie', hint: 'Skieruj strzałkę do innego kroku.' },
      'no-start': { message: 'Szablon nie ma Startu', hint: 'Dodaj Start z palety i połącz go z pierwszym krokiem.' },
      'multiple-starts': { message: '{{node}}: szablon może mieć tylko jeden Start', hint: 'Usuń dodatkowy Start.' },
      'start-has-incoming': {
        message: '{{node}}: nic nie może prowadzić do Startu',
        hint: 'Usuń strzałkę wskazującą Start.',
      },
      'unreachable-node': {
        message: '{{node}} nigdy nie zostanie osiągnięty',
        hint: 'Narysuj do niego strzałkę z wcześniejszego kroku albo go usuń.',
      },
      'dead-end': {
        message: '{{node}} nie prowadzi dalej',
        hint: 'Przeciągnij z jego prawego uchwytu do następnego kroku albo do Końca.',
      },
      'no-end': { message: 'Szablon nie ma Końca', hint: 'Dodaj Koniec z palety i połącz z nim ostatni krok.' },
      'end-has-outgoing': {
        message: '{{node}}: po Końcu nic nie może nastąpić',
        hint: 'Usuń strzałkę wychodzącą z Końca.',
      },
      'too-many-outgoing': {
        message: '{{node}} ma więcej niż jedną drogę dalej',
        hint: 'Zostaw jedną strzałkę; do rozgałęzień użyj Decyzji lub Rozgałęzienia równoległego.',
      },
      'too-few-outgoing': {
        message: '{{node}} potrzebuje strzałki dla każdego wyniku',
        hint: 'Narysuj brakujące strzałki z jego prawego uchwytu.',
      },
      'unexpected-outcome': {
        message: '{{node}} ma strzałkę dla wyniku, którego nie ma',
        hint: 'Zaznacz strzałkę i wybierz jeden z wyników kroku.',
      },
      'missing-outcome': {
        message: '{{node}}: wskaż, jaki wynik oznacza strzałka',
        hint: 'Zaznacz strzałkę i wybierz jej wynik.',
      },
      'duplicate-outcome': {
        message: '{{node}} ma dwie strzałki dla tego samego wyniku',
        hint: 'Daj każdej strzałce inny wynik albo usuń jedną.',
      },
      'approval-outcome-missing': {
        message: '{{node}}: wskaż, co się dzieje po zatwierdzeniu i po odrzuceniu',
        hint: 'Narysuj jedną strzałkę dla „zatwierdzone” i jedną dla „odrzucone”.',
      },
      'decision-no-default': {
        message: '{{node}}: wskaż, dokąd iść, gdy żadna reguła nie pasuje',
        hint: 'Ustaw wynik domyślny i narysuj jego strzałkę.',
      },
      'join-inputs': {
        message: '{{node}} czeka na więcej gałęzi, niż do niego prowadzi',
        hint: 'Narysuj więcej strzałek do niego albo czekaj na mniej gałęzi.',
      },
      'condition-invalid': {
        message: '{{node}}: nie da się odczytać reguły',
        hint: 'Zapisz regułę ponownie w edytorze reguł.',
      },
      'condition-unknown-variable': {
        message: '{{node}}: reguła używa wartości, której proces nie ma',
        hint: 'Wybierz w regule parametr lub pole formularza.',
      },
      'unknown-variable': {
        message: '{{node}} używa wartości, której proces nie ma',
        hint: 'Wybierz istniejący parametr lub pole formularza.',
      },
      'deadline-unknown-parameter': {
        message: '{{node}}: termin liczy się od daty, której szablon nie ma',
        hint: 'Dodaj parametr z datą albo licz od startu.',
      },
      'deadline-parameter-not-date': {
        message: '{{node}}: termin liczy się od czegoś, co nie jest datą',
        hint: 'Licz od parametru z datą albo od startu.',
      },
      'deadline-unknown-node': {
        message: '{{node}}: termin liczy się od kroku, który nie istnieje',
        hint: 'Licz od startu albo od wcześniejszego kroku.',
      },
      'deadline-self-anchor': {
        message: '{{node}}: termin liczy się od tego samego kroku',
        hint: 'Licz od startu albo od wcześniejszego kroku.',
      },
      'deadline-anchor-not-upstream': {
        message: '{{node}}: termin liczy się od kroku, który mógł się jeszcze nie wydarzyć',
        hint: 'Licz od startu albo od kroku, który zawsze jest wcześniej.',
      },
      'deadline-occurrence-without-recurrence': {
        message: '{{node}}: termin liczy się od wystąpienia, ale proces się nie powtarza',
        hint: 'Licz od startu albo ustaw powtarzanie Startu.',
      },
      'recurrence-missing-parameter': {
        message: 'Powtarzający się proces potrzebuje wartości domyślnej każdego wymaganego parametru',
        hint: 'Nadaj parametrowi wartość domyślną w ustawieniach szablonu.',
      },
      'cycle-without-exit': {
        message: '{{node}} jest w pętli bez wyjścia',
        hint: 'Dodaj strzałkę z pętli do dalszego kroku albo do Końca.',
      },
      'cycle-unbounded': { message: '{{node}} może się powtarzać bez końca', hint: 'Ustaw maksymalną liczbę rund.' },
      'assignee-unknown-person': {
        message: '{{node}}: wybranej osoby nie ma już w katalogu',
        hint: 'Wybierz kogoś innego.',
      },
      'assignee-unknown-team': { message: '{{node}}: wybrany zespół już nie istnieje', hint: 'Wybierz inny zespół.' },
      'assignee-unknown-parameter': {
        message: '{{node}}: osoba jest brana z parametru, który nie istnieje',
        hint: 'Wybierz istniejący parametr osoby albo konkretną osobę.',
      },
      'assignee-parameter-not-person': {
        message: '{{node}}: osoba jest brana z parametru, który nie jest osobą',
        hint: 'Wybierz parametr osoby albo konkretną osobę.',
      },
      'max-rounds-without-reviewer': {
        message: '{{node}} dopuszcza kilka rund, ale nikt go nie sprawdza',
        hint: 'Wybierz weryfikującego albo zostaw jedną rundę.',
      },
      'subprocess-unknown-template': {
        message: '{{node}}: uruchamiany szablon nie jest opublikowany',
        hint: 'Najpierw opublikuj ten szablon albo wybierz inny.',
      },
      'subprocess-unknown-version': {
        message: '{{node}}: uruchamiana wersja nie istnieje',
        hint: 'Wybierz opublikowaną wersję.',
      },
      'subprocess-unknown-input': {
        message: '{{node}} przekazuje wartość, której drugi szablon nie przyjmuje',
        hint: 'Usuń tę wartość z mapowania.',
      },
      'subprocess-missing-input': {
        message: '{{node}} nie przekazuje wartości wymaganej przez drugi szablon',
        hint: 'Dodaj wymaganą wartość do mapowania.',
      },
      'parent-unknown': {
        message: '{{node}} jest w etapie, który już nie istnieje',
        hint: 'Wyciągnij go i przeciągnij ponownie do etapu.',
      },
      'parent-not-stage': {
        message: '{{node}} jest wewnątrz czegoś, co nie jest etapem',
        hint: 'Wyciągnij go na kanwę.',
      },
      'parent-cycle': { message: '{{node}}: etapy są zagnieżdżone w sobie nawzajem', hint: 'Rozsuń etapy.' },
      'variable-shadows-parameter': {
        message: '{{node}}: pole formularza nadpisuje parametr o tej samej nazwie',
        hint: 'Zmień nazwę pola formularza.',
      },
      'escalation-without-due': {
        message: '{{node}} ma drabinę eskalacji, ale nie ma terminu, więc nigdy nie zadziała',
        hint: 'Ustaw termin albo usuń drabinę.',
      },
    },
  },
};
