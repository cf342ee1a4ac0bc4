// The notices Baton sends people (in-app, email, webhook) as message keys with parameters, and their wording in each
// language. The workflows write a key and its parameters into the outbox; the web app's notification feed and the
// mail renderer turn them into the recipient's language with this one catalog (i18next syntax: {{name}}).
import type { Language } from './languages';

export const NOTICE_KEYS = [
  'stepNew',
  'stepNewTeam',
  'remind',
  'escalateDelegator',
  'overdue',
  'attention',
  'reassigned',
  'decisionReminder',
  'decisionUnanswered',
  'mentioned',
  'riskFlagged',
  'deadlineMoved',
  'decisionRequested',
  'decisionAnswered',
  'returned',
  'atRiskAfterDateChange',
  'deputyStep',
  'reportDaily',
  'reportWeekly',
  'reportMonthly',
  'dutyOnTime',
  'dutyLate',
  'dutyCancelled',
  'dutyProblem',
  'dutyOverlapSkipped',
  'dutyOverlapOpen',
] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

/** A notice as stored: its key and the values its sentences name (a step's title, a person's name, a text). */
export interface Notice {
  key: NoticeKey;
  params: Record<string, string | number>;
  /** The step the notice is about: its `step` parameter is shown with the template's title in the reader's language. */
  nodeId?: string;
}

type Catalog = Record<NoticeKey, { subject: string; body: string }>;

const en: Catalog = {
  stepNew: { subject: 'New step for you', body: '{{step}}' },
  stepNewTeam: { subject: 'New step in your team’s queue', body: '{{step}}' },
  remind: { subject: 'Reminder: a step is due soon', body: '“{{step}}” is due soon.' },
  escalateDelegator: { subject: 'Escalation: a step you delegated is due', body: '“{{step}}” is due now.' },
  overdue: { subject: 'Escalation: a step is overdue', body: '“{{step}}” is overdue.' },
  attention: { subject: 'A step needs attention', body: '“{{step}}” needs attention.' },
  reassigned: { subject: 'A step was reassigned to you', body: '“{{step}}” is yours now.' },
  decisionReminder: { subject: 'Reminder: a decision waits for your answer', body: '{{text}}' },
  decisionUnanswered: { subject: 'A decision request is unanswered', body: '{{text}}' },
  mentioned: { subject: 'You were mentioned: {{step}}', body: '{{text}}' },
  riskFlagged: { subject: 'Risk flagged: {{step}}', body: '{{text}}' },
  deadlineMoved: { subject: 'The deadline of your step moved', body: '{{step}}: {{text}}' },
  decisionRequested: { subject: 'Decision requested: {{step}}', body: '{{text}}' },
  decisionAnswered: { subject: 'Decision answered: {{step}}', body: '{{text}}' },
  returned: { subject: 'Returned for rework: {{step}}', body: '{{text}}' },
  atRiskAfterDateChange: {
    subject: 'A step is at risk after a date change',
    body: '“{{step}}” is at risk: after {{parameter}} changed, its deadline moved to {{date}}, which has already passed.',
  },
  deputyStep: {
    subject: 'A step came to you as deputy',
    body: 'You act for {{person}} (away {{from}} to {{to}}) on “{{step}}”.',
  },
  reportDaily: {
    subject: 'Daily report for {{from}}',
    body: 'Steps done: {{completed}}. Minutes logged: {{minutes}}. Missed deadlines: {{missed}}. Escalations: {{escalations}}. Open risks: {{risks}}.',
  },
  reportWeekly: {
    subject: 'Weekly report from {{from}} to {{to}}',
    body: 'Steps done: {{completed}}. Minutes logged: {{minutes}}. Missed deadlines: {{missed}}. Escalations: {{escalations}}. Open risks: {{risks}}.',
  },
  dutyOnTime: {
    subject: '{{duty}} ({{date}}): done on time',
    body: '{{duty}} for {{date}}, assigned to {{person}}: done on time.',
  },
  dutyLate: {
    subject: '{{duty}} ({{date}}): done late',
    body: '{{duty}} for {{date}}, assigned to {{person}}: done late ({{text}}).',
  },
  dutyCancelled: {
    subject: '{{duty}} ({{date}}): cancelled',
    body: '{{duty}} for {{date}}, assigned to {{person}}: cancelled.',
  },
  dutyProblem: {
    subject: '{{duty}} ({{date}}): a problem',
    body: '{{duty}} for {{date}}, assigned to {{person}}: problem raised ({{text}}).',
  },
  dutyOverlapSkipped: {
    subject: '{{duty}}: an occurrence is still open',
    body: '{{duty}} for {{date}} was not started because {{open}} is still open.',
  },
  dutyOverlapOpen: {
    subject: '{{duty}}: an occurrence is still open',
    body: '{{duty}} for {{open}} is still open at the next occurrence ({{date}}); it needs you.',
  },
  reportMonthly: {
    subject: 'Monthly report from {{from}} to {{to}}',
    body: 'Steps done: {{completed}}. Minutes logged: {{minutes}}. Missed deadlines: {{missed}}. Escalations: {{escalations}}. Open risks: {{risks}}.',
  },
};

