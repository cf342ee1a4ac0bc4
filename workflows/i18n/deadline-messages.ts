// Why a due date is what it is, as message keys with parameters (not an English sentence): the API sends them beside
// its English `explanation`, and the web app and mail renderers say them in the reader's language with this one
// catalog (i18next syntax). Dates and instants travel as ISO values and are written in the reader's locale.
import type { DueDate } from '../deadline/compute-due';
import type { DeadlineSpec } from '../deadline/deadline-spec';
import type { Language } from './languages';

export const DEADLINE_MESSAGE_KEYS = [
  'offset',
  'at',
  'skippedHoliday',
  'skippedDayOff',
  'movedNext',
  'movedPrevious',
  'movedToWorkingTime',
  'fallsOn',
  'pausedForDecision',
] as const;
export type DeadlineMessageKey = (typeof DEADLINE_MESSAGE_KEYS)[number];

/** One clause of an explanation: its key and the values it names (ISO dates, counts, units, reasons, names). */
export interface DeadlineMessage {
  key: DeadlineMessageKey;
  params: Record<string, string | number>;
}

/** The anchor a rule counts from: `start`, `occurrence` and `date` are words of the catalog, the others names. */
export type AnchorKind = 'start' | 'occurrence' | 'date' | 'parameter' | 'node';
/** Why a day is not worked or a time was moved: words of the catalog (a holiday also has its name). */
export type Reason = 'publicHoliday' | 'companyDayOff' | 'weekend' | 'afterHours';

/**
 * The clauses of `due`'s explanation: when it is due and by which rule, the holidays skipped, a move off a day off or
 * to working time, a day off kept. `anchorName` names a parameter anchor (its label) or a node anchor (its step title).
 */
export function deadlineMessages(due: DueDate, spec: DeadlineSpec, anchorName?: string): DeadlineMessage[] {
  const anchor = spec.anchor;
  const name =
    anchorName ?? (anchor.kind === 'parameter' ? anchor.name : anchor.kind === 'node' ? anchor.nodeId : undefined);
  const anchorParams = { anchorKind: anchor.kind, ...(name !== undefined ? { anchor: name } : {}) };
  const head: DeadlineMessage =
    spec.offset && spec.offset.amount > 0
      ? {
          key: 'offset',
          params: {
            due: due.due.toISOString(),
            count: spec.offset.amount,
            unit: spec.offset.unit,
            direction: spec.offset.direction,
            from: due.anchorAt.toISOString(),
            ...anchorParams,
          },
        }
      : { key: 'at', params: { due: due.due.toISOString(), from: due.anchorAt.toISOString(), ...anchorParams } };
  const out: DeadlineMessage[] = [head];
  for (const day of due.skipped) {
    if (day.reason === 'publicHoliday')
      out.push({ key: 'skippedHoliday', params: { day: day.date, name: day.name ?? '' } });
    else if (day.reason === 'companyDayOff')
      out.push({ key: 'skippedDayOff', params: { day: day.date, ...(day.name ? { name: day.name } : {}) } });
  }
  if (due.movedFrom) {
    const previous = due.due.getTime() < due.movedFrom.instant.getTime();
    out.push({
      key: previous ? 'movedPrevious' : 'movedNext',
      params: {
        moved: due.movedFrom.instant.toISOString(),
        reason: due.movedFrom.day.reason,
        name: due.movedFrom.day.name ?? '',
      },
    });
  }
  if (due.movedToWorkingTime) {
    const day = due.movedToWorkingTime.day;
    out.push({
      key: 'movedToWorkingTime',
      params: {
        moved: due.movedToWorkingTime.instant.toISOString(),
        reason: day?.reason ?? 'afterHours',
        name: day?.name ?? '',
      },
    });
  }
  if (due.fallsOn)
    out.push({
      key: 'fallsOn',
      params: { day: due.fallsOn.date, reason: due.fallsOn.reason, name: due.fallsOn.name ?? '' },
    });
  // The same holiday skipped and moved over is said once.
  return out.filter(
    (message, index) => out.findIndex((other) => JSON.stringify(other) === JSON.stringify(message)) === index
  );
}

