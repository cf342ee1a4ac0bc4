import { hc } from 'hono/client';
import type { App } from './app';

/**
 * The typed client derived from the route contract: paths, parameters, bodies and responses come from the same
 * `createRoute` declarations as the server and the OpenAPI document.
 */
export function createApiClient(baseUrl: string, options: Parameters<typeof hc>[1] = {}) {
  return hc<App>(baseUrl, { init: { credentials: 'same-origin' }, ...options });
}

export type ApiClient = ReturnType<typeof createApiClient>;
