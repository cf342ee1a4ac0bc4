import type { Router } from '../app';
import * as handlers from './auth.handlers';
import * as routes from './auth.routes';

export function registerAuthRoutes(app: Router) {
  app.openapi(routes.login, handlers.loginHandler);
  app.openapi(routes.logout, handlers.logoutHandler);
  app.openapi(routes.me, handlers.meHandler);
  app.openapi(routes.createToken, handlers.createTokenHandler);
  app.openapi(routes.listTokens, handlers.listTokensHandler);
  app.openapi(routes.revokeToken, handlers.revokeTokenHandler);
}
