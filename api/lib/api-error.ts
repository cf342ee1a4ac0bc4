import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiRefusalKey } from '../../workflows/i18n/api-refusals';
import type { RefusalKey } from '../../workflows/i18n/refusals';

/** Why a request was refused, as a key of the shared catalogs: the web app says it in the reader's language. */
export type ProblemCode = RefusalKey | ApiRefusalKey;

export interface ProblemExtra {
  /** English for API clients and logs; a person reads `code` in their language. */
  detail?: string;
  code?: ProblemCode;
  params?: Record<string, string | number>;
  headers?: Record<string, string>;
  [extension: string]: unknown;
}

/** A user or operational error with the problem+json fields to answer with; `onError` turns it into the response. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly extra: ProblemExtra = {}
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

/** What a 404 names, with its English subject for `detail` and its key for people. */
const MISSING = {
  process: ['This process', 'processNotFound'],
  template: ['This template', 'templateNotFound'],
  processVersion: ['The template version of this process', 'processVersionNotFound'],
  duty: ['This duty', 'dutyNotFound'],
  user: ['This user', 'userNotFound'],
  absence: ['This absence', 'absenceNotFound'],
  team: ['This team', 'teamNotFound'],
  token: ['This API token', 'tokenNotFound'],
  report: ['This report', 'reportNotFound'],
  notification: ['This notification', 'notificationNotFound'],
  file: ['This file', 'fileNotFound'],
} as const satisfies Record<string, readonly [string, ApiRefusalKey]>;

export const notFound = (what: keyof typeof MISSING) =>
  new ApiError(404, 'Not found', { detail: `${MISSING[what][0]} does not exist.`, code: MISSING[what][1] });
export const forbidden = (detail: string, code: ProblemCode, params?: Record<string, string | number>) =>
  new ApiError(403, 'Forbidden', { detail, code, ...(params ? { params } : {}) });

/** A byte limit as people read it: megabytes, one decimal at most. */
export const megabytesOf = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;
