import nodemailer, { type Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';
import { asNotice, noticeText, TRANSLATED_STEP_TITLE_SQL } from '../../workflows/i18n/notice-text';
import { emailWords } from '../../workflows/i18n/email';
import { reportEmailTables, tablesHtml, tablesText } from './report-email';
import { threadOfProcess } from './mail-thread';
import type { Language } from '../../workflows/i18n/languages';

export interface OutboxDispatcherOptions {
  pool: Pool;
  logger: Logger;
  /** Without `smtpUrl` email deliveries are held (kept, visible, sent once SMTP is configured). */
  mail: {
    smtpUrl?: string;
    from: string;
    /** Where people open Baton (`BATON_PUBLIC_URL`): emails link to the step there. Without it, no link. */
    publicUrl?: string;
    /** The mail intake's address (`BATON_MAIL_INTAKE`): the `Reply-To` of a client's emails about their request. */
    replyTo?: string;
  };
  /** The webhook endpoint from the environment, stored as endpoint `env`; other endpoints live in the table. */
  webhook?: { url: string; secret: string };
  pollIntervalMs?: number;
  /** How long a claimed delivery stays claimed: a dispatcher that dies mid-send loses its claim after this. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1` after `attempt` failed ones. */
  backoffMs?: (attempt: number) => number;
  batchSize?: number;
  /** Time limit of one webhook request or SMTP conversation. */
  sendTimeoutMs?: number;
}

export interface DispatchRound {
  fannedOut: number;
  sent: number;
  retried: number;
  failed: number;
}

type Channel = 'inapp' | 'email' | 'webhook';

interface ClaimedDelivery {
  id: string;
  outbox_id: string;
  channel: Channel;
  target: string;
  attempts: number;
  idempotency_key: string;
  workflow_id: string;
  recipient: string;
  subject: string;
  message: string;
  message_created_at: Date;
  /** The notice as a key with parameters (null on rows written before notices had keys). */
  notice: unknown;
  /** The recipient's language. */
  language: string | null;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The email's HTML part: the notice in the recipient's language, its paragraphs kept, the link to open it. */
function noticeHtml(
  text: { subject: string; message: string; language: string },
  link?: { url: string; label: string },
  tables = ''
): string {
  const paragraphs = text.message
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
    .join('');
  const button = link ? `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` : '';
  return `<!doctype html><html lang="${text.language}"><head><meta charset="utf-8"><title>${escapeHtml(text.subject)}</title></head><body><h2>${escapeHtml(text.subject)}</h2>${paragraphs}${tables}${button}</body></html>`;
}

const SMTP_NOT_CONFIGURED = 'not sent: SMTP is not configured (set SMTP_URL); kept until it is';
const ENV_ENDPOINT_ID = 'env';

/** 1 s, 2 s, 4 s ... capped at one hour. */
export const exponentialBackoff = (attempt: number): number =>
  Math.min(1000 * 2 ** Math.max(0, attempt - 1), 3_600_000);

/**
 * Delivers process_outbox messages at least once: each message is fanned out once into deliveries (in-app for the
 * recipient, email to the recipient's address, one per active webhook endpoint), and each delivery is claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, sent, and retried with backoff. Several dispatchers may run at once.
 */
export class OutboxDispatcher {
  readonly #options: Required<Omit<OutboxDispatcherOptions, 'webhook'>> & Pick<OutboxDispatcherOptions, 'webhook'>;
  readonly #transport: Transporter | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #prepared = false;

  constructor(options: OutboxDispatcherOptions) {
    this.#options = {
      pollIntervalMs: 1000,
      leaseMs: 60_000,
      maxAttempts: 10,
      backoffMs: exponentialBackoff,
      batchSize: 50,
      sendTimeoutMs: 15_000,
      ...options,
    };
    const timeout = this.#options.sendTimeoutMs;
    this.#transport = options.mail.smtpUrl
      ? nodemailer.createTransport({
          url: options.mail.smtpUrl,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        })
      : undefined;
  }

  /** Polls until stop(); errors of one round are logged and the next round runs after the poll interval. */
  start(): void {
    const loop = async (): Promise<void> => {
      let busy = false;
      try {
        const round = await this.runOnce();
        busy = round.fannedOut + round.sent + round.retried + round.failed > 0;
      } catch (error) {
        this.#options.logger.error({ err: error }, 'outbox: delivery round failed; retrying');
      }
      if (!this.#stopped) this.#timer = setTimeout(run, busy ? 0 : this.#options.pollIntervalMs);
    };
    const run = () => {
      this.#running = loop();
    };
    run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    this.#transport?.close();
  }

  /** One round: fan out new messages, then send every due delivery. */
  async runOnce(): Promise<DispatchRound> {
    if (!this.#prepared) {
      await this.#prepare();
      this.#prepared = true;
    }
    const fannedOut = await this.#fanOut();
    const claimed = await this.#claim();
    const results = await Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
    return {
      fannedOut,
      sent: results.filter((r) => r === 'sent').length,
      retried: results.filter((r) => r === 'retried').length,
      failed: results.filter((r) => r === 'failed').length,
    };
  }

  /** Applies the configuration: the env webhook endpoint, and held emails released once SMTP is configured. */
  async #prepare(): Promise<void> {
    const { pool, webhook } = this.#options;
    if (webhook) {
      await pool.query(
        `INSERT INTO webhook_endpoints (id, url, secret, active) VALUES ($1, $2, $3, true)
         ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, active = true`,
        [ENV_ENDPOINT_ID, webhook.url, webhook.secret]
      );
    } else {
      await pool.query('UPDATE webhook_endpoints SET active = false WHERE id = $1', [ENV_ENDPOINT_ID]);
    }
    if (this.#transport) {
      const released = await pool.query(
        `UPDATE outbox_deliveries SET status = 'pending', next_attempt_at = now(), last_error = NULL
         WHERE channel = 'email' AND status = 'held'`
      );
      if (released.rowCount)
        this.#options.logger.info(`outbox: SMTP configured, sending ${released.rowCount} kept emails`);
    }
  }

  async #fanOut(): Promise<number> {
    const client = await this.#options.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: messages } = await client.query<{ id: string; recipient: string; email: string | null }>(
        `SELECT o.id, o.recipient, u.email
         FROM process_outbox o LEFT JOIN users u ON u.id::text = o.recipient AND NOT u.disabled
         WHERE o.fanned_out_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
        [this.#options.batchSize]
      );
      if (messages.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const { rows: endpoints } = await client.query<{ id: string }>(
        'SELECT id FROM webhook_endpoints WHERE active ORDER BY id'
      );
      const emailStatus = this.#transport ? 'pending' : 'held';
      for (const message of messages) {
        const deliveries: [Channel, string, string, string | null][] = [['inapp', message.recipient, 'pending', null]];
        if (message.email) {
          deliveries.push(['email', message.email, emailStatus, this.#transport ? null : SMTP_NOT_CONFIGURED]);
        }
        for (const endpoint of endpoints) deliveries.push(['webhook', endpoint.id, 'pending', null]);
        for (const [channel, target, status, error] of deliveries) {
          await client.query(
            `INSERT INTO outbox_deliveries (outbox_id, channel, target, status, last_error) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (outbox_id, channel, target) DO NOTHING`,
            [message.id, channel, target, status, error]
          );
        }
      }
      await client.query('UPDATE process_outbox SET fanned_out_at = now() WHERE id = ANY($1::bigint[])', [
        messages.map((m) => m.id),
      ]);
      await client.query('COMMIT');
      return messages.length;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** Claims due deliveries by moving their next attempt a lease ahead: a crashed dispatcher's claim then expires. */
  async #claim(): Promise<ClaimedDelivery[]> {
    const { rows } = await this.#options.pool.query<ClaimedDelivery>(
      `UPDATE outbox_deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
       FROM process_outbox o
       WHERE o.id = d.outbox_id AND d.id IN (
         SELECT id FROM outbox_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.outbox_id, d.channel, d.target, d.attempts, o.idempotency_key, o.workflow_id, o.recipient,
                 o.subject, o.message, o.created_at AS message_created_at, o.notice,
                 (SELECT u.language FROM users u WHERE u.id::text = o.recipient) AS language`,
      [this.#options.batchSize, this.#options.leaseMs]
    );
    return rows;
  }

  async #attempt(delivery: ClaimedDelivery): Promise<'sent' | 'retried' | 'failed'> {
    const { pool, logger, maxAttempts, backoffMs } = this.#options;
    try {
      await this.#send(delivery);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = delivery.attempts >= maxAttempts;
      await pool.query(
        `UPDATE outbox_deliveries
         SET status = $2, last_error = $3, next_attempt_at = now() + $4 * interval '1 millisecond' WHERE id = $1`,
        [delivery.id, giveUp ? 'failed' : 'pending', reason, backoffMs(delivery.attempts)]
      );
      logger.warn(
        { delivery: delivery.id, channel: delivery.channel, attempt: delivery.attempts, reason },
        giveUp ? 'outbox: delivery failed for good' : 'outbox: delivery failed; will retry'
      );
      return giveUp ? 'failed' : 'retried';
    }
    await pool.query(
      `UPDATE outbox_deliveries SET status = 'sent', delivered_at = now(), last_error = NULL WHERE id = $1`,
      [delivery.id]
    );
    // The message counts as sent once none of its deliveries waits any more (held emails keep it unsent).
    await pool.query(
      `UPDATE process_outbox SET sent_at = now() WHERE id = $1 AND sent_at IS NULL AND NOT EXISTS (
         SELECT 1 FROM outbox_deliveries WHERE outbox_id = $1 AND status IN ('pending', 'held'))`,
      [delivery.outbox_id]
    );
    return 'sent';
  }

  /** The delivery's subject and text in the recipient's language, naming people by name. */
  async #text(delivery: ClaimedDelivery) {
    const notice = asNotice(delivery.notice);
    const person = notice?.params.person;
    if (notice && typeof person === 'string') {
      const { rows } = await this.#options.pool.query<{ name: string }>('SELECT name FROM users WHERE id::text = $1', [
        person,
      ]);
      if (rows[0]) notice.params = { ...notice.params, person: rows[0].name };
    }
    if (notice?.nodeId && delivery.language) {
      const { rows } = await this.#options.pool.query<{ title: string | null }>(TRANSLATED_STEP_TITLE_SQL, [
        delivery.workflow_id,
        notice.nodeId,
        delivery.language,
      ]);
      if (rows[0]?.title) notice.params = { ...notice.params, step: rows[0].title };
    }
    return noticeText(notice, delivery.language, delivery);
  }

  async #send(delivery: ClaimedDelivery): Promise<void> {
    switch (delivery.channel) {
      case 'inapp':
        // The unique (outbox_id, user_id) index makes a repeated in-app delivery a no-op.
        await this.#options.pool.query(
          `INSERT INTO notifications (user_id, title, body, workflow_id, outbox_id, notice)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (outbox_id, user_id) DO NOTHING`,
          [
            delivery.target,
            delivery.subject,
            delivery.message,
            delivery.workflow_id,
            delivery.outbox_id,
            delivery.notice === null ? null : JSON.stringify(delivery.notice),
          ]
        );
        return;
      case 'email': {
        if (!this.#transport) throw new Error(SMTP_NOT_CONFIGURED);
        const text = await this.#text(delivery);
        const link = await this.#link(delivery, text.language);
        // A report's email carries its figures as tables (HTML, and lines in the text part).
        const tables = await reportEmailTables(this.#options.pool, delivery.idempotency_key, text.language);
        const body = tables ? `${text.message}\n\n${tablesText(tables, text.language)}` : text.message;
        // A stable Message-ID per outbox message lets mail systems drop a duplicate after an at-least-once retry.
        const messageId = `outbox-${delivery.outbox_id}.${encodeURIComponent(delivery.idempotency_key)}@baton`;
        const thread = await threadOfProcess(this.#options.pool, delivery, messageId, this.#options.mail.replyTo);
        await this.#transport.sendMail({
          from: await this.#from(delivery, text.language),
          to: delivery.target,
          subject: text.subject,
          text: link ? `${body}\n\n${link.label}: ${link.url}` : body,
          html: noticeHtml(text, link, tables ? tablesHtml(tables, text.language) : ''),
          headers: { 'Content-Language': text.language },
          messageId: `<${messageId}>`,
          ...thread,
        });
        return;
      }
      case 'webhook':
        await this.#postWebhook(delivery);
        return;
    }
  }

  /**
   * Where the email leads: the recipient's step (the latest round of the step the notice is about), else the process,
   * else (a report) the reports page; none without a public URL.
   */
  async #link(delivery: ClaimedDelivery, language: Language): Promise<{ url: string; label: string } | undefined> {
    const base = this.#options.mail.publicUrl?.replace(/\/+$/, '');
    if (!base) return undefined;
    const nodeId = asNotice(delivery.notice)?.nodeId;
    if (nodeId) {
      const { rows } = await this.#options.pool.query<{ id: string }>(
        'SELECT id::text FROM process_tasks WHERE workflow_id = $1 AND node_id = $2 ORDER BY round DESC LIMIT 1',
        [delivery.workflow_id, nodeId]
      );
      if (rows[0]) return { url: `${base}/inbox/${rows[0].id}`, label: emailWords(language, 'openStep') };
    }
    const process = await this.#options.pool.query('SELECT 1 FROM processes WHERE workflow_id = $1', [
      delivery.workflow_id,
    ]);
    if (process.rowCount)
      return {
        url: `${base}/processes/${encodeURIComponent(delivery.workflow_id)}`,
        label: emailWords(language, 'openProcess'),
      };
    if (delivery.idempotency_key.startsWith('report:'))
      return { url: `${base}/reports`, label: emailWords(language, 'openReports') };
    return undefined;
  }

  /** The sender: Baton's address, shown with the name of the person whose process it is ("Jan Novák via Baton"). */
  async #from(delivery: ClaimedDelivery, language: Language): Promise<string | { name: string; address: string }> {
    const configured = this.#options.mail.from;
    const address = /<([^<>]+)>\s*$/.exec(configured)?.[1] ?? configured;
    const { rows } = await this.#options.pool.query<{ name: string }>(
      `SELECT u.name FROM processes p JOIN users u ON u.id::text = COALESCE(p.starter, p.owner)
        WHERE p.workflow_id = $1`,
      [delivery.workflow_id]
    );
    const name = rows[0]?.name;
    return name ? { name: emailWords(language, 'sender', { name }), address } : configured;
  }

  async #postWebhook(delivery: ClaimedDelivery): Promise<void> {
    const { rows } = await this.#options.pool.query<{ url: string; secret: string; active: boolean }>(
      'SELECT url, secret, active FROM webhook_endpoints WHERE id = $1',
      [delivery.target]
    );
    const endpoint = rows[0];
    if (!endpoint?.active) throw new Error(`webhook endpoint "${delivery.target}" is missing or inactive`);
    // The text in the recipient's language, with the key and parameters for receivers that render their own.
    const text = await this.#text(delivery);
    const notice = asNotice(delivery.notice);
    const body = JSON.stringify({
      type: 'notification',
      id: delivery.idempotency_key,
      workflowId: delivery.workflow_id,
      recipient: delivery.recipient,
      subject: text.subject,
      message: text.message,
      language: text.language,
      ...(notice ? { notice } : {}),
      createdAt: delivery.message_created_at.toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-baton-delivery': delivery.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(endpoint.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(this.#options.sendTimeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  }
}
