import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../api/intake/intake-addresses';
import type { startMailIntake } from '../api/intake/mail-intake';
import { addUser, type Harness, type TestUser } from '../api/test/harness';
import { clientRequestFor, startTestMailIntake } from './support/mail';
import { eventually, publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';

// Several templates clients may start, each with its own address (`requests+<key>@…`), and the bare address going
// to the admin's default one or refused with the list of addresses: never a temporary error a retry cannot fix.
const ADDRESS = 'requests@office.test';
const VISA = 'requests+wiza-na-wyjazd-sluzbowy@office.test';
const INVOICE = 'requests+invoice-question@office.test';
let bed: ApiTestBed;
let h: Harness;
let client: TestUser;
let visaId: string;
let invoiceId: string;
const intakes: Awaited<ReturnType<typeof startMailIntake>>[] = [];
const transports: Transporter[] = [];

async function intake(defaultKey?: string): Promise<Transporter> {
  const started = await startTestMailIntake(h, {
    address: ADDRESS,
    ...(defaultKey !== undefined && { defaultKey }),
  });
  intakes.push(started);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: started.port, ignoreTLS: true });
  transports.push(transport);
  return transport;
}

beforeAll(async () => {
  bed = await startApiTestBed('mail-intake-addresses');
  h = bed.h;
  const manager = await addUser(h.pool, 'manager', 'maria');
  const assistant = await addUser(h.pool, 'assistant', 'anna');
  client = await addUser(h.pool, 'observer', 'karol');
  const marked = clientRequestFor(assistant.id);
  visaId = await publishTemplate(h, manager, 'Wiza na wyjazd służbowy', marked);
  invoiceId = await publishTemplate(h, manager, 'Invoice question', marked);
}, 240_000);

afterAll(async () => {
  for (const transport of transports) transport.close();
  for (const started of intakes) await started.close();
  await bed?.close();
});

const templateOf = async (messageId: string) => {
  const { rows } = await h.pool.query<{ template_id: string }>(
    `SELECT p.template_id::text FROM processes p JOIN mail_intake m ON m.workflow_id = p.workflow_id
      WHERE m.message_id = $1`,
    [messageId]
  );
  return rows[0]?.template_id;
};
const processCount = async () => (await h.pool.query('SELECT 1 FROM processes')).rowCount;

describe('intake addresses of several client templates', () => {
  it('derives each template’s address part from its name', () => {
    expect(addressKey('Wiza na wyjazd służbowy')).toBe('wiza-na-wyjazd-sluzbowy');
    expect(addressKey('Faktura: dotaz / Účet')).toBe('faktura-dotaz-ucet');
    expect(addressKey('Заявка')).toBe('');
  });

  it('starts the template whose address the mail is sent to', async () => {
    const transport = await intake();
    await transport.sendMail({ from: client.email, to: VISA, subject: 'Visa', text: 'Kyiv', messageId: '<v@c.test>' });
    await transport.sendMail({ from: client.email, to: INVOICE, subject: 'Tax', text: 'x', messageId: '<i@c.test>' });
    expect(await templateOf('v@c.test')).toBe(visaId);
    expect(await templateOf('i@c.test')).toBe(invoiceId);
  });

  it('refuses for good, naming the addresses, mail to the bare address with no default, or to an unknown one', async () => {
    const transport = await intake();
    const before = await processCount();
    const bare = transport.sendMail({ from: client.email, to: ADDRESS, subject: 'Hi', text: 'x', messageId: '<b@c>' });
    await expect(bare).rejects.toMatchObject({ responseCode: 550 });
    await expect(bare).rejects.toThrow(`${INVOICE} (Invoice question), ${VISA} (Wiza na wyjazd służbowy)`);
    const unknown = transport.sendMail({
      from: client.email,
      to: 'requests+tax@office.test',
      subject: 'Hi',
      text: 'x',
    });
    await expect(unknown).rejects.toMatchObject({ responseCode: 550 });
    await expect(unknown).rejects.toThrow(/No kind of request is called "tax" here; send requests to .*requests\+/);
    expect(await processCount()).toBe(before);
  });

  it('still takes a reply at the bare address', async () => {
    const transport = await intake();
    const { rows } = await h.pool.query<{ workflow_id: string }>(
      "SELECT workflow_id FROM mail_intake WHERE message_id = 'v@c.test'"
    );
    const processId = rows[0]!.workflow_id;
    await eventually(
      async () =>
        (await h.pool.query("SELECT 1 FROM process_tasks WHERE workflow_id = $1 AND status = 'open'", [processId]))
          .rows[0],
      'the answer step'
    );
    await transport.sendMail({
      from: client.email,
      to: ADDRESS,
      subject: 'Re: Visa',
      text: 'My passport expires in May.',
      inReplyTo: '<v@c.test>',
    });
    const comments = await eventually(async () => {
      const { rows: found } = await h.pool.query<{ detail: { text: string } }>(
        "SELECT detail FROM process_audit WHERE workflow_id = $1 AND action = 'commented'",
        [processId]
      );
      return found.length > 0 ? found : undefined;
    }, 'the comment');
    expect(comments.map((row) => row.detail.text)).toEqual(['My passport expires in May.']);
  });

  it('sends mail to the bare address to the default template when the admin names one', async () => {
    const transport = await intake('invoice-question');
    await transport.sendMail({ from: client.email, to: ADDRESS, subject: 'Q', text: 'x', messageId: '<d@c.test>' });
    expect(await templateOf('d@c.test')).toBe(invoiceId);
    const unknown = transport.sendMail({
      from: client.email,
      to: 'requests+tax@office.test',
      subject: 'Hi',
      text: 'x',
    });
    await expect(unknown).rejects.toThrow(`${ADDRESS} (Invoice question), ${INVOICE} (Invoice question), ${VISA}`);
  });
});
