/**
 * The staff API as one Lambda function: a thin dispatcher that sends each request to the route
 * group that serves it. Built from its dependencies, so tests and the local stack can pass their own.
 */
import { errorResponse } from '../../shared/http/responses';
import { availabilityHandler } from './groups/availability';
import { caseworkersHandler } from './groups/caseworkers';
import { dashboardHandler } from './groups/dashboard';
import { enquiriesHandler } from './groups/enquiries';
import { findingHandler } from './groups/finding';
import { meHandler } from './groups/me';
import { reportHandler } from './groups/report';
import { staffHandler } from './groups/staff';
import { statutoryHandler } from './groups/statutory';
import { workListsHandler } from './groups/work-lists';
import { MethodNotAllowedError, RouteNotFoundError } from './request';
import type { ApiDeps, HttpHandler } from './route-group';
import { matchRoute, type RouteGroup } from './routes';

export type { ApiDeps, HttpHandler } from './route-group';

/** Builds the API handler. */
export function createApiHandler(deps: ApiDeps): HttpHandler {
  const groups: Record<RouteGroup, HttpHandler> = {
    'work-lists': workListsHandler(deps),
    enquiries: enquiriesHandler(deps),
    statutory: statutoryHandler(deps),
    dashboard: dashboardHandler(deps),
    report: reportHandler(deps),
    caseworkers: caseworkersHandler(deps),
    availability: availabilityHandler(deps),
    staff: staffHandler(deps),
    me: meHandler(deps),
    finding: findingHandler(deps),
  };
  return async (event, context) => {
    const method = event.requestContext.http.method;
    // CORS preflight (the unauthorised OPTIONS route): API Gateway adds the CORS headers.
    if (method === 'OPTIONS') return { statusCode: 204 };
    const match = matchRoute(method, event.rawPath);
    if (match.kind === 'not-found') return errorResponse(new RouteNotFoundError(event.rawPath));
    if (match.kind === 'method-not-allowed') {
      const response = errorResponse(new MethodNotAllowedError(method, match.allowed));
      return { ...response, headers: { ...response.headers, allow: match.allowed.join(', ') } };
    }
    return groups[match.route.group](event, context);
  };
}