const pl: Catalog = {
  stepNew: { subject: 'Nowy krok dla Ciebie', body: '{{step}}' },
  stepNewTeam: { subject: 'Nowy krok w kolejce Twojego zespołu', body: '{{step}}' },
  remind: { subject: 'Przypomnienie: zbliża się termin kroku', body: 'Termin kroku „{{step}}” wkrótce mija.' },
  escalateDelegator: {
    subject: 'Eskalacja: mija termin zleconego przez Ciebie kroku',
    body: 'Termin kroku „{{step}}” właśnie mija.',
  },
  overdue: { subject: 'Eskalacja: krok jest po terminie', body: 'Krok „{{step}}” jest po terminie.' },
  attention: { subject: 'Krok wymaga uwagi', body: 'Krok „{{step}}” wymaga uwagi.' },
  reassigned: { subject: 'Przekazano Ci krok', body: 'Krok „{{step}}” jest teraz Twój.' },
  decisionReminder: { subject: 'Przypomnienie: decyzja czeka na Twoją odpowiedź', body: '{{text}}' },
  decisionUnanswered: { subject: 'Prośba o decyzję pozostaje bez odpowiedzi', body: '{{text}}' },
  mentioned: { subject: 'Wspomniano o Tobie: {{step}}', body: '{{text}}' },
  riskFlagged: { subject: 'Zgłoszono ryzyko: {{step}}', body: '{{text}}' },
  deadlineMoved: { subject: 'Termin Twojego kroku się zmienił', body: '{{step}}: {{text}}' },
  decisionRequested: { subject: 'Prośba o decyzję: {{step}}', body: '{{text}}' },
  decisionAnswered: { subject: 'Odpowiedź na prośbę o decyzję: {{step}}', body: '{{text}}' },
  returned: { subject: 'Zwrócono do poprawy: {{step}}', body: '{{text}}' },
  atRiskAfterDateChange: {
    subject: 'Krok zagrożony po zmianie daty',
    body: 'Krok „{{step}}” jest zagrożony: po zmianie {{parameter}} jego termin przesunął się na {{date}}, który już minął.',
  },
  deputyStep: {
    subject: 'Krok trafił do Ciebie jako zastępcy',
    body: 'Zastępujesz osobę {{person}} (nieobecną od {{from}} do {{to}}) w kroku „{{step}}”.',
  },
  reportDaily: {
    subject: 'Raport dzienny za {{from}}',
    body: 'Wykonane kroki: {{completed}}. Zapisane minuty: {{minutes}}. Przekroczone terminy: {{missed}}. Eskalacje: {{escalations}}. Otwarte ryzyka: {{risks}}.',
  },
  reportWeekly: {
    subject: 'Raport tygodniowy od {{from}} do {{to}}',
    body: 'Wykonane kroki: {{completed}}. Zapisane minuty: {{minutes}}. Przekroczone terminy: {{missed}}. Eskalacje: {{escalations}}. Otwarte ryzyka: {{risks}}.',
  },
  dutyOnTime: {
    subject: '{{duty}} ({{date}}): wykonane w terminie',
    body: '{{duty}} na {{date}}, wykonawca {{person}}: wykonane w terminie.',
  },
  dutyLate: {
    subject: '{{duty}} ({{date}}): wykonane po terminie',
    body: '{{duty}} na {{date}}, wykonawca {{person}}: wykonane po terminie ({{text}}).',
  },
  dutyCancelled: {
    subject: '{{duty}} ({{date}}): anulowane',
    body: '{{duty}} na {{date}}, wykonawca {{person}}: anulowane.',
  },
  dutyProblem: {
    subject: '{{duty}} ({{date}}): problem',
    body: '{{duty}} na {{date}}, wykonawca {{person}}: zgłoszono problem ({{text}}).',
  },
  dutyOverlapSkipped: {
    subject: '{{duty}}: poprzednie wystąpienie jest wciąż otwarte',
    body: '{{duty}} na {{date}} nie zostało uruchomione, bo {{open}} jest wciąż otwarte.',
  },
  dutyOverlapOpen: {
    subject: '{{duty}}: poprzednie wystąpienie jest wciąż otwarte',
    body: '{{duty}} na {{open}} jest wciąż otwarte przy kolejnym wystąpieniu ({{date}}); potrzebuje Ciebie.',
  },
  reportMonthly: {
    subject: 'Raport miesięczny od {{from}} do {{to}}',
    body: 'Wykonane kroki: {{completed}}. Zapisane minuty: {{minutes}}. Przekroczone terminy: {{missed}}. Eskalacje: {{escalations}}. Otwarte ryzyka: {{risks}}.',
  },
};

