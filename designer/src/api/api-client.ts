import type { RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { readiness } from '../../../api/routes/health.routes';

/**
 * The body type a route declares for a status, read from the API's own `createRoute` definitions (type-only
 * imports, nothing of the server is bundled), so a changed contract fails the designer's typecheck.
 * `hc<App>` would be the idiom, but `createApp` registers routes without chaining, so its type has no schema.
 */
type JsonBody<Route extends RouteConfig, Status extends keyof Route['responses']> = Route['responses'][Status] extends {
  content: { 'application/json': { schema: infer Schema extends z.ZodType } };
}
  ? z.output<Schema>
  : never;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string } | undefined
  ) {
    super(problem?.detail ?? problem?.title ?? `The API answered ${status}`);
  }
}

async function getJson<Route extends RouteConfig, Status extends keyof Route['responses'] & number>(
  route: { path: Route['path'] },
  accepted: readonly Status[]
): Promise<JsonBody<Route, Status>> {
  const response = await fetch(route.path, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!(accepted as readonly number[]).includes(response.status)) {
    throw new ApiError(response.status, body as { title?: string; detail?: string } | undefined);
  }
  // The route definition is the contract for these statuses; the server validates what it sends.
  return body as JsonBody<Route, Status>;
}

export type Readiness = JsonBody<typeof readiness, 200>;

/** Readiness answers 503 with the same body when a dependency is down, which is still an answer to show. */
export function fetchReadiness(): Promise<Readiness> {
  return getJson<typeof readiness, 200 | 503>({ path: '/api/ready' }, [200, 503]);
}
