/** A wall-clock time of day, `HH:mm` from 00:00 to 23:59. Zod-free, so workflow code can check one too. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_OF_DAY.test(value);
}
