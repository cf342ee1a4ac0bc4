import type { TFunction } from 'i18next';

/**
 * A refusal key of the shared catalog (`refusal.<key>`) said in the reader's language with its values, or the
 * server's own sentence when there is no key or this web app does not know it yet (a newer server).
 */
export function refusalText(t: TFunction, key: unknown, params: unknown, fallback: string): string {
  if (typeof key !== 'string') return fallback;
  const values = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  return t(`refusal.${key}`, { ...values, defaultValue: '' }) || fallback;
}
