import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getFreePort } from '../server/free-port';
import { OutboxDispatcher, type OutboxDispatcherOptions } from '../worker/outbox/outbox-dispatcher';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../worker/outbox/webhook-signature';
import { createTestDatabase, type TestDatabase } from './support/postgres';

const SECRET = 'outbox-test-secret-0123456789';
const childScript = fileURLToPath(new URL('./support/outbox-dispatcher-child.ts', import.meta.url));

interface ReceivedMail {
  to: string[];
  raw: string;
}

async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  const port = await getFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Accepts SMTP connections and never says a word: a send to it hangs until its timeout. */
async function startSilentSmtp(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await getFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface Receiver {
  url: string;
  /** Every request, valid signature or not. */
  requests: { valid: boolean; body: Record<string, unknown> }[];
  failNext: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', requests: [], failNext: 0, close: async () => undefined };
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const valid = verifyWebhook(
        SECRET,
        {
          signature: request.headers[SIGNATURE_HEADER] as string | undefined,
          timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
        },
        body
      );
      receiver.requests.push({ valid, body: JSON.parse(body) as Record<string, unknown> });
      if (receiver.failNext > 0) {
        receiver.failNext -= 1;
        response.writeHead(503).end('try later');
        return;
      }
      response.writeHead(valid ? 204 : 401).end();
    });
  });
  const port = await getFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${port}/hooks/baton`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('outbox delivery', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Receiver;
  let userId: string;
  const dispatchers: OutboxDispatcher[] = [];
  const logger = pino({ level: 'silent' });

  const dispatcher = (options: Partial<OutboxDispatcherOptions> = {}) => {
    const created = new OutboxDispatcher({
      pool,
      logger,
      mail: { smtpUrl: smtp.url, from: 'Baton <baton@example.com>' },
      webhook: { url: receiver.url, secret: SECRET },
      backoffMs: () => 0,
      sendTimeoutMs: 5_000,
      ...options,
    });
    dispatchers.push(created);
    return created;
  };

  const enqueue = async (key: string, recipient = userId) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO process_outbox (idempotency_key, workflow_id, recipient, subject, message)
         VALUES ($1, 'process-1', $2, $3, 'The step "Archive the contract" is due today at 17:00.') RETURNING id`,
        [key, recipient, `Reminder ${key}`]
      )
    ).rows[0]!.id;

  const deliveries = async (outboxId: string) =>
    (
      await pool.query<{
        channel: string;
        target: string;
        status: string;
        attempts: number;
        last_error: string | null;
      }>(
        'SELECT channel, target, status, attempts, last_error FROM outbox_deliveries WHERE outbox_id = $1 ORDER BY channel',
        [outboxId]
      )
    ).rows;

  const notificationsOf = async (user: string) =>
    (await pool.query<{ title: string }>('SELECT title FROM notifications WHERE user_id = $1', [user])).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 8 });
    smtp = await startSmtp();
    receiver = await startReceiver();
  });

  beforeEach(async () => {
    await pool.query('TRUNCATE process_outbox, outbox_deliveries, notifications, webhook_endpoints, users CASCADE');
    smtp.mails.length = 0;
    receiver.requests.length = 0;
    receiver.failNext = 0;
    userId = (
      await pool.query<{ id: string }>(
        `INSERT INTO users (email, name, role, password_hash) VALUES ('ola@example.com', 'Ola', 'assistant', 'x')
         RETURNING id::text`
      )
    ).rows[0]!.id;
  });

  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  });

  afterAll(async () => {
    await smtp?.close();
    await receiver?.close();
    await pool?.end();
    await database?.drop();
  });

  it('delivers in-app, by email and to a signed webhook once each; later rounds send nothing more', async () => {
    const outboxId = await enqueue('k1');
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ fannedOut: 1, sent: 3, retried: 0, failed: 0 });
    expect(await d.runOnce()).toEqual({ fannedOut: 0, sent: 0, retried: 0, failed: 0 });

    expect(await notificationsOf(userId)).toEqual([{ title: 'Reminder k1' }]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['ola@example.com']);
    expect(smtp.mails[0]!.raw).toContain('Subject: Reminder k1');
    expect(smtp.mails[0]!.raw).toContain('Archive the contract');
    expect(receiver.requests).toEqual([
      {
        valid: true,
        body: expect.objectContaining({ type: 'notification', id: 'k1', recipient: userId, subject: 'Reminder k1' }),
      },
    ]);
    expect((await deliveries(outboxId)).map((row) => [row.channel, row.status, row.attempts])).toEqual([
      ['email', 'sent', 1],
      ['inapp', 'sent', 1],
      ['webhook', 'sent', 1],
    ]);
    const { rows } = await pool.query('SELECT sent_at FROM process_outbox WHERE id = $1', [outboxId]);
    expect(rows[0].sent_at).toBeInstanceOf(Date);
  });

  it('keeps emails without SMTP, with the reason, and sends them once SMTP is configured', async () => {
    const outboxId = await enqueue('k2');
    const withoutSmtp = dispatcher({ mail: { from: 'baton@example.com' } });
    await withoutSmtp.runOnce();
    expect(smtp.mails).toHaveLength(0);
    expect(await notificationsOf(userId)).toHaveLength(1);
    const email = (await deliveries(outboxId)).find((row) => row.channel === 'email');
    expect(email).toMatchObject({ status: 'held', attempts: 0, target: 'ola@example.com' });
    expect(email?.last_error).toContain('SMTP is not configured');
    const unsent = await pool.query('SELECT sent_at FROM process_outbox WHERE id = $1', [outboxId]);
    expect(unsent.rows[0].sent_at).toBeNull();

    await dispatcher().runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect((await deliveries(outboxId)).find((row) => row.channel === 'email')).toMatchObject({ status: 'sent' });
    expect(await notificationsOf(userId)).toHaveLength(1);
  });

  it('retries a failing webhook until it answers, then gives up after the last attempt keeping the error', async () => {
    const retried = await enqueue('k3');
    receiver.failNext = 2;
    const d = dispatcher({ maxAttempts: 3 });
    await d.runOnce();
    await d.runOnce();
    await d.runOnce();
    expect(receiver.requests.map((r) => r.valid)).toEqual([true, true, true]);
    expect((await deliveries(retried)).find((row) => row.channel === 'webhook')).toMatchObject({
      status: 'sent',
      attempts: 3,
      last_error: null,
    });

    const abandoned = await enqueue('k4');
    receiver.failNext = 10;
    for (let round = 0; round < 4; round++) await d.runOnce();
    expect((await deliveries(abandoned)).find((row) => row.channel === 'webhook')).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'webhook answered HTTP 503',
    });
  });

  it('lets two dispatchers run at once and still delivers every message once', async () => {
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await enqueue(`many-${i}`));
    const [a, b] = [dispatcher({ batchSize: 5 }), dispatcher({ batchSize: 5 })];
    for (let round = 0; round < 8; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(smtp.mails).toHaveLength(20);
    expect(new Set(receiver.requests.map((r) => r.body.id)).size).toBe(20);
    expect(receiver.requests).toHaveLength(20);
    expect(await notificationsOf(userId)).toHaveLength(20);
  });

  it('delivers a message once after the dispatcher sending it is killed with SIGKILL', async () => {
    const outboxId = await enqueue('crash');
    const silent = await startSilentSmtp();
    let child: ChildProcess | undefined;
    try {
      child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          childScript,
          JSON.stringify({
            databaseUrl: database.url,
            mail: { smtpUrl: silent.url, from: 'baton@example.com' },
            webhook: { url: receiver.url, secret: SECRET },
            leaseMs: 2_000,
            sendTimeoutMs: 120_000,
            pollIntervalMs: 100,
          }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      );
      // The child has claimed the email and hangs talking to the silent server. Its in-app and webhook deliveries
      // must be recorded as sent first: a kill between the webhook's answer and that record would rightly make the
      // survivor post it again (at least once; receivers deduplicate on the body's `id`), which is not this case.
      await waitFor(async () => {
        const rows = await deliveries(outboxId);
        const email = rows.find((row) => row.channel === 'email');
        const othersSent = rows.filter((row) => row.channel !== 'email').every((row) => row.status === 'sent');
        return email && email.attempts === 1 && email.status === 'pending' && othersSent ? email : undefined;
      }, 'the child to claim the email after sending the rest');
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await silent.close();
    }

    const survivor = dispatcher({ leaseMs: 2_000, pollIntervalMs: 100 });
    survivor.start();
    await waitFor(
      async () => ((await deliveries(outboxId)).every((row) => row.status === 'sent') ? true : undefined),
      'the survivor to deliver'
    );
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.raw).toContain('Subject: Reminder crash');
    expect((await deliveries(outboxId)).find((row) => row.channel === 'email')).toMatchObject({ attempts: 2 });
    expect(await notificationsOf(userId)).toHaveLength(1);
    expect(receiver.requests.filter((r) => r.body.id === 'crash')).toHaveLength(1);
  });
});
