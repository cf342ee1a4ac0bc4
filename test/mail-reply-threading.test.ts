import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, bearer, json, type Harness, type TestUser } from '../api/test/harness';
import type { startMailIntake } from '../api/intake/mail-intake';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';
import {
  clientRequestFor,
  deliverOutboxOnce,
  type Mail,
  parseMail,
  startMailCatcher,
  startTestMailIntake,
} from './support/mail';

// A client answers, from their own mail program, an email Baton sent them about their request (no token in the
// subject, only the In-Reply-To their program sets): the answer becomes their public comment on the request.
const ADDRESS = 'requests@office.test';
let bed: ApiTestBed;
let h: Harness;
let assistant: TestUser;
let client: TestUser;
let otherClient: TestUser;
let intake: Awaited<ReturnType<typeof startMailIntake>>;
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
let transport: Transporter;

beforeAll(async () => {
  bed = await startApiTestBed('mail-reply-threading');
  h = bed.h;
  const manager = await addUser(h.pool, 'manager', 'Maria Manager');
  assistant = await addUser(h.pool, 'assistant', 'anna');
  client = await addUser(h.pool, 'observer', 'karol');
  otherClient = await addUser(h.pool, 'observer', 'olga');
  const marked = clientRequestFor(assistant.id);
  await publishTemplate(h, manager, 'Client request', marked);
  intake = await startTestMailIntake(h, {
    address: ADDRESS,
  });
  catcher = await startMailCatcher();
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
}, 240_000);

afterAll(async () => {
  transport?.close();
  await catcher?.close();
  await intake?.close();
  await bed?.close();
});

const comments = async (workflowId: string) =>
  (
    await h.pool.query<{ actor: string; detail: { text: string; visibility: string } }>(
      "SELECT actor, detail FROM process_audit WHERE workflow_id = $1 AND action = 'commented' ORDER BY id",
      [workflowId]
    )
  ).rows.map((row) => [row.actor, row.detail.text, row.detail.visibility]);

describe('replies to Baton’s emails', () => {
  const requestId = '<request-7@client.test>';
  let processId: string;
  let notice: Mail;

  it('sends the client’s notice with a Message-ID of its own, threaded under the request mail', async () => {
    await transport.sendMail({
      from: client.email,
      to: ADDRESS,
      subject: 'Visa for the Kyiv trip',
      text: 'Please collect my passport on Monday.',
      messageId: requestId,
    });
    const { rows } = await h.pool.query<{ workflow_id: string }>('SELECT workflow_id FROM processes WHERE owner = $1', [
      client.id,
    ]);
    processId = rows[0]!.workflow_id;
    await eventually(
      async () =>
        (await h.pool.query("SELECT 1 FROM process_tasks WHERE workflow_id = $1 AND status = 'open'", [processId]))
          .rows[0],
      'the answer step'
    );
    const answered = await h.app.request(
      `/api/processes/${processId}/comments`,
      json('POST', { text: 'Which day suits you for the photo?', visibility: 'public' }, bearer(assistant))
    );
    expect(answered.status).toBe(201);
    await eventually(
      async () =>
        (
          await h.pool.query('SELECT 1 FROM process_outbox WHERE workflow_id = $1 AND recipient = $2', [
            processId,
            client.id,
          ])
        ).rows[0],
      'the notice to the client'
    );
    await deliverOutboxOnce(h.pool, catcher.url, undefined, ADDRESS);
    const mails = await Promise.all(catcher.mails.map(parseMail));
    const toClient = mails.filter((mail) => mail.headers.get('to')?.includes(client.email));
    expect(toClient).toHaveLength(1);
    notice = toClient[0]!;
    expect(notice.subject).not.toMatch(/\[ref:/);
    expect(notice.headers.get('in-reply-to')).toBe(requestId);
    expect(notice.headers.get('references')).toBe(requestId);
    // The client's mail program answers the intake, not Baton's sending address; staff's emails do not say so.
    expect(notice.headers.get('reply-to')).toBe(ADDRESS);
    const toStaff = mails.filter((mail) => !mail.headers.get('to')?.includes(client.email));
    expect(toStaff.length).toBeGreaterThan(0);
    for (const mail of toStaff) expect(mail.headers.get('reply-to')).toBeUndefined();
    const messageId = notice.headers.get('message-id')!;
    expect(messageId).toMatch(/^<outbox-\d+\..+@baton>$/);
    const { rows: sent } = await h.pool.query('SELECT workflow_id, recipient FROM mail_sent WHERE message_id = $1', [
      messageId.slice(1, -1),
    ]);
    expect(sent).toEqual([{ workflow_id: processId, recipient: client.email }]);
  });

  it('takes the client’s reply to that email as their public comment', async () => {
    const messageId = notice.headers.get('message-id')!;
    await transport.sendMail({
      from: `Karol <${client.email}>`,
      to: ADDRESS,
      subject: `Re: ${notice.subject}`,
      text: `Tuesday morning, please.\n\nOn Monday, Baton wrote:\n> Which day suits you for the photo?`,
      messageId: '<reply-7@client.test>',
      inReplyTo: messageId,
      references: [messageId],
    });
    await eventually(async () => ((await comments(processId)).length === 2 ? true : undefined), 'the reply comment');
    expect(await comments(processId)).toEqual([
      [assistant.id, 'Which day suits you for the photo?', 'public'],
      [client.id, 'Tuesday morning, please.', 'public'],
    ]);
    const { rows } = await h.pool.query('SELECT 1 FROM processes WHERE owner = $1', [client.id]);
    expect(rows).toHaveLength(1);
  });

  it('refuses a reply from anyone but the request’s client, starting and commenting nothing', async () => {
    const messageId = notice.headers.get('message-id')!;
    const forwarded = transport.sendMail({
      from: otherClient.email,
      to: ADDRESS,
      subject: `Re: ${notice.subject}`,
      text: 'I am not Karol.',
      messageId: '<reply-olga@client.test>',
      inReplyTo: messageId,
      references: [messageId],
    });
    await expect(forwarded).rejects.toMatchObject({ responseCode: 550 });
    await expect(forwarded).rejects.toThrow(/another client's request/);
    const staff = transport.sendMail({
      from: assistant.email,
      to: ADDRESS,
      subject: `Re: ${notice.subject}`,
      text: 'Answering from my mailbox.',
      messageId: '<reply-anna@office.test>',
      inReplyTo: messageId,
    });
    await expect(staff).rejects.toThrow(/comment in Baton/);
    expect(await comments(processId)).toHaveLength(2);
    expect((await h.pool.query('SELECT 1 FROM processes')).rowCount).toBe(1);
    expect((await h.pool.query('SELECT 1 FROM mail_intake')).rowCount).toBe(2);
  });
});
