/**
 * The HTTP API's routes, authorisation and CORS rule, described once as plain data. The CDK
 * construct (`infra/constructs/hub-api.ts`) builds API Gateway from this, and the local stack's
 * front (`local/api-gateway.ts`) routes, authorises and answers CORS from the same list, so a
 * route that would refuse a browser in production refuses it locally too (and the cross-origin
 * end-to-end run sees it).
 */
import { GROUP_FUNCTIONS, ROUTES } from './api-routes';
import type { FunctionName } from './resource-definitions';

/** Resource server and scope every staff access token must carry (`send-hub/api`). */
export const API_RESOURCE_SERVER = 'send-hub';
export const API_SCOPE_NAME = 'api';
export const API_SCOPE = `${API_RESOURCE_SERVER}/${API_SCOPE_NAME}`;

/** API Gateway HTTP API methods a route can name (`ANY` matches every method, OPTIONS included). */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'ANY';

export interface GatewayRoute {
  readonly method: RouteMethod;
  /** API Gateway path: literal segments, `{name}` for one segment, a final `{proxy+}` for the rest. */
  readonly path: string;
  /** The function the route invokes. */
  readonly target: FunctionName;
  /** `true`: only a staff access token with {@link API_SCOPE} passes (the JWT authoriser). */
  readonly authorised: boolean;
  /** Why a route is open, said where the exception is made (and checked by the template tests). */
  readonly openBecause?: string;
}

/**
 * Every route of the HTTP API: each staff API route (`api-routes.ts`) to the function of its group,
 * a token required unless the route is public. The page's calls carry `Authorization`, so every
 * one of them is preceded by a CORS preflight that a browser sends without a token; the catch-all
 * `ANY` route would take that preflight to the JWT authoriser and refuse it (401). The `OPTIONS`
 * route, more specific for preflights, has no authoriser; the api function answers it with an
 * empty 204 and API Gateway adds the CORS headers of {@link API_CORS}. The catch-all `ANY` takes
 * what no route names (the api function answers 404, or 405 for a known path) behind the authoriser.
 */
export const API_ROUTES: readonly GatewayRoute[] = [
  { method: 'POST', path: '/phone-logs', target: 'ingest-phone', authorised: true },
  ...ROUTES.map(
    (route): GatewayRoute => ({
      method: route.method,
      path: route.path,
      target: GROUP_FUNCTIONS[route.group],
      authorised: route.access !== 'public',
      ...('openBecause' in route ? { openBecause: route.openBecause } : {}),
    }),
  ),
  {
    method: 'OPTIONS',
    path: '/{proxy+}',
    target: 'api',
    authorised: false,
    openBecause:
      'CORS preflight: browsers send OPTIONS without the Authorization header; the answer is an empty 204 with the CORS headers of the staff page origin.',
  },
  { method: 'ANY', path: '/{proxy+}', target: 'api', authorised: true },
];

/** `GET /queue`-style key of a route, as API Gateway names it. */
export function routeKey(route: Pick<GatewayRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The API's CORS rule (the allowed origin is the staff page's, known per deployment). */
export const API_CORS = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  maxAgeSeconds: 3600,
  allowCredentials: false,
} as const;
