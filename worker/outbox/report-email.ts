import type { Pool } from 'pg';
import { REPORT_EMAIL_CATALOGS, type ReportEmailCatalog } from '../../workflows/i18n/report-email';
import { TRANSLATED_STEP_TITLE_SQL } from '../../workflows/i18n/notice-text';
import type { Language } from '../../workflows/i18n/languages';
import type { ReportData } from '../report.activities';

/** Rows of a list shown in the email; the rest are on the reports page. */
const LIST_ROWS = 20;
/** The zone of a recipient whose team has no calendar (as their report workflow counts days). */
const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface Table {
  title: string;
  head: string[];
  rows: string[][];
  /** Rows left out (shown on the reports page). */
  more: number;
}

/** A report's tables (the reports page's figures) in the reader's language: summary, hours by person, the lists. */
export function reportTables(
  data: ReportData,
  language: Language,
  names: (id: string) => string,
  titles: (line: { workflowId: string; nodeId: string | null; title?: string }) => string,
  timeZone: string
): Table[] {
  const words: ReportEmailCatalog = REPORT_EMAIL_CATALOGS[language];
  const number = (value: number, digits = 1) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  const when = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
      : '';
  const hours = (minutes: number) => number(Math.round((minutes / 60) * 10) / 10);
  const { counts } = data;
  // As the reports page: the share of completed steps that were on time.
  const rate =
    counts.completedSteps > 0
      ? `${number(Math.round((Math.max(0, counts.completedSteps - counts.missedDeadlines) / counts.completedSteps) * 1000) / 10)} %`
      : words.noRate;
  const list = <T>(title: string, head: string[], items: readonly T[], row: (item: T) => string[]): Table => ({
    title,
    head,
    rows: items.slice(0, LIST_ROWS).map(row),
    more: Math.max(0, items.length - LIST_ROWS),
  });
  const tables: Table[] = [
    {
      title: words.summary,
      head: [words.figure, words.value],
      rows: [
        [words.completed, number(counts.completedSteps, 0)],
        [words.onTimeRate, rate],
        [words.hoursSpent, hours(counts.minutesSpent)],
        [words.missed, number(counts.missedDeadlines, 0)],
        [words.escalations, number(counts.escalations, 0)],
        [words.risksRaised, number(counts.risksRaised, 0)],
        [words.openRisks, number(counts.openRisks, 0)],
      ],
      more: 0,
    },
    list(words.timePerAssistant, [words.person, words.hours], data.timeByAssistant ?? [], (entry) => [
      names(entry.person),
      hours(entry.minutes),
    ]),
    list(words.timePerClient, [words.person, words.hours], data.timeByClient ?? [], (entry) => [
      names(entry.person),
      hours(entry.minutes),
    ]),
    list(words.completedSteps, [words.step, words.assignee, words.doneAt], data.completed, (line) => [
      titles(line),
      names(line.assignee),
      when(line.at),
    ]),
    list(words.missedSteps, [words.step, words.assignee, words.dueAt], data.missed, (line) => [
      titles(line),
      names(line.assignee),
      when(line.due),
    ]),
    list(words.openRiskList, [words.step, words.risk, words.since], data.openRisks, (risk) => [
      titles(risk),
      risk.text,
      when(risk.at),
    ]),
  ];
  // The summary always; a list only when it has rows.
  return tables.filter((table, index) => index === 0 || table.rows.length > 0);
}

/** The tables as HTML, with a caption each and a note of rows left for the reports page. */
export function tablesHtml(tables: readonly Table[], language: Language): string {
  const more = (count: number) =>
    count > 0 ? `<p>${escapeHtml(REPORT_EMAIL_CATALOGS[language].more.replace('{{count}}', String(count)))}</p>` : '';
  const cell = 'style="border:1px solid #ccc;padding:4px 8px;text-align:left"';
  return tables
    .map(
      (table) =>
        `<table style="border-collapse:collapse;margin:12px 0"><caption style="text-align:left;font-weight:bold">${escapeHtml(table.title)}</caption>` +
        `<thead><tr>${table.head.map((head) => `<th ${cell}>${escapeHtml(head)}</th>`).join('')}</tr></thead>` +
        `<tbody>${table.rows
          .map((row) => `<tr>${row.map((value) => `<td ${cell}>${escapeHtml(value)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>${more(table.more)}`
    )
    .join('');
}

/** The tables as plain text: a title, then one line per row, columns apart. */
export function tablesText(tables: readonly Table[], language: Language): string {
  return tables
    .map((table) => {
      const lines = [table.title, table.head.join(' | '), ...table.rows.map((row) => row.join(' | '))];
      if (table.more > 0) lines.push(REPORT_EMAIL_CATALOGS[language].more.replace('{{count}}', String(table.more)));
      return lines.join('\n');
    })
    .join('\n\n');
}

/**
 * The tables of the report an outbox message announces (`report:<recipient>:<period>:<periodStart>`), in the
 * recipient's language: people by name, step titles in the reader's language, times in their team's zone. Undefined
 * for any other message, or when the report is gone.
 */
export async function reportEmailTables(
  pool: Pool,
  idempotencyKey: string,
  language: Language
): Promise<Table[] | undefined> {
  const match = /^report:([^:]+):(daily|weekly|monthly):(.+)$/.exec(idempotencyKey);
  if (!match) return undefined;
  const [, recipient, period, periodStart] = match;
  const { rows } = await pool.query<{ data: ReportData; time_zone: string | null }>(
    `SELECT r.data, (SELECT t.calendar ->> 'timeZone' FROM users u JOIN teams t ON t.id = u.team_id
                      WHERE u.id::text = r.recipient) AS time_zone
       FROM reports r WHERE r.recipient = $1 AND r.period = $2 AND r.period_start = $3::timestamptz`,
    [recipient, period, periodStart]
  );
  const report = rows[0];
  if (!report) return undefined;
  const data = report.data;
  const ids = [
    ...(data.timeByAssistant ?? []).map((entry) => entry.person),
    ...(data.timeByClient ?? []).map((entry) => entry.person),
    ...data.completed.map((line) => line.assignee),
    ...data.missed.map((line) => line.assignee),
  ];
  const people = await pool.query<{ id: string; name: string }>(
    'SELECT id::text, name FROM users WHERE id::text = ANY($1)',
    [[...new Set(ids)]]
  );
  const names = new Map(people.rows.map((person) => [person.id, person.name]));
  const titles = new Map<string, string>();
  const steps = [...data.completed, ...data.missed, ...data.openRisks].filter((line) => line.nodeId !== null);
  for (const line of steps) {
    const key = `${line.workflowId}/${line.nodeId}`;
    if (titles.has(key)) continue;
    const translated = await pool.query<{ title: string | null }>(TRANSLATED_STEP_TITLE_SQL, [
      line.workflowId,
      line.nodeId,
      language,
    ]);
    const own = 'title' in line ? line.title : undefined;
    const stored =
      own ??
      (
        await pool.query<{ title: string }>(
          'SELECT title FROM process_tasks WHERE workflow_id = $1 AND node_id = $2 ORDER BY round DESC LIMIT 1',
          [line.workflowId, line.nodeId]
        )
      ).rows[0]?.title;
    titles.set(key, translated.rows[0]?.title ?? stored ?? '');
  }
  return reportTables(
    data,
    language,
    (id) => names.get(id) ?? id,
    (line) => titles.get(`${line.workflowId}/${line.nodeId}`) ?? line.title ?? '',
    report.time_zone ?? DEFAULT_TIME_ZONE
  );
}
