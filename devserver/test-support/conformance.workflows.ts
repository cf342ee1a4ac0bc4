import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  executeChild,
  getExternalWorkflowHandle,
  startChild,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from './conformance.activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

export async function activityAndTimer(name: string): Promise<string> {
  const greeting = await greet(name);
  await sleep(50);
  return greeting;
}

export const addItem = defineSignal<[string]>('addItem');
export const finish = defineSignal('finish');
export const items = defineQuery<string[]>('items');

export async function collector(): Promise<string[]> {
  const received: string[] = [];
  let done = false;
  setHandler(addItem, (item) => {
    received.push(item);
  });
  setHandler(finish, () => {
    done = true;
  });
  setHandler(items, () => received);
  await condition(() => done);
  return received;
}

/** Completes on the first signal: more signals may race with the completion. */
export async function firstSignalWins(): Promise<string> {
  let first: string | undefined;
  setHandler(addItem, (item) => {
    first ??= item;
  });
  await condition(() => first !== undefined);
  return first ?? '';
}

export async function failing(message: string): Promise<void> {
  throw ApplicationFailure.nonRetryable(message, 'Boom');
}

export const customerKey = defineSearchAttributeKey('Customer', SearchAttributeType.KEYWORD);

export async function markers(): Promise<string> {
  upsertMemo({ note: 'memo' });
  upsertSearchAttributes([{ key: customerKey, value: 'ACME' }]);
  return patched('v2') ? 'patched' : 'old';
}

export async function sleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'woke';
}

export async function retried(succeedOnAttempt: number): Promise<number> {
  const { flaky } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '20ms', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  return await flaky(succeedOnAttempt);
}

export async function exhausted(nonRetryable: boolean): Promise<string> {
  const { alwaysFails } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '20ms', backoffCoefficient: 1, maximumAttempts: 3 },
  });
  try {
    await alwaysFails(nonRetryable);
    return 'unexpected';
  } catch (error) {
    const cause = (error as { cause?: { type?: string; message?: string } }).cause;
    return `${cause?.type}: ${cause?.message}`;
  }
}

export async function heartbeatTimeout(): Promise<string> {
  const { silent } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    heartbeatTimeout: '200ms',
    retry: { maximumAttempts: 1 },
  });
  try {
    await silent(1500);
    return 'unexpected';
  } catch (error) {
    const cause = (error as { cause?: { timeoutType?: number } }).cause;
    return `timeout ${cause?.timeoutType}`;
  }
}

export async function cancelActivity(): Promise<string> {
  const { heartbeatUntilCancelled } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    heartbeatTimeout: '2s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const scope = new CancellationScope();
  const running = scope.run(() => heartbeatUntilCancelled());
  await sleep(300);
  scope.cancel();
  try {
    return await running;
  } catch (error) {
    return isCancellation(error) ? 'activity cancelled' : `unexpected ${String(error)}`;
  }
}

export async function manyActivities(count: number): Promise<number> {
  let total = 0;
  for (let index = 0; index < count; index++) {
    const greeting = await greet(String(index));
    total += greeting.length;
  }
  return total;
}

export async function stuckRetrying(): Promise<void> {
  const { alwaysFails } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '1h' },
  });
  await alwaysFails(false);
}

export async function unpolledActivity(): Promise<string> {
  const { greet: greetNowhere } = proxyActivities<typeof activities>({
    taskQueue: 'nobody-polls-this-queue',
    scheduleToStartTimeout: '300ms',
    startToCloseTimeout: '10s',
  });
  try {
    return await greetNowhere('nobody');
  } catch (error) {
    const { cause, retryState } = error as { cause?: { timeoutType?: string }; retryState?: string };
    return cause?.timeoutType ? `timeout ${cause.timeoutType}` : String(retryState);
  }
}

/** Only a schedule-to-close timeout and nobody polling: the server reports it as a schedule-to-start timeout. */
export async function unpolledScheduleToClose(): Promise<string> {
  const { greet: greetNowhere } = proxyActivities<typeof activities>({
    taskQueue: 'nobody-polls-this-queue',
    scheduleToCloseTimeout: '300ms',
  });
  try {
    return await greetNowhere('nobody');
  } catch (error) {
    const { cause } = error as { cause?: { timeoutType?: string } };
    return `timeout ${cause?.timeoutType ?? 'none'}`;
  }
}

export async function asyncCompleted(): Promise<string> {
  const { completeLater } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s', activityId: 'later' });
  return await completeLater();
}

export async function continuing(remaining: number): Promise<string> {
  if (remaining > 0) return await continueAsNew<typeof continuing>(remaining - 1);
  return `done in ${workflowInfo().continuedFromExecutionRunId ? 'a continued run' : 'the first run'}`;
}

export const setLabel = defineUpdate<string, [string]>('setLabel');

