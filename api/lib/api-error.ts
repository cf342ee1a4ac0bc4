import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A user or operational error with the problem+json fields to answer with; `onError` turns it into the response. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly extra: { detail?: string; headers?: Record<string, string>; [extension: string]: unknown } = {}
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError(404, 'Not found', { detail: `${what} does not exist.` });
export const forbidden = (detail: string) => new ApiError(403, 'Forbidden', { detail });