const cs: Catalog = {
  stepNew: { subject: 'Nový krok pro vás', body: '{{step}}' },
  stepNewTeam: { subject: 'Nový krok ve frontě vašeho týmu', body: '{{step}}' },
  remind: { subject: 'Připomínka: blíží se termín kroku', body: 'Termín kroku „{{step}}“ brzy vyprší.' },
  escalateDelegator: {
    subject: 'Eskalace: vyprší termín kroku, který jste zadali',
    body: 'Termín kroku „{{step}}“ právě vyprší.',
  },
  overdue: { subject: 'Eskalace: krok je po termínu', body: 'Krok „{{step}}“ je po termínu.' },
  attention: { subject: 'Krok vyžaduje pozornost', body: 'Krok „{{step}}“ vyžaduje pozornost.' },
  reassigned: { subject: 'Byl vám předán krok', body: 'Krok „{{step}}“ je teď váš.' },
  decisionReminder: { subject: 'Připomínka: rozhodnutí čeká na vaši odpověď', body: '{{text}}' },
  decisionUnanswered: { subject: 'Žádost o rozhodnutí je bez odpovědi', body: '{{text}}' },
  mentioned: { subject: 'Byli jste zmíněni: {{step}}', body: '{{text}}' },
  riskFlagged: { subject: 'Nahlášeno riziko: {{step}}', body: '{{text}}' },
  deadlineMoved: { subject: 'Termín vašeho kroku se posunul', body: '{{step}}: {{text}}' },
  decisionRequested: { subject: 'Žádost o rozhodnutí: {{step}}', body: '{{text}}' },
  decisionAnswered: { subject: 'Rozhodnutí zodpovězeno: {{step}}', body: '{{text}}' },
  returned: { subject: 'Vráceno k přepracování: {{step}}', body: '{{text}}' },
  atRiskAfterDateChange: {
    subject: 'Krok je po změně data ohrožen',
    body: 'Krok „{{step}}“ je ohrožen: po změně {{parameter}} se jeho termín posunul na {{date}}, který už uplynul.',
  },
  deputyStep: {
    subject: 'Krok vám přišel jako zástupci',
    body: 'Zastupujete osobu {{person}} (nepřítomnou od {{from}} do {{to}}) v kroku „{{step}}“.',
  },
  reportDaily: {
    subject: 'Denní přehled za {{from}}',
    body: 'Hotové kroky: {{completed}}. Zapsané minuty: {{minutes}}. Zmeškané termíny: {{missed}}. Eskalace: {{escalations}}. Otevřená rizika: {{risks}}.',
  },
  reportWeekly: {
    subject: 'Týdenní přehled od {{from}} do {{to}}',
    body: 'Hotové kroky: {{completed}}. Zapsané minuty: {{minutes}}. Zmeškané termíny: {{missed}}. Eskalace: {{escalations}}. Otevřená rizika: {{risks}}.',
  },
  dutyOnTime: {
    subject: '{{duty}} ({{date}}): hotovo včas',
    body: '{{duty}} na {{date}}, řešitel {{person}}: hotovo včas.',
  },
  dutyLate: {
    subject: '{{duty}} ({{date}}): hotovo pozdě',
    body: '{{duty}} na {{date}}, řešitel {{person}}: hotovo pozdě ({{text}}).',
  },
  dutyCancelled: {
    subject: '{{duty}} ({{date}}): zrušeno',
    body: '{{duty}} na {{date}}, řešitel {{person}}: zrušeno.',
  },
  dutyProblem: {
    subject: '{{duty}} ({{date}}): problém',
    body: '{{duty}} na {{date}}, řešitel {{person}}: nahlášen problém ({{text}}).',
  },
  dutyOverlapSkipped: {
    subject: '{{duty}}: předchozí výskyt je stále otevřený',
    body: '{{duty}} na {{date}} nebyla spuštěna, protože {{open}} je stále otevřený.',
  },
  dutyOverlapOpen: {
    subject: '{{duty}}: předchozí výskyt je stále otevřený',
    body: '{{duty}} na {{open}} je stále otevřená i při dalším výskytu ({{date}}); potřebuje vás.',
  },
  reportMonthly: {
    subject: 'Měsíční přehled od {{from}} do {{to}}',
    body: 'Hotové kroky: {{completed}}. Zapsané minuty: {{minutes}}. Zmeškané termíny: {{missed}}. Eskalace: {{escalations}}. Otevřená rizika: {{risks}}.',
  },
};

