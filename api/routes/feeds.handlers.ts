import type { RouteHandler } from '@hono/zod-openapi';
import { asNotice, noticeText, TRANSLATED_STEP_TITLE_SQL } from '../../workflows/i18n/notice-text';
import type pg from 'pg';
import type { AppEnv, AuthUser } from '../lib/app-env';
import { ApiError, forbidden, notFound } from '../lib/api-error';
import { currentUser } from '../lib/auth.middleware';
import { decodeCursor, toPage } from '../lib/pagination';
import type * as routes from './feeds.routes';

/** Whose reports or outbox the caller may read: their own; a team member's for a manager; anyone's for an admin. */
async function readableFor(pool: pg.Pool, user: AuthUser, recipient: string | undefined): Promise<string> {
  if (recipient === undefined || recipient === user.id) return user.id;
  if (user.role === 'admin') return recipient;
  if (user.role === 'manager' && user.teamId !== null) {
    const { rowCount } = await pool.query('SELECT 1 FROM users WHERE id = $1 AND team_id = $2', [
      recipient,
      user.teamId,
    ]);
    if (rowCount) return recipient;
  }
  throw forbidden('You may read your own; managers their team’s, admins anyone’s.', 'readOwnOnly');
}

/** A cursor whose `id` is a bigserial id (these lists page by id alone). */
function idCursor(text: string | undefined): string | null {
  const cursor = decodeCursor(text);
  if (cursor === undefined) return null;
  if (!/^\d{1,18}$/.test(cursor.id))
    throw new ApiError(422, 'The request is not valid', {
      code: 'listChanged',
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  return cursor.id;
}

interface ReportRow {
  id: string;
  recipient: string;
  period: 'daily' | 'weekly' | 'monthly';
  period_start: Date;
  period_end: Date;
  data: Record<string, unknown>;
  created_at: Date;
}

const toReport = (row: ReportRow) => ({
  id: String(row.id),
  recipient: row.recipient,
  period: row.period,
  periodStart: row.period_start.toISOString(),
  periodEnd: row.period_end.toISOString(),
  data: row.data,
  createdAt: row.created_at.toISOString(),
});

export const listReportsHandler: RouteHandler<typeof routes.listReports, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { limit, cursor, recipient, period } = c.req.valid('query');
  const whose = await readableFor(pool, user, recipient);
  const after = decodeCursor(cursor);
  if (after && (Number.isNaN(Date.parse(after.after)) || !/^\d{1,18}$/.test(after.id)))
    throw new ApiError(422, 'The request is not valid', {
      code: 'listChanged',
      issues: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without it' }],
    });
  const { rows } = await pool.query<ReportRow>(
    `SELECT * FROM reports WHERE recipient = $1 AND ($2::text IS NULL OR period = $2)
        AND ($3::timestamptz IS NULL OR (period_start, id) < ($3::timestamptz, $4::bigint))
      ORDER BY period_start DESC, id DESC LIMIT $5`,
    [whose, period ?? null, after?.after ?? null, after?.id ?? null, limit + 1]
  );
  return c.json(
    toPage(rows, limit, (row) => ({ after: row.period_start.toISOString(), id: String(row.id) }), toReport),
    200
  );
};

export const getReportHandler: RouteHandler<typeof routes.getReport, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { id } = c.req.valid('param');
  const { rows } = await pool.query<ReportRow>('SELECT * FROM reports WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) throw notFound('report');
  await readableFor(pool, user, row.recipient);
  return c.json(toReport(row), 200);
};

interface NotificationRow {
  id: string;
  title: string;
  body: string;
  workflow_id: string | null;
  created_at: Date;
  read_at: Date | null;
  notice?: unknown;
}

/**
 * Notifications in the reader's language: a notice written as a key with parameters is rendered with the shared
 * catalog (people by name); an older one, written as English text, is shown as it is.
 */
async function inReaderLanguage(pool: pg.Pool, language: string | null, rows: NotificationRow[]) {
  const notices = rows.map((row) => asNotice(row.notice));
  const ids = [
    ...new Set(notices.flatMap((notice) => (typeof notice?.params.person === 'string' ? [notice.params.person] : []))),
  ];
  const names = ids.length
    ? new Map(
        (
          await pool.query<{ id: string; name: string }>('SELECT id::text, name FROM users WHERE id::text = ANY($1)', [
            ids,
          ])
        ).rows.map((person) => [person.id, person.name])
      )
    : new Map<string, string>();
  // The step's title as the template says it in the reader's language.
  const titles = await Promise.all(
    rows.map(async (row, index) => {
      const nodeId = notices[index]?.nodeId;
      if (!nodeId || !row.workflow_id || !language) return undefined;
      const { rows: found } = await pool.query<{ title: string | null }>(TRANSLATED_STEP_TITLE_SQL, [
        row.workflow_id,
        nodeId,
        language,
      ]);
      return found[0]?.title ?? undefined;
    })
  );
  return rows.map((row, index) => {
    const notice = notices[index];
    if (!notice) return row;
    const person = notice.params.person;
    const step = titles[index];
    const params = {
      ...notice.params,
      ...(typeof person === 'string' ? { person: names.get(person) ?? '' } : {}),
      ...(step ? { step } : {}),
    };
    const text = noticeText({ ...notice, params }, language, { subject: row.title, message: row.body });
    return { ...row, title: text.subject, body: text.message };
  });
}

const toNotification = (row: NotificationRow) => ({
  id: String(row.id),
  title: row.title,
  body: row.body,
  processId: row.workflow_id,
  createdAt: row.created_at.toISOString(),
  readAt: row.read_at?.toISOString() ?? null,
});

export const listNotificationsHandler: RouteHandler<typeof routes.listNotifications, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { limit, cursor, unread } = c.req.valid('query');
  const before = idCursor(cursor);
  const [page, count] = await Promise.all([
    pool.query<NotificationRow>(
      `SELECT id, title, body, workflow_id, created_at, read_at, notice FROM notifications
        WHERE user_id = $1 AND (NOT $2::boolean OR read_at IS NULL) AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY id DESC LIMIT $4`,
      [user.id, unread === 'true', before, limit + 1]
    ),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      user.id,
    ]),
  ]);
  const rows = await inReaderLanguage(pool, user.language, page.rows);
  const result = toPage(rows, limit, (row) => ({ after: String(row.id), id: String(row.id) }), toNotification);
  return c.json({ ...result, unreadCount: count.rows[0]?.n ?? 0 }, 200);
};

