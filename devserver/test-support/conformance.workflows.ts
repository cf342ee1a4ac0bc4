import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
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

export async function failing(message: string): Promise<void> {
  throw ApplicationFailure.nonRetryable(message, 'Boom');
}

export async function markers(): Promise<string> {
  upsertSearchAttributes({ CustomKeywordField: ['baton'] });
  upsertMemo({ note: 'memo' });
  return patched('v2') ? 'patched' : 'old';
}

export async function sleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'woke';
}
