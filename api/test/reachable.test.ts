import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '@temporalio/client';
import { assertReachable, markReachable, REACHABLE_FRESH_MS } from '../lib/step-action-outcome';
import type { TemporalDeps } from '../lib/temporal';

/** A Temporal client whose system-info call is counted and answers or fails as told. */
function countingTemporal(answers: boolean[]): { temporal: TemporalDeps; calls: () => number } {
  let calls = 0;
  const client = {
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflowService: {
      getSystemInfo: () => {
        const answer = answers[calls++] ?? true;
        return answer ? Promise.resolve({}) : Promise.reject(new Error('14 UNAVAILABLE: No connection established'));
      },
    },
  } as unknown as Client;
  return { temporal: { client, taskQueue: 'test' }, calls: () => calls };
}

describe('assertReachable before a step action is sent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks Temporal once, then trusts its answer for a moment, then asks again', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { temporal, calls } = countingTemporal([true, true]);
    await assertReachable(temporal);
    await assertReachable(temporal);
    expect(calls()).toBe(1);
    vi.advanceTimersByTime(REACHABLE_FRESH_MS + 1);
    await assertReachable(temporal);
    expect(calls()).toBe(2);
  });

  it('keeps asking while Temporal does not answer, and a failure is thrown every time', async () => {
    const { temporal, calls } = countingTemporal([false, false, true]);
    await expect(assertReachable(temporal)).rejects.toThrow(/UNAVAILABLE/);
    await expect(assertReachable(temporal)).rejects.toThrow(/UNAVAILABLE/);
    await assertReachable(temporal);
    expect(calls()).toBe(3);
  });

  it('counts an answered step action as Temporal answering', async () => {
    const { temporal, calls } = countingTemporal([]);
    markReachable(temporal);
    await assertReachable(temporal);
    expect(calls()).toBe(0);
  });

  it('keeps what it learnt per client: another client is asked itself', async () => {
    const first = countingTemporal([]);
    const second = countingTemporal([]);
    await assertReachable(first.temporal);
    await assertReachable(second.temporal);
    expect([first.calls(), second.calls()]).toEqual([1, 1]);
  });
});