export const markNotificationReadHandler: RouteHandler<typeof routes.markNotificationRead, AppEnv> = async (c) => {
  const user = currentUser(c);
  const { id } = c.req.valid('param');
  const { rows } = await c.get('pool').query<NotificationRow>(
    `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2
     RETURNING id, title, body, workflow_id, created_at, read_at, notice`,
    [id, user.id]
  );
  // Someone else's notification is answered like a missing one: ids are sequential and must not reveal others'.
  if (!rows[0]) throw notFound('notification');
  const [read] = await inReaderLanguage(c.get('pool'), user.language, rows);
  return c.json(toNotification(read ?? rows[0]), 200);
};

export const markAllNotificationsReadHandler: RouteHandler<typeof routes.markAllNotificationsRead, AppEnv> = async (
  c
) => {
  const user = currentUser(c);
  const result = await c
    .get('pool')
    .query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [user.id]);
  return c.json({ marked: result.rowCount ?? 0 }, 200);
};

interface OutboxRow {
  id: string;
  workflow_id: string;
  recipient: string;
  subject: string;
  message: string;
  created_at: Date;
  sent_at: Date | null;
}

export const listOutboxHandler: RouteHandler<typeof routes.listOutbox, AppEnv> = async (c) => {
  const user = currentUser(c);
  const pool = c.get('pool');
  const { limit, cursor, recipient, unsent } = c.req.valid('query');
  // Admins see the whole queue unless they ask for one person; everyone else sees what is addressed to them.
  const whose = user.role === 'admin' && recipient === undefined ? null : await readableFor(pool, user, recipient);
  const before = idCursor(cursor);
  const { rows } = await pool.query<OutboxRow>(
    `SELECT id, workflow_id, recipient, subject, message, created_at, sent_at FROM process_outbox
      WHERE ($1::text IS NULL OR recipient = $1) AND (NOT $2::boolean OR sent_at IS NULL)
        AND ($3::bigint IS NULL OR id < $3::bigint)
      ORDER BY id DESC LIMIT $4`,
    [whose, unsent === 'true', before, limit + 1]
  );
  return c.json(
    toPage(
      rows,
      limit,
      (row) => ({ after: String(row.id), id: String(row.id) }),
      (row) => ({
        id: String(row.id),
        processId: row.workflow_id,
        recipient: row.recipient,
        subject: row.subject,
        message: row.message,
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
      })
    ),
    200
  );
};
