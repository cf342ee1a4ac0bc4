import type { buildEn } from './build.en';

// Other plural forms (_few, _many) are extra keys.
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & { [plural: string]: unknown };

/** Czech strings for building a template (see build.en.ts). */
export const buildCs: Strings<typeof buildEn> = {
  build: {
    newTemplate: 'Nová šablona',
    newTemplateName: 'Nová šablona',
    theTemplate: 'Šablona',
    thisStep: 'Tento krok',
    arrow: 'Šipka z „{{from}}“ do „{{to}}“',
    clockHours: 'hodiny (nepřetržitě)',
    businessHoursNote: 'Hodiny běží nepřetržitě; pracovní hodiny a pracovní dny počítají jen pracovní dobu.',
    client: 'Klient (vidí proces)',
    clientHint: 'Pozorovatel, který sleduje tento proces; nechte prázdné, pokud ho nemá vidět nikdo mimo tým.',
    somePerson: 'vybraná osoba',
    someTeam: 'vybraný tým',
    fromParameter: 'osoba z pole „{{name}}“',
    clientNone: 'Nikdo mimo tým',
    recurrenceNeedsDuty:
      'Toto pravidlo samo nic nespustí. Po zveřejnění Baton nabídne naplánovat ho jako povinnost (kdo ji plní a pro koho); můžete ji také vytvořit na stránce Povinnosti.',
    openDuties: 'Otevřít Povinnosti',
    canvasHint: 'Klikněte na krok v paletě a přidá se za vybraný; přetažením ho položíte kamkoli.',
    outcomes: { approved: 'schváleno', rejected: 'zamítnuto', otherwise: 'jinak' },
    due: {
      start: { at: 'při startu', after: '{{offset}} od startu', before: '{{offset}} před startem' },
      occurrence: { at: 'v den výskytu', after: '{{offset}} po výskytu', before: '{{offset}} před výskytem' },
      parameter: {
        at: 'v den „{{name}}“',
        after: '{{offset}} po datu „{{name}}“',
        before: '{{offset}} před datem „{{name}}“',
      },
      node: {
        at: 'po dokončení „{{title}}“',
        after: '{{offset}} po dokončení „{{title}}“',
        before: '{{offset}} před dokončením „{{title}}“',
      },
      date: { at: 'do {{date}}', after: '{{offset}} po {{date}}', before: '{{offset}} před {{date}}' },
      time: '{{when}}, v {{time}}',
    },
    explain: {
      skipped_one: 'bez {{count}} volného dne: {{days}}',
      skipped_few: 'bez {{count}} volných dnů: {{days}}',
      skipped_many: 'bez {{count}} volného dne: {{days}}',
      skipped_other: 'bez {{count}} volných dnů: {{days}}',
      moved: 'přesunuto z volného dne ({{day}})',
      fallsOn: 'připadá na volný den ({{day}})',
      movedToWork: 'přesunuto z {{from}} ({{why}}) na nejbližší pracovní dobu',
      why: {
        afterHours: 'mimo pracovní dobu',
        weekend: 'víkend',
        companyDayOff: 'firemní den volna',
        holiday: 'svátek',
      },
    },
    units: {
      minutes_one: '{{count}} minuta',
      minutes_few: '{{count}} minuty',
      minutes_many: '{{count}} minuty',
      minutes_other: '{{count}} minut',
      hours_one: '{{count}} hodina',
      hours_few: '{{count}} hodiny',
      hours_many: '{{count}} hodiny',
      hours_other: '{{count}} hodin',
      days_one: '{{count}} den',
      days_few: '{{count}} dny',
      days_many: '{{count}} dne',
      days_other: '{{count}} dní',
      businessDays_one: '{{count}} pracovní den',
      businessDays_few: '{{count}} pracovní dny',
      businessDays_many: '{{count}} pracovního dne',
      businessDays_other: '{{count}} pracovních dní',
      businessHours_one: '{{count}} pracovní hodina',
      businessHours_few: '{{count}} pracovní hodiny',
      businessHours_many: '{{count}} pracovní hodiny',
      businessHours_other: '{{count}} pracovních hodin',
      weeks_one: '{{count}} týden',
      weeks_few: '{{count}} týdny',
      weeks_many: '{{count}} týdne',
      weeks_other: '{{count}} týdnů',
      months_one: '{{count}} měsíc',
      months_few: '{{count}} měsíce',
      months_many: '{{count}} měsíce',
      months_other: '{{count}} měsíců',
    },
  },
  translations: {
    open: 'Překlady',
    title: 'Šablona v dalších jazycích',
    languages: 'Jazyky této šablony:',
    into: 'Přeložit do',
    source: '{{language}} (výchozí)',
    fallback: 'Prázdné: čtenáři uvidí výchozí text',
    missing: 'Chybějící texty: {{count}}',
    empty: 'Tato šablona zatím nemá žádné texty.',
  },
  issue: {
    fallback: {
      message: '{{node}}: něco zde není správně vyplněno',
      hint: 'Vyberte ho a zkontrolujte nastavení vpravo.',
    },
    fields: {
      assignee: { message: '{{node}}: vyberte, kdo úkol udělá', hint: 'Vyberte osobu nebo tým v poli „Řešitel“.' },
      reviewer: {
        message: '{{node}}: vyberte, kdo výsledek zkontroluje',
        hint: 'Vyberte osobu nebo tým v poli „Kontrolor“, nebo kontrolu odeberte.',
      },
      approver: { message: '{{node}}: vyberte, kdo schvaluje', hint: 'Vyberte osobu nebo tým v poli „Schvalovatel“.' },
      recipient: { message: '{{node}}: vyberte, koho upozornit', hint: 'Vyberte osobu nebo tým v poli „Příjemce“.' },
      title: { message: '{{node}}: zadejte název', hint: 'Napište krátký název, který říká, co je třeba udělat.' },
      due: {
        message: '{{node}}: termín nelze přečíst',
        hint: 'Nastavte termín pomocí tvůrce termínů, např. 3 pracovní dny od startu v 17:00.',
      },
      escalation: {
        message: '{{node}}: stupeň eskalace není úplný',
        hint: 'Zkontrolujte každý stupeň: kdy nastane, co udělá a komu jde.',
      },
      message: { message: '{{node}}: napište zprávu k odeslání', hint: 'Napište text oznámení.' },
      template: {
        message: '{{node}}: vyberte šablonu, která se spustí',
        hint: 'Vyberte publikovanou šablonu podprocesu.',
      },
      parameter: {
        message: '{{node}}: parametr šablony není úplný',
        hint: 'Otevřete nastavení šablony a zkontrolujte parametry.',
      },
    },
    translation: {
      en: {
        message: 'Texty bez anglického překladu: {{count}} (např. „{{example}}“); čtenáři je uvidí ve výchozím jazyce',
        hint: 'Doplňte anglické texty v Překladech.',
      },
      pl: {
        message: 'Texty bez polského překladu: {{count}} (např. „{{example}}“); čtenáři je uvidí ve výchozím jazyce',
        hint: 'Doplňte polské texty v Překladech.',
      },
      cs: {
        message: 'Texty bez českého překladu: {{count}} (např. „{{example}}“); čtenáři je uvidí ve výchozím jazyce',
        hint: 'Doplňte české texty v Překladech.',
      },
      ru: {
        message: 'Texty bez ruského překladu: {{count}} (např. „{{example}}“); čtenáři je uvidí ve výchozím jazyce',
        hint: 'Doplňte ruské texty v Překladech.',
      },
    },
    org: {
      assigneeManager: {
        message:
          '{{node}}: stupeň eskalace {{rung}} nedosáhne na nadřízeného osoby {{person}}, která nikomu nepodléhá; půjde k další osobě výše',
        hint: 'Požádejte správce, ať nastaví nadřízeného pro: {{person}}, nebo stupeň změňte.',
      },
      deputy: {
        message:
          '{{node}}: stupeň eskalace {{rung}} nepředá krok zástupci, protože {{person}} žádného nemá; krok zůstane, kde je',
        hint: 'Požádejte správce, ať nastaví zástupce pro: {{person}}, nebo stupeň změňte.',
      },
      delegatorManager: {
        message:
          '{{node}}: stupeň eskalace {{rung}} nedosáhne na nadřízeného osoby {{person}}, která nikomu nepodléhá; půjde místo toho k: {{person}}',
        hint: 'Požádejte správce, ať nastaví nadřízeného pro: {{person}}, nebo stupeň změňte.',
      },
    },
    codes: {
      'deadline-parse': {
        message: '{{node}}: termín nelze přečíst',
        hint: 'Nastavte termín pomocí tvůrce termínů, např. 3 pracovní dny od startu v 17:00.',
      },
      'duplicate-node-id': {
        message: '{{node}}: dva kroky mají v šabloně stejný název',
        hint: 'Smažte kopii a přidejte krok znovu z palety.',
      },
      'duplicate-edge-id': { message: '{{node}}: dvě šipky jsou stejné', hint: 'Smažte jednu ze šipek.' },
      'duplicate-parameter': {
        message: 'Dva parametry šablony mají stejný název',
        hint: 'Přejmenujte jeden z nich v nastavení šablony.',
      },
      'edge-unknown-node': {
        message: '{{node}} vede ke kroku, který už neexistuje',
        hint: 'Smažte šipku a nakreslete ji znovu.',
      },
      'edge-to-stage': {
        message: '{{node}} vede na rámec etapy',
        hint: 'Veďte šipky ke kroku uvnitř etapy, ne k rámci.',
      },
      'self-loop': { message: '{{node}} vede zpět sám na sebe', hint: 'Nasměrujte šipku na jiný krok.' },
      'no-start': { message: 'Šablona nemá Start', hint: 'Přidejte Start z palety a spojte ho s prvním krokem.' },
      'multiple-starts': { message: '{{node}}: šablona smí mít jen jeden Start', hint: 'Smažte přebytečný Start.' },
      'start-has-incoming': {
        message: '{{node}}: do Startu nesmí nic vést',
        hint: 'Smažte šipku, která vede do Startu.',
      },
      'unreachable-node': {
        message: '{{node}} nebude nikdy dosažen',
        hint: 'Nakreslete do něj šipku z dřívějšího kroku, nebo ho smažte.',
      },
      'dead-end': {
        message: '{{node}} nikam nevede',
        hint: 'Táhněte z jeho pravého úchytu k dalšímu kroku nebo ke Konci.',
      },
      'no-end': { message: 'Šablona nemá Konec', hint: 'Přidejte Konec z palety a spojte s ním poslední krok.' },
      'end-has-outgoing': {
        message: '{{node}}: po Konci nesmí nic následovat',
        hint: 'Smažte šipku, která z Konce vychází.',
      },
      'too-many-outgoing': {
        message: '{{node}} má víc než jednu cestu dál',
        hint: 'Nechte jednu šipku; k větvení použijte Rozhodnutí nebo Paralelní rozdělení.',
      },
      'too-few-outgoing': {
        message: '{{node}} potřebuje šipku pro každý výsledek',
        hint: 'Nakreslete chybějící šipky z jeho pravého úchytu.',
      },
      'unexpected-outcome': {
        message: '{{node}} má šipku pro výsledek, který nemá',
        hint: 'Vyberte šipku a zvolte jeden z výsledků kroku.',
      },
      'missing-outcome': {
        message: '{{node}}: určete, jaký výsledek šipka znamená',
        hint: 'Vyberte šipku a zvolte její výsledek.',
      },
      'duplicate-outcome': {
        message: '{{node}} má dvě šipky pro stejný výsledek',
        hint: 'Dejte každé šipce jiný výsledek, nebo jednu smažte.',
      },
      'approval-outcome-missing': {
        message: '{{node}}: určete, co se stane po schválení a po zamítnutí',
        hint: 'Nakreslete jednu šipku pro „schváleno“ a jednu pro „zamítnuto“.',
      },
      'decision-no-default': {
        message: '{{node}}: určete, kam jít, když neplatí žádné pravidlo',
        hint: 'Nastavte výchozí výsledek a nakreslete jeho šipku.',
      },
      'join-inputs': {
        message: '{{node}} čeká na víc větví, než do něj vede',
        hint: 'Nakreslete do něj víc šipek, nebo čekejte na méně větví.',
      },
      'condition-invalid': {
        message: '{{node}}: pravidlo nelze přečíst',
        hint: 'Přepište pravidlo v editoru pravidel.',
      },
      'condition-unknown-variable': {
        message: '{{node}}: pravidlo používá hodnotu, kterou proces nemá',
        hint: 'Vyberte v pravidle parametr nebo pole formuláře.',
      },
      'unknown-variable': {
        message: '{{node}} používá hodnotu, kterou proces nemá',
        hint: 'Vyberte existující parametr nebo pole formuláře.',
      },
      'deadline-unknown-parameter': {
        message: '{{node}}: termín se počítá od data, které šablona nemá',
        hint: 'Přidejte parametr s datem, nebo počítejte od startu.',
      },
      'deadline-parameter-not-date': {
        message: '{{node}}: termín se počítá od něčeho, co není datum',
        hint: 'Počítejte od parametru s datem nebo od startu.',
      },
      'deadline-unknown-node': {
        message: '{{node}}: termín se počítá od kroku, který neexistuje',
        hint: 'Počítejte od startu nebo od dřívějšího kroku.',
      },
      'deadline-self-anchor': {
        message: '{{node}}: termín se počítá od téhož kroku',
        hint: 'Počítejte od startu nebo od dřívějšího kroku.',
      },
      'deadline-anchor-not-upstream': {
        message: '{{node}}: termín se počítá od kroku, který ještě nemusel proběhnout',
        hint: 'Počítejte od startu nebo od kroku, který je vždy dřív.',
      },
      'deadline-occurrence-without-recurrence': {
        message: '{{node}}: termín se počítá od výskytu, ale proces se neopakuje',
        hint: 'Počítejte od startu, nebo nastavte opakování Startu.',
      },
      'recurrence-missing-parameter': {
        message: 'Opakovaný proces potřebuje výchozí hodnotu každého povinného parametru',
        hint: 'Dejte parametru výchozí hodnotu v nastavení šablony.',
      },
      'cycle-without-exit': {
        message: '{{node}} je ve smyčce bez východu',
        hint: 'Přidejte šipku ze smyčky k dalšímu kroku nebo ke Konci.',
      },
      'cycle-unbounded': { message: '{{node}} se může opakovat donekonečna', hint: 'Nastavte nejvyšší počet kol.' },
      'assignee-unknown-person': {
        message: '{{node}}: vybraná osoba už není v adresáři',
        hint: 'Vyberte někoho jiného.',
      },
      'assignee-unknown-team': { message: '{{node}}: vybraný tým už neexistuje', hint: 'Vyberte jiný tým.' },
      'assignee-unknown-parameter': {
        message: '{{node}}: osoba se bere z parametru, který neexistuje',
        hint: 'Vyberte existující parametr osoby, nebo konkrétní osobu.',
      },
      'assignee-parameter-not-person': {
        message: '{{node}}: osoba se bere z parametru, který není osoba',
        hint: 'Vyberte parametr osoby, nebo konkrétní osobu.',
      },
      'max-rounds-without-reviewer': {
        message: '{{node}} dovoluje několik kol, ale nikdo ho nekontroluje',
        hint: 'Vyberte kontrolora, nebo nechte jedno kolo.',
      },
      'subprocess-unknown-template': {
        message: '{{node}}: spouštěná šablona není publikovaná',
        hint: 'Nejdřív tu šablonu publikujte, nebo vyberte jinou.',
      },
      'subprocess-unknown-version': {
        message: '{{node}}: spouštěná verze neexistuje',
        hint: 'Vyberte publikovanou verzi.',
      },
      'subprocess-unknown-input': {
        message: '{{node}} předává hodnotu, kterou druhá šablona nepřijímá',
        hint: 'Odeberte tu hodnotu z mapování.',
      },
      'subprocess-missing-input': {
        message: '{{node}} nepředává hodnotu, kterou druhá šablona vyžaduje',
        hint: 'Přidejte povinnou hodnotu do mapování.',
      },
      'parent-unknown': {
        message: '{{node}} je v etapě, která už neexistuje',
        hint: 'Vytáhněte ho ven a přetáhněte znovu do etapy.',
      },
      'parent-not-stage': { message: '{{node}} je uvnitř něčeho, co není etapa', hint: 'Vytáhněte ho na plátno.' },
      'parent-cycle': { message: '{{node}}: etapy jsou vnořené do sebe navzájem', hint: 'Rozdělte etapy od sebe.' },
      'variable-shadows-parameter': {
        message: '{{node}}: pole formuláře přepisuje parametr stejného názvu',
        hint: 'Přejmenujte pole formuláře.',
      },
      'escalation-without-due': {
        message: '{{node}} má eskalační žebřík, ale žádný termín, takže nikdy nenastane',
        hint: 'Nastavte termín, nebo žebřík odeberte.',
      },
    },
  },
};
