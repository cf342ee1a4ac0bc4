import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CompleteAsyncError } from '@temporalio/activity';

export async function greet(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

/** Fails until the given attempt, to exercise server-side retries. */
export async function flaky(succeedOnAttempt: number): Promise<number> {
  const { attempt } = Context.current().info;
  if (attempt < succeedOnAttempt) throw ApplicationFailure.retryable(`attempt ${attempt} failed`, 'Flaky');
  return attempt;
}

export async function alwaysFails(nonRetryable: boolean): Promise<void> {
  if (nonRetryable) throw ApplicationFailure.nonRetryable('permanent', 'Permanent');
  throw ApplicationFailure.retryable('transient', 'Transient');
}

/** Heartbeats until the server reports a cancel request; the SDK then reports the activity cancelled. */
export async function heartbeatUntilCancelled(): Promise<string> {
  const context = Context.current();
  for (let beat = 0; ; beat++) {
    context.heartbeat(beat);
    await context.sleep(50);
  }
}

/** Never heartbeats while outliving its heartbeat timeout. */
export async function silent(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Leaves completion to someone else, who completes it by workflow id and activity id. */
export async function completeLater(): Promise<string> {
  throw new CompleteAsyncError();
}

/** Hangs on its first attempt (the worker holding it is killed); later attempts answer. */
export async function holdsFirstAttempt(name: string): Promise<string> {
  const { attempt } = Context.current().info;
  if (attempt === 1) await new Promise<never>(() => undefined);
  return `${name} on attempt ${attempt}`;
}
export * from './patterns.activities';
