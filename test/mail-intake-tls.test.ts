import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { startMailIntake } from '../api/intake/mail-intake';
import { addUser, type Harness, type TestUser } from '../api/test/harness';
import { loadConfig } from '../server/env';
import { publishTemplate, startApiTestBed, type ApiTestBed } from './support/api-test-bed';
import { clientRequestFor, startTestMailIntake } from './support/mail';

// STARTTLS on the mail intake with a certificate made here by openssl: nodemailer delivers a request only over TLS,
// and AUTH (the relay's password) is offered only once the connection is encrypted.
const ADDRESS = 'requests@office.test';
const AUTH = { user: 'relay', password: 'relay-password-1' };
let dir: string;
let keyPath: string;
let certPath: string;
let cert: Buffer;
let bed: ApiTestBed;
let h: Harness;
let client: TestUser;
let intake: Awaited<ReturnType<typeof startMailIntake>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'baton-intake-tls-'));
  keyPath = path.join(dir, 'key.pem');
  certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' }
  );
  cert = readFileSync(certPath);
  bed = await startApiTestBed('mail-intake-tls');
  h = bed.h;
  const manager = await addUser(h.pool, 'manager', 'maria');
  const assistant = await addUser(h.pool, 'assistant', 'anna');
  client = await addUser(h.pool, 'observer', 'karol');
  const marked = clientRequestFor(assistant.id);
  await publishTemplate(h, manager, 'Client request', marked);
  intake = await startTestMailIntake(h, {
    address: ADDRESS,
    auth: AUTH,
    tls: { keyPath, certPath },
  });
}, 240_000);

afterAll(async () => {
  await intake?.close();
  await bed?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A plain SMTP conversation: each command's whole reply (all its lines). */
function conversation(socket: net.Socket | tls.TLSSocket) {
  let buffer = '';
  let waiting: ((reply: string) => void) | undefined;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    // A reply ends with a line whose code is followed by a space.
    const end = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(buffer);
    if (end && waiting) {
      const reply = buffer;
      buffer = '';
      const resolve = waiting;
      waiting = undefined;
      resolve(reply);
    }
  };
  socket.on('data', onData);
  const next = () => new Promise<string>((resolve) => (waiting = resolve));
  return {
    next,
    send(line: string) {
      const reply = next();
      socket.write(`${line}\r\n`);
      return reply;
    },
    detach: () => socket.off('data', onData),
  };
}

describe('STARTTLS on the mail intake', () => {
  it('takes a request from nodemailer that requires TLS and authenticates over it', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: intake.port,
      secure: false,
      requireTLS: true,
      tls: { ca: [cert], servername: 'localhost' },
      auth: { user: AUTH.user, pass: AUTH.password },
    });
    try {
      const info = await transport.sendMail({
        from: client.email,
        to: ADDRESS,
        subject: 'Passport photos',
        text: 'Sent over TLS.',
        messageId: '<tls-1@client.test>',
      });
      expect(info.accepted).toEqual([ADDRESS]);
    } finally {
      transport.close();
    }
    const { rows } = await h.pool.query<{ params: { request: string } }>(
      'SELECT params FROM processes WHERE owner = $1',
      [client.id]
    );
    expect(rows.map((row) => row.params.request)).toEqual(['Passport photos\n\nSent over TLS.']);
  });

  it('offers AUTH only after STARTTLS, and takes no mail before it', async () => {
    const socket = net.connect(intake.port, '127.0.0.1');
    const plain = conversation(socket);
    expect(await plain.next()).toMatch(/^220 /);
    const before = await plain.send('EHLO relay.test');
    expect(before).toMatch(/STARTTLS/);
    expect(before).not.toMatch(/AUTH/);
    expect(await plain.send(`MAIL FROM:<${client.email}>`)).toMatch(/^530 .*STARTTLS, then AUTH/);
    expect(await plain.send('AUTH PLAIN')).toMatch(/^5\d\d /);
    expect(await plain.send('STARTTLS')).toMatch(/^220 /);
    plain.detach();
    const secure = tls.connect({ socket, ca: [cert], servername: 'localhost' });
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    const encrypted = conversation(secure);
    const after = await encrypted.send('EHLO relay.test');
    expect(after).toMatch(/^250-AUTH LOGIN PLAIN\r$/m);
    expect(after).not.toMatch(/STARTTLS/);
    const credentials = Buffer.from(`\0${AUTH.user}\0${AUTH.password}`).toString('base64');
    expect(await encrypted.send(`AUTH PLAIN ${credentials}`)).toMatch(/^235 /);
    expect(await encrypted.send(`MAIL FROM:<${client.email}>`)).toMatch(/^250 /);
    await encrypted.send('QUIT');
    secure.destroy();
  });

  it('says which setting is wrong when the key or certificate is missing or not PEM', () => {
    const env = { BATON_MAIL_INTAKE: ADDRESS, BATON_MAIL_INTAKE_PORT: '2525' };
    expect(() => loadConfig({ ...env, BATON_MAIL_INTAKE_KEY: keyPath }, { argv: [] })).toThrow(
      /BATON_MAIL_INTAKE_CERT: STARTTLS of the mail intake needs both/
    );
    expect(() =>
      loadConfig(
        { ...env, BATON_MAIL_INTAKE_KEY: path.join(dir, 'missing.pem'), BATON_MAIL_INTAKE_CERT: certPath },
        { argv: [] }
      )
    ).toThrow(/BATON_MAIL_INTAKE_KEY: cannot read the file \(it does not exist\)/);
    writeFileSync(path.join(dir, 'not-pem.txt'), 'hello');
    expect(() =>
      loadConfig(
        { ...env, BATON_MAIL_INTAKE_KEY: keyPath, BATON_MAIL_INTAKE_CERT: path.join(dir, 'not-pem.txt') },
        { argv: [] }
      )
    ).toThrow(/BATON_MAIL_INTAKE_CERT: expected a PEM file with a "-----BEGIN CERTIFICATE-----" block/);
    // The key where the certificate belongs is not taken for one either.
    expect(() =>
      loadConfig({ ...env, BATON_MAIL_INTAKE_KEY: keyPath, BATON_MAIL_INTAKE_CERT: keyPath }, { argv: [] })
    ).toThrow(/BATON_MAIL_INTAKE_CERT: expected a PEM file/);
    const config = loadConfig(
      { ...env, BATON_MAIL_INTAKE_KEY: keyPath, BATON_MAIL_INTAKE_CERT: certPath, BATON_INTAKE_DEFAULT: 'General' },
      { argv: [] }
    );
    expect(config.mailIntake).toMatchObject({ tls: { keyPath, certPath }, defaultKey: 'general' });
    expect(config.mail.replyTo).toBe(ADDRESS);
  });
});
