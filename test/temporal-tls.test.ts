import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../devserver/dev-server';
import * as activities from '../devserver/test-support/conformance.activities';
import type * as workflows from '../devserver/test-support/conformance.workflows';
import { quietRuntime, testLogger, workflowBundle } from '../devserver/test-support/harness';
import { loadConfig } from '../server/env';
import { toConnectionOptions, workerConnectionOptions } from '../server/temporal/connection-options';

// Baton's settings for a Temporal cluster behind TLS, as Temporal Cloud or a self-hosted cluster with mutual TLS runs:
// a TLS-terminating endpoint in front of the devserver, with a CA, a server certificate and a client certificate made
// here with openssl. The settings must reach both the worker's and the client's connections.

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

async function makeCertificates(dir: string): Promise<void> {
  openssl(
    dir,
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Baton test CA'],
    ...['-keyout', 'ca.key', '-out', 'ca.pem']
  );
  const issue = async (name: string, subject: string, extensions: string) => {
    await writeFile(path.join(dir, `${name}.ext`), extensions);
    openssl(
      dir,
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`
    );
    openssl(
      dir,
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
      ...['-days', '1', '-out', `${name}.pem`, '-extfile', `${name}.ext`]
    );
  };
  await issue('server', '/CN=temporal.test', 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n');
  await issue('client', '/CN=baton-worker', 'extendedKeyUsage=clientAuth\n');
}

describe('Temporal over mutual TLS', () => {
  let dir: string;
  let devserver: DevServer;
  let endpoint: tls.Server;
  let endpointPort = 0;
  /** The client certificate's common name of every connection the endpoint accepted. */
  const clients: string[] = [];

  beforeAll(async () => {
    quietRuntime();
    dir = await mkdtemp(path.join(os.tmpdir(), 'baton-tls-'));
    await makeCertificates(dir);
    devserver = await startDevServer({ logger: testLogger });
    const read = (name: string) => readFile(path.join(dir, name));
    endpoint = tls.createServer(
      {
        key: await read('server.key'),
        cert: await read('server.pem'),
        ca: await read('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket) => {
        clients.push(String(socket.getPeerCertificate().subject?.CN ?? ''));
        const upstream = net.connect(devserver.port, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      }
    );
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointPort = (endpoint.address() as net.AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => endpoint?.close(resolve));
    await devserver?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const settings = (extra: Record<string, string> = {}) =>
    loadConfig(
      {
        TEMPORAL_ADDRESS: `127.0.0.1:${endpointPort}`,
        TEMPORAL_TLS_CA_PATH: path.join(dir, 'ca.pem'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
        ...extra,
      },
      { cwd: dir, isTTY: false, argv: [] }
    ).temporal!;

  it('runs a workflow through the TLS endpoint with the client certificate from the settings', async () => {
    const options = await toConnectionOptions(
      settings({
        TEMPORAL_TLS_CERT_PATH: path.join(dir, 'client.pem'),
        TEMPORAL_TLS_KEY_PATH: path.join(dir, 'client.key'),
      })
    );
    // The endpoint is on 127.0.0.1, so the worker turns gzip off; TLS stays on.
    const native = await NativeConnection.connect(workerConnectionOptions(options));
    const connection = await Connection.connect(options);
    try {
      const taskQueue = `tls-${randomUUID()}`;
      const worker = await Worker.create({
        connection: native,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities,
      });
      const client = new Client({ connection });
      const result = await worker.runUntil(
        client.workflow.execute<typeof workflows.activityAndTimer>('activityAndTimer', {
          taskQueue,
          workflowId: `tls-${randomUUID()}`,
          args: ['TLS'],
        })
      );
      expect(result).toContain('TLS');
      expect(clients.length).toBeGreaterThanOrEqual(2);
      expect(new Set(clients)).toEqual(new Set(['baton-worker']));
    } finally {
      await connection.close();
      await native.close();
    }
  }, 60_000);

  it('cannot connect without the client certificate the endpoint requires', async () => {
    const options = await toConnectionOptions(settings());
    await expect(
      Connection.connect({ ...options, connectTimeout: '3s' }).then(async (connection) => {
        try {
          await connection.workflowService.getSystemInfo({});
        } finally {
          await connection.close();
        }
      })
    ).rejects.toThrow();
  }, 30_000);
});