interface DeadlineCatalog {
  clause: Record<DeadlineMessageKey, string>;
  unit: Record<string, string>;
  /** The anchor after a count ("3 days after …", declined where a language declines). */
  anchor: Record<'start' | 'occurrence' | 'date' | 'node' | 'parameter', string>;
  /** The anchor on its own ("the occurrence on …"). */
  anchorAt: Record<'start' | 'occurrence' | 'date' | 'node' | 'parameter', string>;
  reason: Record<Reason, string>;
  /** A company day off the calendar names (an imported event's summary), said with its name. */
  named: { reason: string; skippedDayOff: string };
  holiday: string;
}

// {{amount}} is the count with its unit, {{anchor}} the anchor in words, {{why}} a reason in words: the renderer
// makes them from the stored count, unit, anchorKind and reason.
const en: DeadlineCatalog = {
  clause: {
    offset: '{{due}}: {{amount}} {{direction}} {{anchor}} ({{from}})',
    at: '{{due}}: {{anchor}} ({{from}})',
    skippedHoliday: '{{day}} is a public holiday ({{name}})',
    skippedDayOff: '{{day}} is a company day off',
    movedNext: 'moved from {{moved}} ({{why}}) to the next business day',
    movedPrevious: 'moved from {{moved}} ({{why}}) to the previous business day',
    movedToWorkingTime: 'moved from {{moved}} ({{why}}) to the next working time',
    fallsOn: 'note: {{day}} is not a business day ({{why}})',
    pausedForDecision: 'moved later by the time a decision was pending ({{from}} – {{to}})',
  },
  unit: {
    minutes_one: '{{count}} minute',
    minutes_other: '{{count}} minutes',
    hours_one: '{{count}} hour',
    hours_other: '{{count}} hours',
    businessHours_one: '{{count}} business hour',
    businessHours_other: '{{count}} business hours',
    days_one: '{{count}} day',
    days_other: '{{count}} days',
    businessDays_one: '{{count}} business day',
    businessDays_other: '{{count}} business days',
    weeks_one: '{{count}} week',
    weeks_other: '{{count}} weeks',
    months_one: '{{count}} month',
    months_other: '{{count}} months',
    after: 'after',
    before: 'before',
  },
  anchor: {
    start: 'the process start',
    occurrence: 'the occurrence',
    date: 'the date',
    node: 'completion of “{{step}}”',
    parameter: '“{{name}}”',
  },
  anchorAt: {
    start: 'the process start',
    occurrence: 'the occurrence',
    date: 'the date',
    node: 'completion of “{{step}}”',
    parameter: '“{{name}}”',
  },
  reason: {
    publicHoliday: 'public holiday: {{name}}',
    companyDayOff: 'company day off',
    weekend: 'weekend',
    afterHours: 'outside working hours',
  },
  named: { reason: 'company day off: {{name}}', skippedDayOff: '{{day}} is a company day off ({{name}})' },
  holiday: 'holiday',
};

