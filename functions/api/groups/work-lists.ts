/** Route group: `GET /queue` (a team's unclaimed enquiries) and `GET /caseload` (mine). */
import { listMyCaseload, listQueue } from '../../../shared/casework/work-lists';
import { parseQuery } from '../request';
import { type CaseworkApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { CaseloadQuery, ListQuery } from '../schemas/casework';

export function workListsHandler(deps: CaseworkApiDeps): HttpHandler {
  return routeGroup(deps, {
    listQueue: async (call) => {
      const query = parseQuery(call.event, ListQuery);
      return { body: await listQueue(deps, caller(call), query.team, query) };
    },
    listCaseload: async (call) => {
      const query = parseQuery(call.event, CaseloadQuery);
      return { body: await listMyCaseload(deps, caller(call), query) };
    },
  });
}