const ru: Catalog = {
  stepNew: { subject: 'Новый шаг для вас', body: '{{step}}' },
  stepNewTeam: { subject: 'Новый шаг в очереди вашей команды', body: '{{step}}' },
  remind: { subject: 'Напоминание: скоро срок шага', body: 'Срок шага «{{step}}» скоро истекает.' },
  escalateDelegator: {
    subject: 'Эскалация: истекает срок порученного вами шага',
    body: 'Срок шага «{{step}}» истекает сейчас.',
  },
  overdue: { subject: 'Эскалация: шаг просрочен', body: 'Шаг «{{step}}» просрочен.' },
  attention: { subject: 'Шаг требует внимания', body: 'Шаг «{{step}}» требует внимания.' },
  reassigned: { subject: 'Вам передан шаг', body: 'Шаг «{{step}}» теперь ваш.' },
  decisionReminder: { subject: 'Напоминание: решение ждёт вашего ответа', body: '{{text}}' },
  decisionUnanswered: { subject: 'Запрос решения остаётся без ответа', body: '{{text}}' },
  mentioned: { subject: 'Вас упомянули: {{step}}', body: '{{text}}' },
  riskFlagged: { subject: 'Отмечен риск: {{step}}', body: '{{text}}' },
  deadlineMoved: { subject: 'Срок вашего шага изменился', body: '{{step}}: {{text}}' },
  decisionRequested: { subject: 'Запрошено решение: {{step}}', body: '{{text}}' },
  decisionAnswered: { subject: 'Получен ответ на запрос решения: {{step}}', body: '{{text}}' },
  returned: { subject: 'Возвращено на доработку: {{step}}', body: '{{text}}' },
  atRiskAfterDateChange: {
    subject: 'Шаг под угрозой после изменения даты',
    body: 'Шаг «{{step}}» под угрозой: после изменения {{parameter}} его срок сдвинулся на {{date}}, который уже прошёл.',
  },
  deputyStep: {
    subject: 'Шаг пришёл к вам как к заместителю',
    body: 'Вы замещаете: {{person}} (отсутствует с {{from}} по {{to}}) в шаге «{{step}}».',
  },
  reportDaily: {
    subject: 'Ежедневный отчёт за {{from}}',
    body: 'Выполнено шагов: {{completed}}. Учтено минут: {{minutes}}. Пропущено сроков: {{missed}}. Эскалаций: {{escalations}}. Открытых рисков: {{risks}}.',
  },
  reportWeekly: {
    subject: 'Еженедельный отчёт с {{from}} по {{to}}',
    body: 'Выполнено шагов: {{completed}}. Учтено минут: {{minutes}}. Пропущено сроков: {{missed}}. Эскалаций: {{escalations}}. Открытых рисков: {{risks}}.',
  },
  dutyOnTime: {
    subject: '{{duty}} ({{date}}): выполнено в срок',
    body: '{{duty}} на {{date}}, исполнитель {{person}}: выполнено в срок.',
  },
  dutyLate: {
    subject: '{{duty}} ({{date}}): выполнено с опозданием',
    body: '{{duty}} на {{date}}, исполнитель {{person}}: выполнено с опозданием ({{text}}).',
  },
  dutyCancelled: {
    subject: '{{duty}} ({{date}}): отменено',
    body: '{{duty}} на {{date}}, исполнитель {{person}}: отменено.',
  },
  dutyProblem: {
    subject: '{{duty}} ({{date}}): проблема',
    body: '{{duty}} на {{date}}, исполнитель {{person}}: сообщено о проблеме ({{text}}).',
  },
  dutyOverlapSkipped: {
    subject: '{{duty}}: прошлое повторение ещё открыто',
    body: '{{duty}} на {{date}} не запущено, потому что {{open}} ещё открыто.',
  },
  dutyOverlapOpen: {
    subject: '{{duty}}: прошлое повторение ещё открыто',
    body: '{{duty}} на {{open}} всё ещё открыто к следующему повторению ({{date}}); нужна ваша помощь.',
  },
  reportMonthly: {
    subject: 'Ежемесячный отчёт с {{from}} по {{to}}',
    body: 'Выполнено шагов: {{completed}}. Учтено минут: {{minutes}}. Пропущено сроков: {{missed}}. Эскалаций: {{escalations}}. Открытых рисков: {{risks}}.',
  },
};

/** The notice catalog per language, as i18next resources under `notice`. */
export const NOTICE_CATALOGS: Record<Language, Catalog> = { en, pl, cs, ru };
