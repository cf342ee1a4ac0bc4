import { inLanguage, type TemplateInput } from '../../../workflows/template';
import { builtInTemplates } from '../../../workflows/template/library';

export type GalleryLanguage = 'en' | 'pl' | 'cs' | 'ru';

export interface GalleryEntry {
  /** The template id in the library, also the test id suffix (`gallery-<id>`). */
  id: string;
  title: string;
  description: string;
  /** Nodes of the template, a rough measure of its size. */
  nodeCount: number;
  /** A fresh copy, so a draft started from it never changes the library. */
  template: () => TemplateInput;
}

// The library's descriptions are written in English (DOMAIN.md's wording); the other languages live here, next to
// the gallery that shows them, keyed by template id. gallery.test.ts checks that every library template has them.
const DESCRIPTIONS: Record<Exclude<GalleryLanguage, 'en'>, Record<string, string>> = {
  pl: {
    'delegation-with-review':
      'Menedżer przekazuje zadanie asystentowi z terminem. Wynik wraca do weryfikacji: zatwierdź go albo zwróć ' +
      'z uwagami do kolejnej rundy (najwyżej 5). Czas pracy jest zapisywany dla każdej rundy.',
    'client-request':
      'Zapytania klientów otrzymują odpowiedź w ciągu 24 godzin (jednego dnia roboczego), pilne w ciągu 4 godzin ' +
      'roboczych. Każdy konflikt trafia od razu do menedżera.',
    'information-request': 'Informacje, o które prosi menedżer, są dostarczane w ciągu 1 dnia roboczego.',
    'archive-signed-contract':
      'Podpisane umowy i dokumenty są archiwizowane w ciągu 3 dni roboczych od podpisania lub otrzymania.',
    'daily-crm-update':
      'Każdego dnia roboczego do 17:00 CRM zawiera kontakty, transakcje i wyniki spotkań z tego dnia.',
    'monthly-access-verification':
      'Co miesiąc kierowniczka biura sprawdza dostępy uczestników kursu względem otrzymanych płatności i angażuje ' +
      'klienta tylko w sprawach wykraczających poza jej uprawnienia.',
    'quarterly-invoices': 'Co kwartał kierowniczka biura zbiera faktury z kwartału i przekazuje je księgowej.',
    'annual-tax-settlement':
      'Co roku od 1 marca zbierane są dokumenty, klient zatwierdza projekt, a zeznanie jest składane przed ' +
      'ustawowym terminem 30 kwietnia.',
    'event-organization':
      'Planowane wstecz od daty wydarzenia w dniach roboczych: planowanie od 4 do 2 tygodni wcześniej, potem dokumenty ' +
      'równolegle z kosztorysem, który menedżer zatwierdza przed rezerwacją biletów, hoteli i transportu, logistyka, ' +
      'miejsce i kontrola do końca z rejestrem wydatków.',
    'business-trip':
      'Planowana wstecz od daty wyjazdu w dniach roboczych: planowanie, potem wizy i dokumenty z wyprzedzeniem ' +
      'równolegle z kosztorysem, który menedżer zatwierdza przed zakupem biletów, logistyka, hotel i vouchery oraz ' +
      'kontrola do powrotu z rozliczeniem wydatków.',
    'assistant-onboarding':
      'Pisemne instrukcje, nagrany przewodnik lub film dla każdego powtarzalnego obowiązku, a potem pierwsze ' +
      'wykonanie pod nadzorem menedżera.',
  },
  cs: {
    'delegation-with-review':
      'Manažer předá úkol asistentovi s termínem. Výsledek se vrací ke kontrole: schvalte ho, nebo ho vraťte ' +
      's připomínkami do dalšího kola (nejvýše 5). Odpracovaný čas se zapisuje za každé kolo.',
    'client-request':
      'Požadavky klientů jsou zodpovězeny do 24 hodin (jednoho pracovního dne), naléhavé do 4 pracovních hodin. ' +
      'Každý konflikt jde ihned manažerovi.',
    'information-request': 'Informace, které manažer požaduje, jsou dodány do 1 pracovního dne.',
    'archive-signed-contract':
      'Podepsané smlouvy a dokumenty se archivují do 3 pracovních dnů od podpisu nebo přijetí.',
    'daily-crm-update': 'Každý pracovní den do 17:00 obsahuje CRM kontakty, obchody a výsledky schůzek daného dne.',
    'monthly-access-verification':
      'Každý měsíc office manažerka ověří přístupy účastníků kurzu podle přijatých plateb a klienta zapojí jen ' +
      'u případů nad rámec svých pravomocí.',
    'quarterly-invoices': 'Každé čtvrtletí office manažerka shromáždí faktury za čtvrtletí a předá je účetní.',
    'annual-tax-settlement':
      'Každý rok se od 1. března shromažďují doklady, klient schválí návrh a přiznání se podá před zákonným ' +
      'termínem 30. dubna.',
    'event-organization':
      'Plánováno zpětně od data akce v pracovních dnech: plánování 4 až 2 týdny předem, pak dokumenty souběžně ' +
      's rozpočtem, který manažer schválí před rezervací letenek, hotelů a dopravy, logistika, místo a kontrola až ' +
      'do konce s evidencí výdajů.',
    'business-trip':
      'Plánováno zpětně od data odjezdu v pracovních dnech: plánování, pak víza a dokumenty s předstihem souběžně ' +
      's rozpočtem, který manažer schválí před nákupem letenek, logistika, hotel a vouchery a kontrola až do ' +
      'návratu s vyúčtováním výdajů.',
    'assistant-onboarding':
      'Písemné instrukce, nahraný průvodce nebo video ke každé opakované povinnosti a pak první provedení pod ' +
      'dohledem manažera.',
  },
  ru: {
    'delegation-with-review':
      'Руководитель передаёт задачу ассистенту со сроком. Результат возвращается на проверку: примите его или ' +
      'верните с комментариями на новый круг (не больше 5). Время работы учитывается по каждому кругу.',
    'client-request':
      'На запросы клиентов отвечают в течение 24 часов (одного рабочего дня), на срочные — в течение 4 рабочих ' +
      'часов. О любом конфликте сразу сообщают руководителю.',
    'information-request': 'Информация, запрошенная руководителем, предоставляется в течение 1 рабочего дня.',
    'archive-signed-contract':
      'Подписанные договоры и документы архивируются в течение 3 рабочих дней после подписания или получения.',
    'daily-crm-update': 'Каждый рабочий день до 17:00 в CRM внесены контакты, сделки и итоги встреч за день.',
    'monthly-access-verification':
      'Каждый месяц офис-менеджер сверяет доступы участников курса с полученными оплатами и привлекает клиента ' +
      'только в случаях, выходящих за её полномочия.',
    'quarterly-invoices': 'Каждый квартал офис-менеджер собирает счета за квартал и передаёт их бухгалтеру.',
    'annual-tax-settlement':
      'Каждый год с 1 марта собираются документы, клиент утверждает проект, и декларация подаётся до законного ' +
      'срока 30 апреля.',
    'event-organization':
      'Планируется назад от даты мероприятия в рабочих днях: планирование за 4–2 недели, затем документы ' +
      'параллельно со сметой, которую руководитель утверждает до бронирования билетов, отелей и транспорта, ' +
      'логистика, площадка и контроль до конца с учётом расходов.',
    'business-trip':
      'Планируется назад от даты отъезда в рабочих днях: планирование, затем визы и документы с учётом сроков ' +
      'параллельно со сметой, которую руководитель утверждает до покупки билетов, логистика, отель и ваучеры и ' +
      'контроль до возвращения с отчётом о расходах.',
    'assistant-onboarding':
      'Письменные инструкции, записанный разбор или видео по каждой регулярной обязанности, затем первое ' +
      'выполнение под контролем руководителя.',
  },
};

/** The built-in library as the gallery shows it in a language: localized title and description, English fallback. */
export function galleryEntries(language: string): GalleryEntry[] {
  const code = (['en', 'pl', 'cs', 'ru'] as const).find((candidate) => language.startsWith(candidate)) ?? 'en';
  return builtInTemplates.map((template) => ({
    id: template.id,
    title: template.title?.[code] ?? template.title?.en ?? template.name,
    description: (code === 'en' ? undefined : DESCRIPTIONS[code][template.id]) ?? template.description ?? '',
    nodeCount: template.nodes.length,
    // Written in the manager's language, its other languages side by side in the translations drawer.
    template: () => inLanguage(structuredClone(template) as TemplateInput, code),
  }));
}

/** Template ids of the library lacking a description in a language (empty when the gallery is complete). */
export function missingDescriptions(): { language: GalleryLanguage; id: string }[] {
  const missing: { language: GalleryLanguage; id: string }[] = [];
  for (const template of builtInTemplates) {
    if (!template.description) missing.push({ language: 'en', id: template.id });
    for (const language of ['pl', 'cs', 'ru'] as const) {
      if (!DESCRIPTIONS[language][template.id]) missing.push({ language, id: template.id });
    }
  }
  return missing;
}
