// The words of a report email's tables (the same figures as the reports page), in each language, i18next syntax.
import type { Language } from './languages';

export interface ReportEmailCatalog {
  summary: string;
  figure: string;
  value: string;
  completed: string;
  onTimeRate: string;
  hoursSpent: string;
  missed: string;
  escalations: string;
  risksRaised: string;
  openRisks: string;
  timePerAssistant: string;
  timePerClient: string;
  person: string;
  hours: string;
  completedSteps: string;
  missedSteps: string;
  openRiskList: string;
  step: string;
  assignee: string;
  doneAt: string;
  dueAt: string;
  risk: string;
  since: string;
  noRate: string;
  more: string;
}

export const REPORT_EMAIL_CATALOGS: Record<Language, ReportEmailCatalog> = {
  en: {
    summary: 'Summary',
    figure: 'Figure',
    value: 'Value',
    completed: 'Completed steps',
    onTimeRate: 'On-time rate',
    hoursSpent: 'Hours spent',
    missed: 'Missed deadlines',
    escalations: 'Escalations',
    risksRaised: 'Risks raised',
    openRisks: 'Open risks',
    timePerAssistant: 'Hours per assistant',
    timePerClient: 'Hours per client',
    person: 'Person',
    hours: 'Hours',
    completedSteps: 'Steps completed',
    missedSteps: 'Deadlines missed',
    openRiskList: 'Risks still open',
    step: 'Step',
    assignee: 'Assignee',
    doneAt: 'Done',
    dueAt: 'Due',
    risk: 'Risk',
    since: 'Since',
    noRate: 'no steps completed',
    more: 'and {{count}} more on the reports page',
  },
  pl: {
    summary: 'Podsumowanie',
    figure: 'Wskaźnik',
    value: 'Wartość',
    completed: 'Ukończone kroki',
    onTimeRate: 'Terminowość',
    hoursSpent: 'Przepracowane godziny',
    missed: 'Przekroczone terminy',
    escalations: 'Eskalacje',
    risksRaised: 'Zgłoszone ryzyka',
    openRisks: 'Otwarte ryzyka',
    timePerAssistant: 'Godziny na asystenta',
    timePerClient: 'Godziny na klienta',
    person: 'Osoba',
    hours: 'Godziny',
    completedSteps: 'Ukończone kroki',
    missedSteps: 'Przekroczone terminy',
    openRiskList: 'Wciąż otwarte ryzyka',
    step: 'Krok',
    assignee: 'Wykonawca',
    doneAt: 'Ukończono',
    dueAt: 'Termin',
    risk: 'Ryzyko',
    since: 'Od',
    noRate: 'brak ukończonych kroków',
    more: 'i {{count}} więcej na stronie raportów',
  },
  cs: {
    summary: 'Souhrn',
    figure: 'Ukazatel',
    value: 'Hodnota',
    completed: 'Dokončené kroky',
    onTimeRate: 'Dodržení termínů',
    hoursSpent: 'Odpracované hodiny',
    missed: 'Zmeškané termíny',
    escalations: 'Eskalace',
    risksRaised: 'Nahlášená rizika',
    openRisks: 'Otevřená rizika',
    timePerAssistant: 'Hodiny podle asistenta',
    timePerClient: 'Hodiny podle klienta',
    person: 'Osoba',
    hours: 'Hodiny',
    completedSteps: 'Dokončené kroky',
    missedSteps: 'Zmeškané termíny',
    openRiskList: 'Stále otevřená rizika',
    step: 'Krok',
    assignee: 'Řešitel',
    doneAt: 'Dokončeno',
    dueAt: 'Termín',
    risk: 'Riziko',
    since: 'Od',
    noRate: 'žádné dokončené kroky',
    more: 'a {{count}} dalších na stránce přehledů',
  },
  ru: {
    summary: 'Сводка',
    figure: 'Показатель',
    value: 'Значение',
    completed: 'Завершённые шаги',
    onTimeRate: 'Соблюдение сроков',
    hoursSpent: 'Затраченные часы',
    missed: 'Пропущенные сроки',
    escalations: 'Эскалации',
    risksRaised: 'Отмеченные риски',
    openRisks: 'Открытые риски',
    timePerAssistant: 'Часы по ассистентам',
    timePerClient: 'Часы по клиентам',
    person: 'Сотрудник',
    hours: 'Часы',
    completedSteps: 'Завершённые шаги',
    missedSteps: 'Пропущенные сроки',
    openRiskList: 'Всё ещё открытые риски',
    step: 'Шаг',
    assignee: 'Исполнитель',
    doneAt: 'Завершён',
    dueAt: 'Срок',
    risk: 'Риск',
    since: 'С',
    noRate: 'нет завершённых шагов',
    more: 'и ещё {{count}} на странице отчётов',
  },
};