const pl: DeadlineCatalog = {
  clause: {
    offset: '{{due}}: {{amount}} {{direction}} {{anchor}} z dnia {{from}}',
    at: '{{due}}: {{anchor}} ({{from}})',
    skippedHoliday: '{{day}} to święto ({{name}})',
    skippedDayOff: '{{day}} to dzień wolny w firmie',
    movedNext: 'przeniesiono z {{moved}} ({{why}}) na następny dzień roboczy',
    movedPrevious: 'przeniesiono z {{moved}} ({{why}}) na poprzedni dzień roboczy',
    movedToWorkingTime: 'przeniesiono z {{moved}} ({{why}}) na najbliższy czas pracy',
    fallsOn: 'uwaga: {{day}} nie jest dniem roboczym ({{why}})',
    pausedForDecision: 'przesunięto o czas oczekiwania na decyzję ({{from}} – {{to}})',
  },
  unit: {
    minutes_one: '{{count}} minuta',
    minutes_few: '{{count}} minuty',
    minutes_many: '{{count}} minut',
    minutes_other: '{{count}} minuty',
    hours_one: '{{count}} godzina',
    hours_few: '{{count}} godziny',
    hours_many: '{{count}} godzin',
    hours_other: '{{count}} godziny',
    businessHours_one: '{{count}} godzina robocza',
    businessHours_few: '{{count}} godziny robocze',
    businessHours_many: '{{count}} godzin roboczych',
    businessHours_other: '{{count}} godziny robocze',
    days_one: '{{count}} dzień',
    days_few: '{{count}} dni',
    days_many: '{{count}} dni',
    days_other: '{{count}} dnia',
    businessDays_one: '{{count}} dzień roboczy',
    businessDays_few: '{{count}} dni robocze',
    businessDays_many: '{{count}} dni roboczych',
    businessDays_other: '{{count}} dnia roboczego',
    weeks_one: '{{count}} tydzień',
    weeks_few: '{{count}} tygodnie',
    weeks_many: '{{count}} tygodni',
    weeks_other: '{{count}} tygodnia',
    months_one: '{{count}} miesiąc',
    months_few: '{{count}} miesiące',
    months_many: '{{count}} miesięcy',
    months_other: '{{count}} miesiąca',
    after: 'po',
    before: 'przed',
  },
  anchor: {
    start: 'starcie procesu',
    occurrence: 'wystąpieniu',
    date: 'dacie',
    node: 'ukończeniu „{{step}}”',
    parameter: '„{{name}}”',
  },
  anchorAt: {
    start: 'start procesu',
    occurrence: 'wystąpienie',
    date: 'data',
    node: 'ukończenie „{{step}}”',
    parameter: '„{{name}}”',
  },
  reason: {
    publicHoliday: 'święto: {{name}}',
    companyDayOff: 'dzień wolny w firmie',
    weekend: 'weekend',
    afterHours: 'poza godzinami pracy',
  },
  named: { reason: 'dzień wolny w firmie: {{name}}', skippedDayOff: '{{day}} to dzień wolny w firmie ({{name}})' },
  holiday: 'święto',
};

const cs: DeadlineCatalog = {
  clause: {
    offset: '{{due}}: {{amount}} {{direction}} {{anchor}} ze dne {{from}}',
    at: '{{due}}: {{anchor}} ({{from}})',
    skippedHoliday: '{{day}} je státní svátek ({{name}})',
    skippedDayOff: '{{day}} je firemní volno',
    movedNext: 'přesunuto z {{moved}} ({{why}}) na další pracovní den',
    movedPrevious: 'přesunuto z {{moved}} ({{why}}) na předchozí pracovní den',
    movedToWorkingTime: 'přesunuto z {{moved}} ({{why}}) na nejbližší pracovní dobu',
    fallsOn: 'pozor: {{day}} není pracovní den ({{why}})',
    pausedForDecision: 'posunuto o dobu čekání na rozhodnutí ({{from}} – {{to}})',
  },
  unit: {
    minutes_one: '{{count}} minuta',
    minutes_few: '{{count}} minuty',
    minutes_many: '{{count}} minuty',
    minutes_other: '{{count}} minut',
    hours_one: '{{count}} hodina',
    hours_few: '{{count}} hodiny',
    hours_many: '{{count}} hodiny',
    hours_other: '{{count}} hodin',
    businessHours_one: '{{count}} pracovní hodina',
    businessHours_few: '{{count}} pracovní hodiny',
    businessHours_many: '{{count}} pracovní hodiny',
    businessHours_other: '{{count}} pracovních hodin',
    days_one: '{{count}} den',
    days_few: '{{count}} dny',
    days_many: '{{count}} dne',
    days_other: '{{count}} dní',
    businessDays_one: '{{count}} pracovní den',
    businessDays_few: '{{count}} pracovní dny',
    businessDays_many: '{{count}} pracovního dne',
    businessDays_other: '{{count}} pracovních dní',
    weeks_one: '{{count}} týden',
    weeks_few: '{{count}} týdny',
    weeks_many: '{{count}} týdne',
    weeks_other: '{{count}} týdnů',
    months_one: '{{count}} měsíc',
    months_few: '{{count}} měsíce',
    months_many: '{{count}} měsíce',
    months_other: '{{count}} měsíců',
    after: 'po',
    before: 'před',
  },
  anchor: {
    start: 'začátku procesu',
    occurrence: 'výskytu',
    date: 'datu',
    node: 'dokončení „{{step}}“',
    parameter: '„{{name}}“',
  },
  anchorAt: {
    start: 'začátek procesu',
    occurrence: 'výskyt',
    date: 'datum',
    node: 'dokončení „{{step}}“',
    parameter: '„{{name}}“',
  },
  reason: {
    publicHoliday: 'státní svátek: {{name}}',
    companyDayOff: 'firemní volno',
    weekend: 'víkend',
    afterHours: 'mimo pracovní dobu',
  },
  named: { reason: 'firemní volno: {{name}}', skippedDayOff: '{{day}} je firemní volno ({{name}})' },
  holiday: 'svátek',
};

