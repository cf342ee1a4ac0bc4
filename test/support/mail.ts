// Reading the emails a test SMTP server received, with the MIME parser Baton's mail intake uses (mailparser).
import { simpleParser } from 'mailparser';
import type pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { startMailIntake, type MailIntakeOptions } from '../../api/intake/mail-intake';
import type { Harness } from '../../api/test/harness';
import { getFreePort } from '../../server/free-port';
import type { TemplateInput } from '../../workflows/template';
import { clientRequest } from '../../workflows/template/library';
import { OutboxDispatcher } from '../../worker/outbox/outbox-dispatcher';

export interface Mail {
  /** Header lines as sent (lower-case names; values undecoded). */
  headers: Map<string, string>;
  /** The From line decoded. */
  from: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

export async function parseMail(raw: string): Promise<Mail> {
  const parsed = await simpleParser(raw);
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  return {
    headers,
    from: { name: parsed.from?.value[0]?.name ?? '', address: parsed.from?.value[0]?.address ?? '' },
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
  };
}

/** An SMTP server on a free loopback port that keeps every message it receives, raw, in `mails`. */
export async function startMailCatcher(): Promise<{ url: string; mails: string[]; close(): Promise<void> }> {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  const port = await getFreePort();
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** Sends what the outbox holds once, through the SMTP server at `smtpUrl`, with no retry wait. */
export async function deliverOutboxOnce(
  pool: pg.Pool,
  smtpUrl: string,
  publicUrl?: string,
  replyTo?: string
): Promise<void> {
  const dispatcher = new OutboxDispatcher({
    pool,
    logger: pino({ level: 'silent' }),
    mail: {
      smtpUrl,
      from: 'Baton <baton@example.com>',
      ...(publicUrl !== undefined && { publicUrl }),
      ...(replyTo !== undefined && { replyTo }),
    },
    backoffMs: () => 0,
    sendTimeoutMs: 5_000,
  });
  try {
    await dispatcher.runOnce();
  } finally {
    await dispatcher.stop();
  }
}

/** The built-in client request marked "clients may start", its person parameters defaulting to `assistantId`. */
export function clientRequestFor(assistantId: string): TemplateInput {
  return {
    ...clientRequest,
    clientsMayStart: true,
    parameters: (clientRequest.parameters ?? []).map((parameter) =>
      parameter.type === 'person' ? { ...parameter, default: assistantId } : parameter
    ),
  };
}

/** Baton's SMTP listener on the test bed's database and Temporal, silent, on a free loopback port. */
export async function startTestMailIntake(
  h: Harness,
  options: Pick<MailIntakeOptions, 'address'> & Partial<MailIntakeOptions>
): Promise<Awaited<ReturnType<typeof startMailIntake>>> {
  return startMailIntake({
    pool: h.pool,
    temporal: h.temporal!,
    files: h.files,
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: await getFreePort(),
    ...options,
  });
}
