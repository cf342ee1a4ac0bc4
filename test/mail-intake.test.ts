import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Harness, type TestUser } from '../api/test/harness';
import type { startMailIntake } from '../api/intake/mail-intake';
import { clientRequestFor, startTestMailIntake } from './support/mail';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// Mail to Baton's own SMTP listener, sent with nodemailer over loopback: a request with its attachment, a reply, a
// resend and a stranger.
const ADDRESS = 'requests@office.test';
let bed: ApiTestBed;
let h: Harness;
let client: TestUser;
let intake: Awaited<ReturnType<typeof startMailIntake>>;
let transport: Transporter;

beforeAll(async () => {
  bed = await startApiTestBed('mail-intake');
  h = bed.h;
  const manager = await addUser(h.pool, 'manager', 'Maria Manager');
  const assistant = await addUser(h.pool, 'assistant', 'Anna Assistant');
  client = await addUser(h.pool, 'observer', 'karol');
  await h.pool.query("UPDATE users SET name = 'Karol Client' WHERE id = $1", [client.id]);
  const marked = clientRequestFor(assistant.id);
  await publishTemplate(h, manager, 'Client request', marked);
  intake = await startTestMailIntake(h, {
    address: ADDRESS,
  });
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
}, 240_000);

afterAll(async () => {
  transport?.close();
  await intake?.close();
  await bed?.close();
});

const processesOf = async (owner: string) =>
  (
    await h.pool.query<{ workflow_id: string; started_at: Date }>(
      'SELECT workflow_id, started_at FROM processes WHERE owner = $1',
      [owner]
    )
  ).rows;

describe('email intake', () => {
  let processId: string;
  const messageId = '<request-1@client.test>';

  it('turns a client’s mail into one request with its attachment, the clock from receipt', async () => {
    const before = Date.now();
    await transport.sendMail({
      from: `Karol Client <${client.email}>`,
      to: ADDRESS,
      subject: 'Invoice 03/2027 has a wrong tax id',
      text: 'Please correct it; the scan is attached.',
      messageId,
      attachments: [
        { filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n'), contentType: 'application/pdf' },
      ],
    });
    const rows = await processesOf(client.id);
    expect(rows).toHaveLength(1);
    processId = rows[0]!.workflow_id;
    expect(rows[0]!.started_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const { rows: params } = await h.pool.query<{ params: Record<string, unknown>; starter: string }>(
      'SELECT params, starter FROM processes WHERE workflow_id = $1',
      [processId]
    );
    expect(params[0]).toMatchObject({
      starter: client.id,
      params: {
        client: 'Karol Client',
        request: 'Invoice 03/2027 has a wrong tax id\n\nPlease correct it; the scan is attached.',
      },
    });
    const { rows: files } = await h.pool.query(
      'SELECT name, content_type, visibility, uploaded_by FROM files WHERE workflow_id = $1',
      [processId]
    );
    expect(files).toEqual([
      { name: 'invoice.pdf', content_type: 'application/pdf', visibility: 'public', uploaded_by: client.id },
    ]);
    await eventually(async () => {
      const { rows: tasks } = await h.pool.query(
        "SELECT 1 FROM process_tasks WHERE workflow_id = $1 AND status = 'open'",
        [processId]
      );
      return tasks[0];
    }, 'the answer step');
  });

  it('starts nothing new when the same mail comes again', async () => {
    await transport.sendMail({
      from: client.email,
      to: ADDRESS,
      subject: 'Invoice 03/2027 has a wrong tax id',
      text: 'Please correct it; the scan is attached.',
      messageId,
    });
    expect(await processesOf(client.id)).toHaveLength(1);
  });

  it('takes a reply as the client’s public comment on the request, once', async () => {
    const send = () =>
      transport.sendMail({
        from: client.email,
        to: ADDRESS,
        subject: 'Re: Invoice 03/2027 has a wrong tax id',
        text: 'Also the date is wrong.\n\n> Please correct it; the scan is attached.',
        messageId: '<reply-1@client.test>',
        inReplyTo: messageId,
        references: [messageId],
      });
    await send();
    await send();
    const comments = await eventually(async () => {
      const { rows } = await h.pool.query<{ actor: string; detail: { text: string; visibility: string } }>(
        "SELECT actor, detail FROM process_audit WHERE workflow_id = $1 AND action = 'commented'",
        [processId]
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the comment');
    expect(comments.map((row) => [row.actor, row.detail.text, row.detail.visibility])).toEqual([
      [client.id, 'Also the date is wrong.', 'public'],
    ]);
    expect(await processesOf(client.id)).toHaveLength(1);
  });

  it('refuses a stranger’s mail and mail for another address, starting nothing', async () => {
    const stranger = transport.sendMail({ from: 'nobody@elsewhere.test', to: ADDRESS, subject: 'Hi', text: 'x' });
    await expect(stranger).rejects.toMatchObject({ responseCode: 550 });
    const elsewhere = transport.sendMail({ from: client.email, to: 'ceo@office.test', subject: 'Hi', text: 'x' });
    await expect(elsewhere).rejects.toThrow(/No mailbox/);
    expect(await processesOf(client.id)).toHaveLength(1);
    expect((await h.pool.query('SELECT 1 FROM processes')).rowCount).toBe(1);
  });
});
