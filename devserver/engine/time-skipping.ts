/**
 * The test server's virtual clock: real time plus an offset that jumps forward when time skipping
 * is unlocked and every workflow is blocked on a timer (no workflow or activity task outstanding).
 * Locked by default, as in the official test server; the SDK unlocks it while awaiting results.
 *
 * As in the official (Java) test server, the lock is one count: the client's locks plus one per outstanding
 * workflow or activity task (the engine counts those). `UnlockTimeSkippingWithSleep` (env.sleep) takes one off
 * even below zero, so a test sleeping inside a running activity lets time move past that activity's own lock.
 */
export class VirtualClock {
  private offsetMs = 0;
  private lockCount = 1;
  private readonly sleepers = new Set<{ until: number; wake(): void }>();

  readonly now = (): number => Date.now() + this.offsetMs;

  lock(): void {
    this.lockCount++;
  }

  unlock(): void {
    if (this.lockCount > 0) this.lockCount--;
  }

  /** env.sleep's unlock: counts below zero, offsetting one outstanding task until the sleep ends with `lock()`. */
  unlockForSleep(): void {
    this.lockCount--;
  }

  get unlocked(): boolean {
    return this.lockCount <= 0;
  }

  /** How many outstanding workflow or activity tasks time may skip past: one per env.sleep below the client's locks. */
  get tasksAllowed(): number {
    return Math.max(0, -this.lockCount);
  }

  advanceTo(time: number): void {
    if (time > this.now()) this.offsetMs += time - this.now();
    for (const sleeper of this.sleepers) if (sleeper.until <= this.now()) sleeper.wake();
  }

  /** The earliest time a sleeping test is waiting for, or Infinity. */
  nextSleeperTime(): number {
    let next = Infinity;
    for (const sleeper of this.sleepers) next = Math.min(next, sleeper.until);
    return next;
  }

  /** Resolves once virtual time reaches `until`, whether by skipping or by real time passing. */
  sleepUntil(until: number): Promise<void> {
    if (until <= this.now()) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        until,
        wake: () => {
          clearInterval(poll);
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      const poll = setInterval(() => {
        if (this.now() >= until) sleeper.wake();
      }, 20);
      this.sleepers.add(sleeper);
    });
  }
}
