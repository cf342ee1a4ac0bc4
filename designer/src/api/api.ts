import type { ClientResponse } from 'hono/client';
import type { TFunction } from 'i18next';
import { refusalText } from '../i18n/refusal-text';
import { createApiClient } from '../../../api/client';

/** The API's typed client (hono/client over the route contract); the app is served from the API's own origin. */
export const api = createApiClient(typeof window === 'undefined' ? 'http://127.0.0.1' : window.location.origin);

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  issues?: { path: string; message: string }[];
  /** Why an action was refused, as a key of the shared refusal catalog (`refusal.<code>`), with its values. */
  code?: string;
  params?: Record<string, string | number>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined
  ) {
    const issues = problem?.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    super([problem?.detail ?? problem?.title ?? `The API answered ${status}`, issues].filter(Boolean).join(' — '));
  }
}

// The success part of a typed response union: what `json()` returns for a 2xx status.
type Success<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'> ? (Status extends 200 | 201 | 202 ? Body : never) : never;

/** Awaits a typed call and returns its 2xx body; any other status throws an ApiError with the problem. */
export async function ok<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  const response = await call;
  if (response.status >= 200 && response.status < 300) {
    if (response.status === 204) return undefined as Success<R>;
    // The route contract types the 2xx body; the server validates what it sends.
    return (await response.json()) as Success<R>;
  }
  const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
  throw new ApiError(response.status, problem);
}

/** A fresh key per user action, so a retried POST (network hiccup) acts once. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * What a failed call says to a person, in the reader's language: the refusal the server sent as a key (`code`); for an
 * answer without a key this web app knows (an older server, a request the API's own validation refused), the
 * sentence for its status. The server's English `detail` is for API clients and logs; it is said only when nothing
 * else fits (no answer at all, e.g. the network is down).
 */
export function problemText(t: TFunction, error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError)) return said;
  const byStatus = t(`refusal.status${error.status}`, { defaultValue: '' }) || said;
  return refusalText(t, error.problem?.code, error.problem?.params, byStatus);
}
