/** Route group: `GET /me` (who am I, roles, teams) and the public `GET /openapi.json`. */
import { whoAmI } from '../../../shared/casework/who-am-i';
import { openApiDocument } from '../openapi';
import { type ApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';

export function meHandler(deps: ApiDeps): HttpHandler {
  return routeGroup(deps, {
    getMe: async (call) => ({ body: whoAmI(deps, caller(call)) }),
  });
}

export function openApiHandler(deps: ApiDeps): HttpHandler {
  return routeGroup(deps, {
    // Public and identical for everyone: caches may keep it for a while.
    getOpenApi: async () => ({
      body: openApiDocument(),
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  });
}
