/**
 * Well-known Temporal usage patterns, written for Baton's devserver tests: human-in-the-loop with an update and
 * a deadline, a saga with compensation, and an entity workflow that continues as new every N signals.
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type * as activities from './patterns.activities';

const { pay, notify, reserve, release } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 1 },
});

export type Decision = 'approve' | 'reject';
export const decide = defineUpdate<string, [Decision, string]>('decide');
export const approvalState = defineQuery<string>('approvalState');

/** Waits for a person's decision (an update with a validator) until a deadline; then pays, declines or expires. */
export async function expenseApproval(expenseId: string, deadlineMs: number): Promise<string> {
  let state = 'pending';
  let decidedBy = '';
  setHandler(approvalState, () => state);
  setHandler(
    decide,
    (decision, person) => {
      state = decision === 'approve' ? 'approved' : 'rejected';
      decidedBy = person;
      return `${state} by ${person}`;
    },
    {
      validator: (decision, person) => {
        if (state !== 'pending') throw new Error(`already ${state}`);
        if (decision !== 'approve' && decision !== 'reject') throw new Error(`unknown decision ${String(decision)}`);
        if (!person) throw new Error('a decision needs a person');
      },
    }
  );
  const decided = await condition(() => state !== 'pending', deadlineMs);
  if (!decided) {
    state = 'expired';
    await notify(`expense ${expenseId} expired without a decision`);
    return 'expired';
  }
  if (state === 'approved') return await pay(expenseId, decidedBy);
  return `declined by ${decidedBy}`;
}

/** Books a trip in steps; when one fails, undoes the booked ones in reverse order and fails the trip. */
export async function bookTrip(tripId: string, failingStep: string): Promise<string[]> {
  const compensations: (() => Promise<void>)[] = [];
  const booked: string[] = [];
  try {
    for (const step of ['car', 'hotel', 'flight']) {
      booked.push(await reserve(tripId, step, step === failingStep));
      compensations.unshift(() => release(tripId, step));
    }
    return booked;
  } catch (error) {
    for (const compensate of compensations) await compensate();
    throw ApplicationFailure.nonRetryable(
      `trip ${tripId} rolled back`,
      'TripFailed',
      error instanceof Error ? error.message : ''
    );
  }
}

export const add = defineSignal<[number]>('add');
export const stop = defineSignal('stop');
export const total = defineQuery<number>('total');

export interface CounterState {
  total: number;
  signals: number;
}

/** A long-lived entity: handles `add` signals and continues as new after every `perRun` of them. */
export async function counterEntity(state: CounterState, perRun: number): Promise<CounterState> {
  let handledHere = 0;
  let stopped = false;
  const current = { ...state };
  setHandler(add, (amount) => {
    current.total += amount;
    current.signals += 1;
    handledHere += 1;
  });
  setHandler(stop, () => {
    stopped = true;
  });
  setHandler(total, () => current.total);
  await condition(() => stopped || handledHere >= perRun);
  if (stopped) return current;
  // Signals that arrive while this run closes make the server refuse the close; the SDK retries with them.
  return await continueAsNew<typeof counterEntity>(current, perRun);
}
