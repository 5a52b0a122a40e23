/**
 * What API Gateway (HTTP API, payload v2) does in front of the functions, done locally from the
 * same route list the CDK stack deploys (`shared/adapters/api-definition.ts`): route selection
 * (most specific path first, a named method before `ANY`), the JWT authoriser and its scope check,
 * the CORS rule (automatic preflight answers, CORS headers added to every answer for an allowed
 * origin, the integration's own CORS headers ignored) and API Gateway's own error bodies.
 *
 * Kept faithful on purpose: a page served from another origin than the API goes through exactly
 * the rules production applies, so a route table that would refuse a browser's preflight in AWS
 * refuses it here too.
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { API_CORS, API_SCOPE, type GatewayRoute } from '../shared/adapters/api-definition';

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Path parameters when `path` matches the route's template, else null. */
export function matchRoutePath(template: string, path: string): Record<string, string> | null {
  const expected = segments(template);
  const actual = segments(path);
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy !== null) {
      // A greedy variable takes one or more remaining segments.
      if (actual.length <= index) return null;
      params[greedy[1] ?? 'proxy'] = actual.slice(index).join('/');
      return params;
    }
    const value = actual[index];
    if (value === undefined) return null;
    const variable = /^\{(\w+)\}$/.exec(part);
    if (variable !== null) params[variable[1] ?? 'param'] = value;
    else if (part !== value) return null;
  }
  return actual.length === expected.length ? params : null;
}

/** Higher is more specific: full paths before greedy ones, literals before variables, a method before ANY. */
function specificity(route: GatewayRoute): number[] {
  const parts = segments(route.path);
  const greedy = parts.some((part) => part.endsWith('+}'));
  const literals = parts.filter((part) => !part.startsWith('{')).length;
  return [greedy ? 0 : 1, literals, parts.length, route.method === 'ANY' ? 0 : 1];
}

function compare(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export interface SelectedRoute {
  readonly route: GatewayRoute;
  readonly params: Record<string, string>;
}

/** The route API Gateway would choose for a request, or undefined (its 404, or an automatic preflight). */
export function selectRoute(
  routes: readonly GatewayRoute[],
  method: string,
  path: string,
): SelectedRoute | undefined {
  let best: SelectedRoute | undefined;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method.toUpperCase()) continue;
    const params = matchRoutePath(route.path, path);
    if (params === null) continue;
    if (best === undefined || compare(specificity(route), specificity(best.route)) > 0) {
      best = { route, params };
    }
  }
  return best;
}

export interface CorsRule {
  /** Exact origins (scheme, host and port) allowed to call the API. */
  readonly allowOrigins: readonly string[];
}

/** A CORS preflight: OPTIONS naming the method it asks about. */
export function isPreflight(method: string, headers: Readonly<Record<string, string | undefined>>): boolean {
  return method.toUpperCase() === 'OPTIONS' && headers['access-control-request-method'] !== undefined;
}

/** The CORS headers API Gateway adds for this request (none for an origin it does not allow). */
export function corsHeaders(
  rule: CorsRule,
  method: string,
  headers: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const origin = headers.origin;
  if (origin === undefined || !rule.allowOrigins.includes(origin)) return {};
  const answer: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'origin' };
  if (isPreflight(method, headers)) {
    answer['access-control-allow-methods'] = API_CORS.allowMethods.join(',');
    answer['access-control-allow-headers'] = API_CORS.allowHeaders.join(',');
    answer['access-control-max-age'] = String(API_CORS.maxAgeSeconds);
  }
  return answer;
}

/** The integration's answer without CORS headers (API Gateway ignores them once CORS is configured). */
export function withoutCorsHeaders(result: APIGatewayProxyResultV2): APIGatewayProxyResultV2 {
  if (typeof result === 'string' || result.headers === undefined) return result;
  const headers = Object.fromEntries(
    Object.entries(result.headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')),
  );
  return { ...result, headers };
}

export type AuthorisationOutcome =
  | { readonly kind: 'allowed'; readonly claims: Record<string, string | number | boolean> | undefined }
  | { readonly kind: 'refused'; readonly status: 401 | 403; readonly message: string };

/**
 * The JWT authoriser's decision for a route: a valid access token (checked by `verify`) that
 * carries the API scope, or API Gateway's own 401/403.
 */
export async function authorise(
  route: GatewayRoute,
  authorization: string | undefined,
  verify: (token: string) => Promise<Record<string, string | number | boolean>>,
): Promise<AuthorisationOutcome> {
  if (!route.authorised) return { kind: 'allowed', claims: undefined };
  const header = authorization ?? '';
  const token = header.replace(/^Bearer\s+/i, '');
  if (token === '' || token === header) return { kind: 'refused', status: 401, message: 'Unauthorized' };
  let claims: Record<string, string | number | boolean>;
  try {
    claims = await verify(token);
  } catch {
    return { kind: 'refused', status: 401, message: 'Unauthorized' };
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(API_SCOPE)) return { kind: 'refused', status: 403, message: 'Forbidden' };
  return { kind: 'allowed', claims };
}
