import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem details: the one error body every Baton endpoint returns. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  extra: Omit<Partial<Problem>, 'status' | 'title'> = {}
) {
  const body: Problem = { type: 'about:blank', title, status, ...extra };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}
