import type { ClientResponse } from 'hono/client';
import { createApiClient } from '../../../api/client';

/** The API's typed client (hono/client over the route contract); the app is served from the API's own origin. */
export const api = createApiClient(typeof window === 'undefined' ? 'http://127.0.0.1' : window.location.origin);

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  issues?: { path: string; message: string }[];
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
