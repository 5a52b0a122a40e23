/** Route group: `GET /me` (who am I, roles, teams). */
import { whoAmI } from '../../../shared/casework/who-am-i';
import { type CaseworkApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';

export function meHandler(deps: CaseworkApiDeps): HttpHandler {
  return routeGroup(deps, {
    getMe: async (call) => ({ body: whoAmI(deps, caller(call)) }),
  });
}
