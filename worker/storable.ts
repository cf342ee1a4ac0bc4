import { ApplicationFailure } from '@temporalio/activity';
import { DATA_ERROR } from '../workflows/data-error';

/**
 * Defence in depth for the rows activities write. The API refuses text PostgreSQL cannot store, but a workflow can
 * carry data from elsewhere (a process started before that check, a client of Temporal): one NUL in a comment would
 * fail its audit write on every retry and wedge the process. So strings are made storable before writing, and a
 * data error that still happens is not retried for ever.
 */

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string without NUL and with each lone surrogate replaced by U+FFFD, the Unicode replacement character. */
export function storableString(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A copy of a JSON-like value with every string (keys included) made storable; other values are kept. */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableString(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => storable(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storableString(key), storable(item as unknown)])
    ) as T;
  }
  return value;
}

/**
 * Runs a write; a PostgreSQL data error (SQLSTATE class 22: invalid text, out-of-range number or date, …) becomes a
 * non-retryable failure of type {@link DATA_ERROR} saying what could not be stored, since retrying the same data
 * fails the same way. Other errors (the database is down) stay retryable.
 */
export async function storing<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('22')) throw error;
    throw ApplicationFailure.create({
      type: DATA_ERROR,
      nonRetryable: true,
      message: `The ${what} could not be stored: ${(error as Error).message} (SQLSTATE ${code}).`,
      cause: error as Error,
    });
  }
}