export async function updatable(): Promise<string> {
  let label = 'none';
  let done = false;
  setHandler(
    setLabel,
    async (value) => {
      await sleep(10);
      label = value;
      return `label=${value}`;
    },
    {
      validator: (value) => {
        if (!value) throw new Error('empty label');
      },
    }
  );
  setHandler(finish, () => {
    done = true;
  });
  await condition(() => done);
  return label;
}

export async function scheduleToClose(): Promise<string> {
  const { alwaysFails } = proxyActivities<typeof activities>({
    scheduleToCloseTimeout: '800ms',
    retry: { initialInterval: '100ms', backoffCoefficient: 1 },
  });
  try {
    await alwaysFails(false);
    return 'unexpected';
  } catch (error) {
    const { cause, retryState } = error as { cause?: { timeoutType?: string }; retryState?: string };
    return cause?.timeoutType ? `timeout ${cause.timeoutType}` : String(retryState);
  }
}

/** Runs children: one to completion, one signalled from outside and as a child, one cancelled, one left running. */
export async function parent(): Promise<string> {
  const { workflowId } = workflowInfo();
  const greeting = await executeChild(activityAndTimer, { args: ['child'], workflowId: `${workflowId}-greeter` });
  const collecting = await startChild(collector, { workflowId: `${workflowId}-collector` });
  await getExternalWorkflowHandle(collecting.workflowId).signal(addItem, 'external');
  await collecting.signal(addItem, 'child');
  await collecting.signal(finish);
  const items = await collecting.result();
  let cancelled = 'not cancelled';
  try {
    await CancellationScope.cancellable(async () => {
      const sleeping = await startChild(sleeper, { args: [60_000], workflowId: `${workflowId}-cancelled` });
      CancellationScope.current().cancel();
      await sleeping.result();
    });
  } catch (error) {
    if (isCancellation(error)) cancelled = 'cancelled';
  }
  await startChild(sleeper, { args: [60_000], workflowId: `${workflowId}-orphan` });
  return `${greeting}|${items.join(',')}|${cancelled}`;
}

/** Retries with a one-second backoff, so a restart can fall between attempts. */
export async function retriedSlowly(succeedOnAttempt: number): Promise<number> {
  const { flaky } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '1s', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  return await flaky(succeedOnAttempt);
}

/** Fails its runs until the given workflow attempt, to exercise the workflow's own retry policy. */
export async function failsUntilAttempt(succeedOnAttempt: number): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt < succeedOnAttempt) throw ApplicationFailure.retryable(`run attempt ${attempt} failed`, 'NotYet');
  return attempt;
}

const { holdsFirstAttempt } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1500ms',
  retry: { initialInterval: '100ms' },
});

/**
 * Hangs in its very first workflow task, so the worker holding it can be killed mid-task. Only that task sees a
 * history of 3 events: a retry (or a replay of the finished history) sees a longer one and goes on normally.
 */
export async function hangsInFirstTask(name: string): Promise<string> {
  const hang = workflowInfo().historyLength <= 3;
  while (hang) {
    // Busy on purpose: the worker runs in debug mode (no deadlock detector) and is killed here.
  }
  return await holdsFirstAttempt(name);
}

/** One run of a cron chain: counts runs through the last completion result; fails on the run after `failOn`. */
export async function cronTick(failOn: number): Promise<number> {
  const previous = typeof workflowInfo().lastResult === 'number' ? (workflowInfo().lastResult as number) : 0;
  if (previous === failOn && !workflowInfo().lastFailure) throw ApplicationFailure.nonRetryable('cron run failed');
  return previous + 1;
}

/** Waits on a child that sleeps: a restart can fall while the child is in flight. */
export async function parentOfSleeper(ms: number): Promise<string> {
  const slept = await executeChild(sleeper, { args: [ms], workflowId: `${workflowInfo().workflowId}-child` });
  return `child ${slept}`;
}

/** Continues as new every `ms` until `remaining` runs are done, counting the runs in its argument. */
export async function continuingSlowly(remaining: number, ms: number, runs = 1): Promise<number> {
  await sleep(ms);
  if (remaining > 1) return await continueAsNew<typeof continuingSlowly>(remaining - 1, ms, runs + 1);
  return runs;
}

export const approve = defineUpdate<string, [string]>('approve');
export const release = defineSignal('release');

/** Accepts an `approve` update at once but completes it only after a `release` signal. */
export async function heldApproval(): Promise<string> {
  let released = false;
  let approvedBy = '';
  setHandler(release, () => {
    released = true;
  });
  setHandler(approve, async (who) => {
    await condition(() => released);
    approvedBy = who;
    return `approved by ${who}`;
  });
  await condition(() => approvedBy !== '');
  return approvedBy;
}
export * from './patterns.workflows';
