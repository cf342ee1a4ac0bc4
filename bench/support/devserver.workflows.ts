// Workflows for bench/devserver.ts (bundled on their own; only @temporalio/workflow is imported here).
import { condition, defineSignal, defineUpdate, executeChild, setHandler, sleep } from '@temporalio/workflow';

/** A child that does nothing but complete: the fan-out measures the server's child bookkeeping. */
export async function fanOutChild(index: number): Promise<number> {
  return index;
}

/** Starts `children` children at once and waits for all of them. */
export async function fanOutParent(children: number): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: children }, (_, index) => executeChild(fanOutChild, { args: [index] }))
  );
  return results.reduce((sum, value) => sum + value, 0);
}

/** One timer per simulated hour, for `hours` hours. */
export async function hourlyTimers(hours: number): Promise<number> {
  for (let hour = 0; hour < hours; hour++) await sleep('1 hour');
  return hours;
}

export const bump = defineUpdate<number, [number]>('bump');
export const stop = defineSignal('stop');

/** Answers `bump` updates synchronously with the running total, until signalled to stop. */
export async function counter(): Promise<number> {
  let total = 0;
  let stopped = false;
  setHandler(bump, (by) => (total += by));
  setHandler(stop, () => {
    stopped = true;
  });
  await condition(() => stopped);
  return total;
}
