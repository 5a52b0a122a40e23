/** Route group: `GET /dashboard?team=` (a manager's team figures). */
import { teamDashboard } from '../../../shared/casework/team-dashboard';
import { parseQuery } from '../request';
import { type ApiDeps, caller, type HttpHandler, routeGroup } from '../route-group';
import { TeamQuery } from '../schemas';

export function dashboardHandler(deps: ApiDeps): HttpHandler {
  return routeGroup(deps, {
    getDashboard: async (call) => {
      const query = parseQuery(call.event, TeamQuery);
      return { body: await teamDashboard(deps, caller(call), query.team) };
    },
  });
}
