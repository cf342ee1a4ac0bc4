import type { temporal } from '@temporalio/proto';
import type { VirtualClock } from './engine/time-skipping';
import type { RpcHandler } from './grpc-server';
import { durationMs, timestamp, timestampMs } from './proto';

/** temporal.api.testservice.v1.TestService: what TestWorkflowEnvironment.createTimeSkipping calls. */
export function testServiceHandlers(
  clock: VirtualClock,
  onUnlock: () => void = () => undefined
): Record<string, RpcHandler> {
  const handlers: Record<string, (request: never) => Promise<object>> = {
    LockTimeSkipping: async () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: async () => {
      clock.unlock();
      onUnlock();
      return {};
    },
    Sleep: async (request: temporal.api.testservice.v1.ISleepRequest) => {
      await clock.sleepUntil(clock.now() + durationMs(request.duration));
      return {};
    },
    SleepUntil: async (request: temporal.api.testservice.v1.ISleepUntilRequest) => {
      await clock.sleepUntil(timestampMs(request.timestamp) ?? clock.now());
      return {};
    },
    UnlockTimeSkippingWithSleep: async (request: temporal.api.testservice.v1.ISleepRequest) => {
      const until = clock.now() + durationMs(request.duration);
      clock.unlockForSleep();
      onUnlock();
      try {
        await clock.sleepUntil(until);
      } finally {
        clock.lock();
      }
      return {};
    },
    GetCurrentTime: async () => ({ time: timestamp(clock.now()) }),
  };
  return handlers as Record<string, RpcHandler>;
}