const ru: DeadlineCatalog = {
  clause: {
    offset: '{{due}}: {{amount}} {{direction}} {{anchor}} ({{from}})',
    at: '{{due}}: {{anchor}} ({{from}})',
    skippedHoliday: '{{day}} — праздник ({{name}})',
    skippedDayOff: '{{day}} — выходной в компании',
    movedNext: 'перенесено с {{moved}} ({{why}}) на следующий рабочий день',
    movedPrevious: 'перенесено с {{moved}} ({{why}}) на предыдущий рабочий день',
    movedToWorkingTime: 'перенесено с {{moved}} ({{why}}) на ближайшее рабочее время',
    fallsOn: 'внимание: {{day}} — нерабочий день ({{why}})',
    pausedForDecision: 'сдвинуто на время ожидания решения ({{from}} – {{to}})',
  },
  unit: {
    minutes_one: '{{count}} минута',
    minutes_few: '{{count}} минуты',
    minutes_many: '{{count}} минут',
    minutes_other: '{{count}} минуты',
    hours_one: '{{count}} час',
    hours_few: '{{count}} часа',
    hours_many: '{{count}} часов',
    hours_other: '{{count}} часа',
    businessHours_one: '{{count}} рабочий час',
    businessHours_few: '{{count}} рабочих часа',
    businessHours_many: '{{count}} рабочих часов',
    businessHours_other: '{{count}} рабочего часа',
    days_one: '{{count}} день',
    days_few: '{{count}} дня',
    days_many: '{{count}} дней',
    days_other: '{{count}} дня',
    businessDays_one: '{{count}} рабочий день',
    businessDays_few: '{{count}} рабочих дня',
    businessDays_many: '{{count}} рабочих дней',
    businessDays_other: '{{count}} рабочего дня',
    weeks_one: '{{count}} неделя',
    weeks_few: '{{count}} недели',
    weeks_many: '{{count}} недель',
    weeks_other: '{{count}} недели',
    months_one: '{{count}} месяц',
    months_few: '{{count}} месяца',
    months_many: '{{count}} месяцев',
    months_other: '{{count}} месяца',
    after: 'после',
    before: 'до',
  },
  anchor: {
    start: 'начала процесса',
    occurrence: 'наступления события',
    date: 'даты',
    node: 'завершения «{{step}}»',
    parameter: '«{{name}}»',
  },
  anchorAt: {
    start: 'начало процесса',
    occurrence: 'наступление события',
    date: 'дата',
    node: 'завершение «{{step}}»',
    parameter: '«{{name}}»',
  },
  reason: {
    publicHoliday: 'праздник: {{name}}',
    companyDayOff: 'выходной в компании',
    weekend: 'выходные',
    afterHours: 'вне рабочего времени',
  },
  named: { reason: 'выходной в компании: {{name}}', skippedDayOff: '{{day}} — выходной в компании ({{name}})' },
  holiday: 'праздник',
};

export const DEADLINE_CATALOGS: Record<Language, DeadlineCatalog> = { en, pl, cs, ru };
