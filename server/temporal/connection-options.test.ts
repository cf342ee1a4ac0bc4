import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, loopbackWithoutCompression, workerConnectionOptions } from './connection-options';

describe('worker connection options', () => {
  it('tells loopback addresses from the rest', () => {
    for (const address of ['127.0.0.1:7233', '127.3.2.1:1', 'localhost:7233', 'LOCALHOST:1', '[::1]:7233'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      '10.0.0.5:7233',
      'temporal.example.com:7233',
      'my-ns.tmprl.cloud:7233',
      '[2001:db8::1]:7233',
    ])
      expect(isLoopbackAddress(address), address).toBe(false);
  });

  it('turns gzip off only on loopback connections, keeping TLS and the API key', () => {
    expect(workerConnectionOptions({ address: '127.0.0.1:4000' })).toEqual({
      address: '127.0.0.1:4000',
      grpcCompression: { codec: 'none' },
    });
    const cloud = { address: 'ns.tmprl.cloud:7233', tls: {}, apiKey: 'key' };
    expect(workerConnectionOptions(cloud)).toEqual(cloud);
  });

  it('turns gzip off through a plugin for connections opened by the SDK (test environments), only on loopback', () => {
    const configure = loopbackWithoutCompression.configureNativeConnection;
    expect(configure?.({ address: '127.0.0.1:4000' })).toEqual({
      address: '127.0.0.1:4000',
      grpcCompression: { codec: 'none' },
    });
    const remote = { address: 'ns.tmprl.cloud:7233', apiKey: 'key' };
    expect(configure?.(remote)).toEqual(remote);
  });
});
