/** Route group: the roster. `GET /caseworkers?team=` and `PUT /caseworkers/{id}` (caps, teams, active). */
import { listCaseworkers, putCaseworker } from '../../../shared/casework/roster-admin';
import { parseBody, parseQuery } from '../request';
import { type AdminApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { CaseworkerBody } from '../schemas/admin';
import { TeamQuery } from '../schemas/common';

export function caseworkersHandler(deps: AdminApiDeps): HttpHandler {
  return routeGroup(deps, {
    listCaseworkers: async (call) => {
      const query = parseQuery(call.event, TeamQuery);
      return { body: await listCaseworkers(deps, caller(call), query.team) };
    },
    putCaseworker: async (call) => {
      const body = parseBody(call.event, CaseworkerBody);
      return { body: await putCaseworker(deps, caller(call), call.params.id ?? '', body) };
    },
  });
}
