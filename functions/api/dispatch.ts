/**
 * Sends a request to the route group that serves it. Every API function dispatches through this,
 * so a preflight, an unknown path (404) or a known path with another method (405, with `Allow`)
 * is answered alike whichever function API Gateway chose; errors are mapped in `shared/http`.
 */
import { errorResponse } from '../../shared/http/responses';
import { MethodNotAllowedError, RouteNotFoundError } from './request';
import type { HttpHandler } from './route-group';
import { matchRoute, type RouteGroup } from './routes';

/** A handler for the route groups given; a route of another group is not found here (404). */
export function dispatchTo(groups: Partial<Record<RouteGroup, HttpHandler>>): HttpHandler {
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
    const group = groups[match.route.group];
    if (group === undefined) return errorResponse(new RouteNotFoundError(event.rawPath));
    return group(event, context);
  };
}
