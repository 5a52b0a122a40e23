/** Route group: `GET /dashboard?team=` (a manager's team figures). */
import { teamDashboard } from '../../../shared/casework/team-dashboard';
import { parseQuery } from '../request';
import { caller, type HttpHandler, type ReportsApiDeps, routeGroup } from '../route-group';
import { TeamQuery } from '../schemas/common';

export function dashboardHandler(deps: ReportsApiDeps): HttpHandler {
  return routeGroup(deps, {
    getDashboard: async (call) => {
      const query = parseQuery(call.event, TeamQuery);
      return { body: await teamDashboard(deps, caller(call), query.team) };
    },
  });
}
