/**
 * Route group: `GET /report?from&to[&baselineFrom&baselineTo&asOf]` (managers): the improvement
 * board's report for any period, as JSON with its CSV, for the report page and its download.
 */
import { requireRole } from '../../../shared/access/access-policy';
import { buildBoardReport } from '../../../shared/reporting/board-report';
import { parseQuery } from '../request';
import { caller, type HttpHandler, type ReportsApiDeps, routeGroup } from '../route-group';
import { ReportQuery } from '../schemas/report';

export function reportHandler(deps: ReportsApiDeps): HttpHandler {
  return routeGroup(deps, {
    getReport: async (call) => {
      const request = caller(call);
      requireRole(request.principal, ['manager']);
      const query = parseQuery(call.event, ReportQuery);
      const board = await buildBoardReport(
        {
          enquiries: deps.enquiries,
          caseworkers: deps.caseworkers,
          statutory: deps.statutory,
          escalations: deps.escalationLog ?? { escalationsBetween: async () => [] },
        },
        deps.config,
        { ...query, asOf: query.asOf ?? request.now },
      );
      return { body: board };
    },
  });
}
