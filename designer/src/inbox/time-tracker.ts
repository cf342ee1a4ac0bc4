/** A start/stop timer per step that survives a reload (kept in localStorage until logged). */
const KEY = (stepId: string) => `baton.timer.${stepId}`;

export function runningSince(stepId: string): number | undefined {
  const stored = localStorage.getItem(KEY(stepId));
  const value = stored === null ? NaN : Number(stored);
  return Number.isFinite(value) ? value : undefined;
}

export function startTimer(stepId: string, now = Date.now()): void {
  localStorage.setItem(KEY(stepId), String(now));
}

/** Stops the timer and returns whole minutes to log (at least one: a started timer always counts). */
export function stopTimer(stepId: string, now = Date.now()): number {
  const since = runningSince(stepId);
  localStorage.removeItem(KEY(stepId));
  if (since === undefined) return 0;
  return Math.min(24 * 60, Math.max(1, Math.round((now - since) / 60_000)));
}
