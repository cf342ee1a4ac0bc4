import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportActivities } from '../worker/report.activities';
import { nextReport } from '../workflows/report/report-periods';
import { deliverOutboxOnce, parseMail, startMailCatcher } from './support/mail';
import { createTestDatabase, type TestDatabase } from './support/postgres';

// Each person's report is sent at the period they chose (daily, weekly, monthly or none), though every period is
// stored for the reports page; the email is HTML with the reports page's figures as tables and a plain-text part, in
// the recipient's language. Real PostgreSQL, the real report activity and outbox dispatcher, a local SMTP server.
describe('reports at each person’s chosen period', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    catcher = await startMailCatcher();
  });
  afterAll(async () => {
    await catcher?.close();
    await pool?.end();
    await database?.drop();
  });

  const audit = (workflowId: string, action: string, actor: string, at: string, detail: object = {}) =>
    pool.query(
      `INSERT INTO process_audit (idempotency_key, workflow_id, action, actor, detail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [`seed-${++seq}`, workflowId, action, actor, JSON.stringify(detail), at]
    );

  it('sends a weekly chooser only the weekly, a none chooser nothing, and the Polish weekly has Polish tables', async () => {
    const people = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name, role, password_hash, language, report_period) VALUES
         ('piotr@example.com', 'Piotr Zieliński', 'manager', 'x', 'pl', 'weekly'),
         ('nina@example.com', 'Nina Black', 'manager', 'x', 'en', 'none'),
         ('ola@example.com', 'Ola Wiśniewska', 'assistant', 'x', 'pl', NULL)
       RETURNING id::text`
    );
    const [piotr, nina, ola] = people.rows.map((row) => row.id);
    // Week 47 of 2026 (Monday 16 to Sunday 22 November) in Warsaw; its Tuesday is also a day of its own.
    const after = new Date('2026-11-17T12:00:00Z');
    const week = nextReport('weekly', new Date('2026-11-22T12:00:00Z'), 'Europe/Warsaw', '08:00');
    const day = nextReport('daily', after, 'Europe/Warsaw', '08:00');
    expect(week.label).toBe('2026-W47');
    // Each manager started a process whose step Ola did on Tuesday, 90 minutes logged.
    for (const [manager, process] of [
      [piotr!, 'process-piotr'],
      [nina!, 'process-nina'],
    ] as const) {
      await audit(process, 'processStarted', manager, '2026-11-16T08:00:00Z');
      await audit(process, 'timeLogged', ola!, '2026-11-17T10:00:00Z', { minutes: 90 });
      await pool.query(
        `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee, status, updated_at)
         VALUES ($1, 'archive', 1, 'Archive the contract', $2, 'done', '2026-11-17T10:30:00Z')`,
        [process, ola]
      );
    }
    const { generateReport } = createReportActivities({ pool, logger: pino({ level: 'silent' }) });
    const generate = (recipient: string, report: typeof week) =>
      generateReport({
        workflowId: `report-${recipient}`,
        recipient,
        role: 'manager',
        period: report.period,
        periodStart: report.periodStart,
        periodEnd: report.periodEnd,
        label: report.label,
      });
    expect((await generate(piotr!, day)).sent).toBe(false);
    expect((await generate(piotr!, week)).sent).toBe(true);
    expect((await generate(nina!, day)).sent).toBe(false);
    expect((await generate(nina!, week)).sent).toBe(false);

    // Every report is stored for the reports page; only Piotr's weekly is sent.
    const stored = await pool.query<{ recipient: string; period: string }>(
      'SELECT recipient, period FROM reports ORDER BY recipient, period'
    );
    expect(stored.rows).toHaveLength(4);
    const outbox = await pool.query<{ recipient: string; idempotency_key: string }>(
      'SELECT recipient, idempotency_key FROM process_outbox'
    );
    expect(outbox.rows).toEqual([{ recipient: piotr, idempotency_key: `report:${piotr}:weekly:${week.periodStart}` }]);

    await deliverOutboxOnce(pool, catcher.url);
    expect(catcher.mails).toHaveLength(1);
    const mail = await parseMail(catcher.mails[0]!);
    expect(mail.headers.get('to')).toContain('piotr@example.com');
    expect(mail.headers.get('content-language')).toBe('pl');
    expect(mail.subject).toMatch(/^Raport tygodniowy/);
    expect(mail.html).toContain('<html lang="pl">');
    const cell = (text: string) => new RegExp(`<td[^>]*>${text}</td>`);
    expect(mail.html).toMatch(/<caption[^>]*>Podsumowanie<\/caption>/);
    expect(mail.html).toMatch(new RegExp(`${cell('Ukończone kroki').source}${cell('1').source}`));
    expect(mail.html).toMatch(new RegExp(`${cell('Przepracowane godziny').source}${cell('1,5').source}`));
    expect(mail.html).toMatch(new RegExp(`${cell('Terminowość').source}${cell('100 %').source}`));
    expect(mail.html).toMatch(/<caption[^>]*>Godziny na asystenta<\/caption>/);
    expect(mail.html).toMatch(new RegExp(`${cell('Ola Wiśniewska').source}${cell('1,5').source}`));
    expect(mail.html).toMatch(/<th[^>]*>Wykonawca<\/th>/);
    expect(mail.html).not.toMatch(/Completed|Hours|Summary/);
    // The plain-text part has the same figures, one line per row.
    const text = mail.text.replace(/\r\n/g, '\n');
    expect(text).toContain('Podsumowanie\nWskaźnik | Wartość\nUkończone kroki | 1\nTerminowość | 100 %');
    expect(text).toContain('Godziny na asystenta\nOsoba | Godziny\nOla Wiśniewska | 1,5');
  });
});
