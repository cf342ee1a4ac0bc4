import { readFile } from 'node:fs/promises';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { NativeConnectionPlugin } from '@temporalio/worker';
import type { TemporalClusterConfig } from '../env';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | false;
  apiKey?: string;
}

/** Turns the validated cluster settings into SDK connection options, reading certificate files once. */
export async function toConnectionOptions(cluster: TemporalClusterConfig): Promise<TemporalConnectionOptions> {
  const read = async (file: string, variable: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`${variable}: cannot read ${file} (${(error as Error).message})`, { cause: error });
    }
  };
  let tls: TLSConfig | false = false;
  if (cluster.tls) {
    tls = {
      ...(cluster.tls.serverName && { serverNameOverride: cluster.tls.serverName }),
      ...(cluster.tls.caPath && { serverRootCACertificate: await read(cluster.tls.caPath, 'TEMPORAL_TLS_CA_PATH') }),
      ...(cluster.tls.clientCertPath &&
        cluster.tls.clientKeyPath && {
          clientCertPair: {
            crt: await read(cluster.tls.clientCertPath, 'TEMPORAL_TLS_CERT_PATH'),
            key: await read(cluster.tls.clientKeyPath, 'TEMPORAL_TLS_KEY_PATH'),
          },
        }),
    };
  }
  return { address: cluster.address, tls, ...(cluster.apiKey && { apiKey: cluster.apiKey }) };
}

const LOOPBACK_HOSTS = /^(127(\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

/** Whether a `host:port` address names this machine (IPv4 127/8, localhost or ::1). */
export function isLoopbackAddress(address: string): boolean {
  const host = address.startsWith('[') ? address.slice(0, address.indexOf(']') + 1) : address.replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.test(host);
}

/**
 * The worker's connection options: the SDK gzips every gRPC message by default, which on a loopback connection (the
 * embedded devserver, or a server on the same machine) only costs CPU on both ends, so it is off there.
 */
export function workerConnectionOptions(
  options: TemporalConnectionOptions
): TemporalConnectionOptions & { grpcCompression?: { codec: 'none' } } {
  return isLoopbackAddress(options.address) ? { ...options, grpcCompression: { codec: 'none' } } : options;
}

/**
 * The same for connections Baton does not open itself (the test environments of `@temporalio/testing`, whose worker
 * connection takes no options but plugins): on the time-skipping test server every timer is one gzipped request.
 */
export const loopbackWithoutCompression: NativeConnectionPlugin = {
  name: 'baton-loopback-without-compression',
  configureNativeConnection: (options) =>
    options.address && isLoopbackAddress(options.address)
      ? { ...options, grpcCompression: { codec: 'none' } }
      : options,
};
