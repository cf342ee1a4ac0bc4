import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import type { AppEnv } from '../lib/app-env';
import * as handlers from './auth.handlers';
import * as routes from './auth.routes';

export function registerAuthRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(routes.login, handlers.loginHandler)
    .openapi(routes.logout, handlers.logoutHandler)
    .openapi(routes.me, handlers.meHandler)
    .openapi(routes.updateMe, handlers.updateMeHandler)
    .openapi(routes.createToken, handlers.createTokenHandler)
    .openapi(routes.listTokens, handlers.listTokensHandler)
    .openapi(routes.revokeToken, handlers.revokeTokenHandler);
}
