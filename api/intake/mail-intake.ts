import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createSecureContext } from 'node:tls';
import { simpleParser, type ParsedMail } from 'mailparser';
import type pg from 'pg';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { processCommentUpdate } from '../../workflows/process.messages';
import { attachFiles } from '../files/attach';
import type { FileStore } from '../files/file-store';
import { storedContentType, cleanFileName } from '../files/file-types';
import type { AuthUser } from '../lib/app-env';
import type { TemporalDeps } from '../lib/temporal';
import { idFromKey, launchProcess } from '../processes/launch-process';
import { buildProcessInput, loadPublishedVersion } from '../processes/process-input';
import { checkStart } from '../processes/who-may-start';
import { ApiError } from '../lib/api-error';
import { bareRefusal, intakeTemplates, routeRecipient } from './intake-addresses';

export interface MailIntakeOptions {
  pool: pg.Pool;
  temporal: TemporalDeps;
  files: FileStore;
  logger: Logger;
  /**
   * The address mail is accepted for (`BATON_MAIL_INTAKE`), and `<local>+<template key>@<domain>` for each template
   * clients may start; anything else is refused at RCPT TO.
   */
  address: string;
  /** The key of the template the bare address starts when several may be (`BATON_INTAKE_DEFAULT`). */
  defaultKey?: string;
  host: string;
  port: number;
  /** Required SMTP AUTH (PLAIN/LOGIN) when set; open on the interface otherwise (127.0.0.1 by default). */
  auth?: { user: string; password: string };
  /** PEM files of the key and certificate: STARTTLS is offered, and AUTH only once the connection is encrypted. */
  tls?: { keyPath: string; certPath: string };
}

