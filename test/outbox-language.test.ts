import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportNotice } from '../worker/report.activities';
import { deliverOutboxOnce, parseMail, startMailCatcher } from './support/mail';
import { createTestDatabase, type TestDatabase } from './support/postgres';

// A notice written as a key with parameters reaches each person in their own language: the in-app feed keeps the key,
// the email is HTML with a plain-text part in the recipient's language; an old English-only row stays English.
describe('notices in the recipient’s language', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;

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

  it('emails a Polish reminder and a Russian deputy notice (with the absent person by name), HTML and text', async () => {
    const people = await pool.query<{ id: string; email: string }>(
      `INSERT INTO users (email, name, role, password_hash, language) VALUES
         ('ola@example.com', 'Ola', 'assistant', 'x', 'pl'),
         ('ivan@example.com', 'Иван', 'assistant', 'x', 'ru'),
         ('anna@example.com', 'Anna Kowalska', 'assistant', 'x', NULL)
       RETURNING id::text, email`
    );
    const [ola, ivan, anna] = people.rows;
    const enqueue = (key: string, recipient: string, notice: unknown) =>
      pool.query(
        `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message, notice)
         VALUES ($1, 'process-1', $2, 'Reminder: a step is due soon', 'Reminder: a step is due soon (archive)', $3)`,
        [key, recipient, notice === null ? null : JSON.stringify(notice)]
      );
    await enqueue('k-pl', ola!.id, { key: 'remind', params: { step: 'Zarchiwizuj umowę' } });
    await enqueue('k-ru', ivan!.id, {
      key: 'deputyStep',
      params: { step: 'Архивировать договор', person: anna!.id, from: '2026-12-07', to: '2026-12-11' },
    });
    await enqueue('k-old', anna!.id, null);
    await deliverOutboxOnce(pool, catcher.url);
    expect(catcher.mails).toHaveLength(3);
    const parsed = await Promise.all(catcher.mails.map(parseMail));
    const to = (address: string) => parsed.find((mail) => mail.headers.get('to')?.includes(address))!;

    const polish = to('ola@example.com');
    expect(polish.subject).toBe('Przypomnienie: zbliża się termin kroku');
    expect(polish.text.trim()).toBe('Termin kroku „Zarchiwizuj umowę” wkrótce mija.');
    expect(polish.html).toContain('<html lang="pl">');
    expect(polish.html).toContain('Termin kroku „Zarchiwizuj umowę” wkrótce mija.');
    expect(polish.headers.get('content-language')).toBe('pl');

    const russian = to('ivan@example.com');
    expect(russian.subject).toBe('Шаг пришёл к вам как к заместителю');
    expect(russian.text.trim()).toBe(
      'Вы замещаете: Anna Kowalska (отсутствует с 7 декабря 2026 г. по 11 декабря 2026 г.) в шаге «Архивировать договор».'
    );
    expect(russian.html).toContain('<html lang="ru">');

    const old = to('anna@example.com');
    expect(old.subject).toBe('Reminder: a step is due soon');
    expect(old.text.trim()).toBe('Reminder: a step is due soon (archive)');

    const feed = await pool.query<{ notice: unknown }>('SELECT n.notice FROM notifications n WHERE n.user_id = $1', [
      ola!.id,
    ]);
    expect(feed.rows).toEqual([{ notice: { key: 'remind', params: { step: 'Zarchiwizuj umowę' } } }]);
  });

  it('links the email to the step and names the person whose process it is as the sender, in the reader’s language', async () => {
    catcher.mails.length = 0;
    const people = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name, role, password_hash, language) VALUES
         ('jan@example.com', 'Jan Novák', 'manager', 'x', 'cs'),
         ('eva@example.com', 'Eva Dvořáková', 'assistant', 'x', 'cs'),
         ('olga@example.com', 'Ольга', 'manager', 'x', 'ru')
       RETURNING id::text`
    );
    const [jan, eva, olga] = people.rows;
    await pool.query(
      `INSERT INTO processes (workflow_id, template_id, template_version, template_name, starter, status)
       VALUES ('process-2', 't-1', 1, 'Archive', $1, 'running')`,
      [jan!.id]
    );
    const task = await pool.query<{ id: string }>(
      `INSERT INTO process_tasks (workflow_id, node_id, round, title, assignee)
       VALUES ('process-2', 'archive', 1, 'Archive', $1), ('process-2', 'archive', 2, 'Archive', $1) RETURNING id::text`,
      [eva!.id]
    );
    await pool.query(
      `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message, notice)
       VALUES ('k-step', 'process-2', $1, 'New step for you', 'Archive', $2),
              ('report:olga:weekly:2026-11-30', 'report-olga', $3, 'Weekly report', 'Weekly report', $4)`,
      [
        eva!.id,
        JSON.stringify({ key: 'stepNew', params: { step: 'Archivovat smlouvu' }, nodeId: 'archive' }),
        olga!.id,
        JSON.stringify(
          reportNotice('weekly', '2026-W49', {
            completedSteps: 12,
            minutesSpent: 340,
            missedDeadlines: 1,
            escalations: 2,
            risksRaised: 1,
            openRisks: 3,
          })
        ),
      ]
    );
    await deliverOutboxOnce(pool, catcher.url, 'https://baton.example.com/');
    const parsed = await Promise.all(catcher.mails.map(parseMail));
    const czech = parsed.find((mail) => mail.headers.get('to')?.includes('eva@example.com'))!;
    // The latest round of the step the notice is about, on the public address.
    const stepUrl = `https://baton.example.com/inbox/${task.rows[1]!.id}`;
    expect(czech.headers.get('content-language')).toBe('cs');
    expect(czech.subject).toBe('Nový krok pro vás');
    expect(czech.text.trim().replaceAll('\r\n', '\n')).toBe(`Archivovat smlouvu\n\nOtevřít krok: ${stepUrl}`);
    expect(czech.html).toContain(`<a href="${stepUrl}">Otevřít krok</a>`);
    expect(czech.from).toEqual({ name: 'Jan Novák přes Baton', address: 'baton@example.com' });

    // A report has no process: it is said in the reader's language, links the reports page, from Baton itself.
    const report = parsed.find((mail) => mail.headers.get('to')?.includes('olga@example.com'))!;
    expect(report.headers.get('content-language')).toBe('ru');
    expect(report.subject).toBe('Еженедельный отчёт с 30 ноября 2026 г. по 6 декабря 2026 г.');
    expect(report.text).toContain('Выполнено шагов: 12. Учтено минут: 340. Пропущено сроков: 1. Эскалаций: 2.');
    expect(report.html).toContain('<html lang="ru">');
    expect(report.text).toContain('Открыть отчёты: https://baton.example.com/reports');
    expect(report.from).toEqual({ name: 'Baton', address: 'baton@example.com' });
  });
});
