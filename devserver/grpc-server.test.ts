import { Connection } from '@temporalio/client';
import type * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from './grpc-server';
import { testLogger } from './test-support/harness';

// grpc-js reports the close of every call's stream as 'cancelled', also after the answer was sent. A handler's signal
// fires only for a call its client gave up on while it was still being worked on (a long poll's client went away).

let server: grpc.Server | undefined;
let connection: Connection | undefined;
afterEach(async () => {
  await connection?.close();
  server?.forceShutdown();
});

describe('devserver gRPC service: a handler’s cancellation signal', () => {
  it('stays quiet after the answer and fires when the client gives up first', async () => {
    const signals: AbortSignal[] = [];
    const started = await listen(
      {
        'temporal.api.workflowservice.v1.WorkflowService': {
          GetSystemInfo: async (_request, cancelled) => {
            signals.push(cancelled);
            return { serverVersion: 'test', capabilities: {} };
          },
          // Never answers: a long poll whose client goes away.
          PollWorkflowTaskQueue: (_request, cancelled) => {
            signals.push(cancelled);
            return new Promise(() => undefined);
          },
        },
      },
      { ip: '127.0.0.1', port: 0, logger: testLogger }
    );
    server = started.server;
    connection = await Connection.connect({ address: `127.0.0.1:${started.port}` });
    await connection.workflowService.getSystemInfo({});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.map((signal) => signal.aborted)).not.toContain(true);

    const answered = signals.length;
    await expect(
      connection.withDeadline(Date.now() + 200, () =>
        connection!.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'q' } })
      )
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(signals.slice(answered).map((signal) => signal.aborted)).toEqual([true]);
  });
});