/** A refusal the sending server is told about (5xx: permanent). */
class Refused extends Error {
  readonly responseCode = 550;
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');
const SUBJECT_TOKEN = /\[ref:(process-[\w-]+)\]/i;

/**
 * Baton's own SMTP listener: a mail to the intake address from a known client (an observer with that email) starts
 * the client-request process as if the client had sent the request form (subject and body the request, attachments
 * kept as public files, the clock from receipt). A message id seen before starts nothing; a reply (In-Reply-To or
 * References naming a request's message id, or `[ref:<process id>]` in the subject) is a public comment of the
 * client on that request. Mail from an unknown sender is refused with 550.
 */
export async function startMailIntake(options: MailIntakeOptions): Promise<{ port: number; close(): Promise<void> }> {
  const { logger } = options;
  const tls = options.tls && (await readTls(options.tls));
  const server = new SMTPServer({
    name: 'baton',
    banner: 'Baton request intake',
    authOptional: options.auth === undefined,
    ...(tls
      ? { ...tls, hideSTARTTLS: false, allowInsecureAuth: false, disabledCommands: options.auth ? [] : ['AUTH'] }
      : {
          // STARTTLS needs a certificate: without one, plain SMTP (behind a relay on the same machine) is offered.
          hideSTARTTLS: true,
          allowInsecureAuth: true,
          disabledCommands: options.auth === undefined ? ['AUTH', 'STARTTLS'] : ['STARTTLS'],
        }),
    size: options.files.maxBytes * 2,
    onConnect(session, callback) {
      // With TLS, the password is never asked for in the clear: AUTH is not even offered before STARTTLS.
      if (tls && options.auth && !session.secure)
        session.disabledCommands = ['AUTH', ...(session.disabledCommands ?? [])];
      callback();
    },
    onSecure(_socket, session, callback) {
      session.disabledCommands = undefined;
      callback();
    },
    onMailFrom(_address, session, callback) {
      if (options.auth && !session.user)
        return callback(
          Object.assign(new Error(tls ? 'Authentication required: STARTTLS, then AUTH' : 'Authentication required'), {
            responseCode: 530,
          })
        );
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password)
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      intakeTemplates(options.pool).then(
        (templates) => {
          const routed = routeRecipient(options.address, address.address, templates, options.defaultKey);
          callback(routed.ok ? undefined : new Refused(routed.reason));
        },
        (error: unknown) => {
          logger.error({ err: error }, 'mail intake: reading the templates failed');
          callback(new Error('Temporary failure; try again later'));
        }
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      simpleParser(stream)
        .then((mail) => takeIn(options, mail, session))
        .then(
          () => callback(),
          (error: unknown) => {
            // Bad input (4xx from the checks a request form makes too) does not get better on a retry: refused for good.
            if (error instanceof ApiError && error.status < 500)
              return callback(new Refused(typeof error.extra.detail === 'string' ? error.extra.detail : error.title));
            if (!(error instanceof Refused)) logger.error({ err: error }, 'mail intake failed');
            callback(error instanceof Error ? error : new Error(String(error)));
          }
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', (error) => logger.warn({ err: error }, 'mail intake connection error'));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The key and certificate, checked to belong together now rather than at the first STARTTLS. */
async function readTls(paths: { keyPath: string; certPath: string }): Promise<{ key: Buffer; cert: Buffer }> {
  const [key, cert] = await Promise.all([readFile(paths.keyPath), readFile(paths.certPath)]);
  try {
    createSecureContext({ key, cert });
  } catch (error) {
    throw new Error(
      `mail intake: the TLS key ${paths.keyPath} and certificate ${paths.certPath} do not make a TLS context (${error instanceof Error ? error.message : String(error)})`,
      { cause: error }
    );
  }
  return { key, cert };
}

async function takeIn(options: MailIntakeOptions, mail: ParsedMail, session: SMTPServerSession): Promise<void> {
  const { pool } = options;
  const sender =
    mail.from?.value[0]?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined);
  if (!sender) throw new Refused('The mail has no sender');
  const { rows } = await pool.query<{ id: string; email: string; name: string; team_id: string | null; role: string }>(
    'SELECT id::text, email, name, team_id::text, role FROM users WHERE lower(email) = lower($1) AND NOT disabled',
    [sender]
  );
  const found = rows[0];
  // A mail without a Message-ID gets one from its contents, so a resend is still recognised.
  const messageId = mail.messageId
    ? bare(mail.messageId)
    : `baton-${idFromKey(sender, `${mail.subject ?? ''}\n${mail.text ?? ''}`)}`;
  const seen = await pool.query('SELECT 1 FROM mail_intake WHERE message_id = $1', [messageId]);
  if (seen.rowCount) return;
  const thread = await threadOf(pool, mail, found?.id);
  if (found?.role !== 'observer') {
    if (thread && found)
      throw new Refused(
        `Replies by email are taken from the request's client only; ${found.name}, please comment in Baton instead`
      );
    throw new Refused(`${sender} is not a client of this office; call or use the request form`);
  }
  const client: AuthUser = { ...found, role: 'observer', teamId: found.team_id, language: null, via: 'token' };
  if (thread === undefined) {
    // The first of the envelope's recipients that is Baton's (RCPT TO refused the others).
    const recipient = session.envelope.rcptTo[0]?.address ?? options.address;
    return request(options, client, mail, messageId, recipient);
  }
  // Refused rather than ignored: the sender's server bounces it, so nobody believes the office got the comment.
  if (thread.owner !== client.id)
    throw new Refused(
      `This mail answers another client's request; only that client's replies are taken. Write a new mail (not a reply) to ${options.address} for a request of your own`
    );
  if (thread.status !== 'running')
    throw new Refused(
      `The request this mail answers is closed; write a new mail to ${options.address} to open another`
    );
  return reply(options, client, mail, messageId, thread.workflowId);
}

/**
 * The process a mail answers: one whose request mail, or any email Baton sent about it, the mail's In-Reply-To or
 * References names, or whose id is in the subject as `[ref:<process id>]`. The sender's own process first, when
 * the references name several.
 */
async function threadOf(
  pool: pg.Pool,
  mail: ParsedMail,
  senderId: string | undefined
): Promise<{ workflowId: string; owner: string | null; status: string } | undefined> {
  const references = [
    ...(mail.inReplyTo ? [mail.inReplyTo] : []),
    ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []),
  ].map(bare);
  const token = SUBJECT_TOKEN.exec(mail.subject ?? '')?.[1];
  if (references.length === 0 && token === undefined) return undefined;
  const { rows } = await pool.query<{ workflow_id: string; owner: string | null; status: string }>(
    `SELECT p.workflow_id, p.owner, p.status FROM processes p
      WHERE p.workflow_id IN (SELECT workflow_id FROM mail_intake WHERE message_id = ANY($1)
                              UNION SELECT workflow_id FROM mail_sent WHERE message_id = ANY($1)
                              UNION SELECT $2::text WHERE $2::text IS NOT NULL)
      ORDER BY p.owner IS NOT DISTINCT FROM $3 DESC LIMIT 1`,
    [references, token ?? null, senderId ?? null]
  );
  const found = rows[0];
  return found && { workflowId: found.workflow_id, owner: found.owner, status: found.status };
}

/** Stores the mail's attachments as the client's uploads; their ids. */
async function keepAttachments(options: MailIntakeOptions, client: AuthUser, mail: ParsedMail): Promise<string[]> {
  const ids: string[] = [];
  for (const attachment of mail.attachments) {
    if (attachment.related) continue; // inline images of an HTML body
    const stored = await options.files.put(Readable.from([attachment.content]));
    if (stored.size === 0) continue;
    const { rows } = await options.pool.query<{ id: string }>(
      'INSERT INTO files (sha256, size, name, content_type, uploaded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id::text',
      [
        stored.sha256,
        stored.size,
        cleanFileName(attachment.filename),
        storedContentType(attachment.contentType, stored.head),
        client.id,
      ]
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

const bodyText = (mail: ParsedMail) => (mail.text ?? '').trim();

async function request(
  options: MailIntakeOptions,
  client: AuthUser,
  mail: ParsedMail,
  messageId: string,
  recipient: string
) {
  const { pool, temporal } = options;
  const receivedAt = new Date().toISOString();
  const workflowId = `process-${idFromKey('mail-intake', messageId)}`;
  const templates = await intakeTemplates(pool);
  const routed = routeRecipient(options.address, recipient, templates, options.defaultKey);
  if (!routed.ok) throw new Refused(routed.reason);
  if (!routed.template) throw new Refused(bareRefusal(options.address, templates));
  const published = await loadPublishedVersion(pool, routed.template.templateId);
  const names = new Set(published.template.parameters.map((parameter) => parameter.name));
  const text = [mail.subject?.trim(), bodyText(mail)].filter(Boolean).join('\n\n');
  const given: Record<string, unknown> = {
    ...(names.has('client') && { client: client.name }),
    ...(names.has('request') && { request: text || '(empty mail)' }),
  };
  const { params } = await checkStart(pool, client, published, { params: given });
  const input = await buildProcessInput(pool, published, params, client.id);
  const ids = await keepAttachments(options, client, mail);
  await launchProcess(pool, temporal, {
    workflowId,
    published,
    input,
    starter: client.id,
    params,
    owner: client.id,
    receivedAt,
  });
  await attachFiles(pool, client, ids, { workflowId, visibility: 'public' }, 'attachments');
  await pool.query(
    `INSERT INTO mail_intake (message_id, workflow_id, kind, sender) VALUES ($1, $2, 'request', $3)
     ON CONFLICT DO NOTHING`,
    [messageId, workflowId, client.email]
  );
}

async function reply(
  options: MailIntakeOptions,
  client: AuthUser,
  mail: ParsedMail,
  messageId: string,
  workflowId: string
) {
  const { pool, temporal } = options;
  // The reply's own text, without the quoted request under it.
  const text = bodyText(mail)
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .replace(/\n*On .+wrote:\s*$/s, '')
    .trim();
  const ids = await keepAttachments(options, client, mail);
  const files = await attachFiles(pool, client, ids, { workflowId, visibility: 'public' }, 'attachments');
  const { rows } = await pool.query<{ id: string }>(
    `SELECT assignee AS id FROM process_tasks
      WHERE workflow_id = $1 AND status IN ('open', 'inProgress', 'inReview') AND assignee NOT LIKE 'team:%'
     UNION SELECT starter FROM processes WHERE workflow_id = $1`,
    [workflowId]
  );
  await temporal.client.workflow.getHandle(workflowId).executeUpdate(processCommentUpdate, {
    args: [
      {
        actor: client.id,
        text: text || mail.subject || '(empty mail)',
        visibility: 'public',
        byClient: true,
        tell: rows.map((row) => row.id).filter((id) => id !== client.id),
        ...(files.length > 0 && { files }),
      },
    ],
    // The same mail twice (a resend) comments once.
    updateId: `mail-${idFromKey('mail-reply', messageId)}`,
  });
  await pool.query(
    `INSERT INTO mail_intake (message_id, workflow_id, kind, sender) VALUES ($1, $2, 'reply', $3)
     ON CONFLICT DO NOTHING`,
    [messageId, workflowId, client.email]
  );
}
