/**
 * Every route of the staff API, as data: API Gateway's routes are built from it (each route goes
 * to the function that serves its group, `shared/adapters/api-definition.ts`), each API function
 * matches requests against it, the route groups run its operations, and the OpenAPI document must
 * describe each one (a test checks). Matching is on the real method and path, so a function
 * answers the same whichever route API Gateway took to it.
 */
import type { StaffRole } from '../access/principal';
import type { FunctionName } from './resource-definitions';

export const ROUTE_GROUPS = [
  'work-lists',
  'enquiries',
  'statutory',
  'dashboard',
  'report',
  'caseworkers',
  'availability',
  'staff',
  'me',
  'finding',
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/**
 * The Lambda function serving each route group. The API is split so that each bundle holds only
 * its own use cases and libraries (docs/performance.md): casework on enquiries; finding people
 * and the public status page (phone numbers parsed); the manager's figures; staff and roster
 * administration (the user pool). `api` itself answers only CORS preflights and unknown routes.
 */
export const GROUP_FUNCTIONS = {
  'work-lists': 'api-casework',
  enquiries: 'api-casework',
  statutory: 'api-casework',
  availability: 'api-casework',
  me: 'api-casework',
  finding: 'api-finding',
  dashboard: 'api-reports',
  report: 'api-reports',
  caseworkers: 'api-admin',
  staff: 'api-admin',
} as const satisfies Record<RouteGroup, FunctionName>;

export type ApiFunctionName = (typeof GROUP_FUNCTIONS)[RouteGroup] | 'api';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI-style template, e.g. `/enquiries/{id}/claim`. */
  readonly path: string;
  readonly operationId: string;
  readonly group: RouteGroup;
  /** Roles that may call it; `public` needs no token, `any` needs a token and no particular role. */
  readonly access: readonly StaffRole[] | 'public' | 'any';
  /** Why a public route is open, said where the exception is made (the template tests check it). */
  readonly openBecause?: string;
}

const CASEWORK: readonly StaffRole[] = ['caseworker', 'manager'];

export const ROUTES = [
  { method: 'GET', path: '/queue', operationId: 'listQueue', group: 'work-lists', access: CASEWORK },
  { method: 'GET', path: '/caseload', operationId: 'listCaseload', group: 'work-lists', access: CASEWORK },
  // Safeguarding duty contacts may hold no role: the use case decides (docs/safeguarding.md).
  { method: 'GET', path: '/enquiries/{id}', operationId: 'getEnquiry', group: 'enquiries', access: 'any' },
  {
    method: 'POST',
    path: '/enquiries/{id}/claim',
    operationId: 'claimEnquiry',
    group: 'enquiries',
    access: ['caseworker'],
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/release',
    operationId: 'releaseEnquiry',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/respond',
    operationId: 'respondToEnquiry',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/notes',
    operationId: 'addNote',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/resolve',
    operationId: 'resolveEnquiry',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/acknowledgement',
    operationId: 'resendAcknowledgement',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/reopen',
    operationId: 'reopenEnquiry',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/reassign',
    operationId: 'reassignEnquiry',
    group: 'enquiries',
    access: ['manager'],
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/transfer',
    operationId: 'transferEnquiry',
    group: 'enquiries',
    access: ['manager'],
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/corrections',
    operationId: 'correctTriage',
    group: 'enquiries',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/safeguarding/acknowledge',
    operationId: 'acknowledgeSafeguardingAlert',
    group: 'enquiries',
    access: 'any',
  },
  {
    method: 'GET',
    path: '/enquiries/{id}/statutory',
    operationId: 'getStatutoryProcesses',
    group: 'statutory',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/statutory',
    operationId: 'startStatutoryProcess',
    group: 'statutory',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/statutory/{processId}/milestones',
    operationId: 'recordStatutoryMilestone',
    group: 'statutory',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/statutory/{processId}/exceptions',
    operationId: 'addStatutoryException',
    group: 'statutory',
    access: CASEWORK,
  },
  {
    method: 'GET',
    path: '/statutory',
    operationId: 'getTeamStatutory',
    group: 'statutory',
    access: ['manager'],
  },
  { method: 'GET', path: '/dashboard', operationId: 'getDashboard', group: 'dashboard', access: ['manager'] },
  { method: 'GET', path: '/report', operationId: 'getReport', group: 'report', access: ['manager'] },
  {
    method: 'GET',
    path: '/caseworkers',
    operationId: 'listCaseworkers',
    group: 'caseworkers',
    access: ['admin', 'manager'],
  },
  {
    method: 'PUT',
    path: '/caseworkers/{id}',
    operationId: 'putCaseworker',
    group: 'caseworkers',
    access: ['admin'],
  },
  {
    method: 'GET',
    path: '/availability',
    operationId: 'listAvailability',
    group: 'availability',
    access: ['caseworker', 'manager', 'admin'],
  },
  {
    method: 'PUT',
    path: '/availability/{person}',
    operationId: 'setAvailability',
    group: 'availability',
    access: ['caseworker', 'manager', 'admin'],
  },
  { method: 'GET', path: '/staff', operationId: 'listStaff', group: 'staff', access: ['admin'] },
  { method: 'POST', path: '/staff', operationId: 'addStaff', group: 'staff', access: ['admin'] },
  { method: 'DELETE', path: '/staff/{id}', operationId: 'removeStaff', group: 'staff', access: ['admin'] },
  { method: 'GET', path: '/me', operationId: 'getMe', group: 'me', access: 'any' },
  {
    method: 'GET',
    path: '/search',
    operationId: 'searchEnquiries',
    group: 'finding',
    access: ['callhandler', 'caseworker', 'manager'],
  },
  {
    method: 'GET',
    path: '/children/{id}',
    operationId: 'getChildRecord',
    group: 'finding',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/child',
    operationId: 'linkChild',
    group: 'finding',
    access: CASEWORK,
  },
  {
    method: 'POST',
    path: '/enquiries/{id}/details',
    operationId: 'correctDetails',
    group: 'finding',
    access: CASEWORK,
  },
  {
    method: 'GET',
    path: '/phone-logs/{callId}',
    operationId: 'getCallReference',
    group: 'finding',
    access: ['callhandler', 'manager'],
  },
  {
    method: 'POST',
    path: '/status',
    operationId: 'checkStatus',
    group: 'finding',
    access: 'public',
    openBecause:
      "The parents' status page has no account: the reference and the email or phone it came from are the check; every mismatch is the same 404, attempts are counted per reference and per client (429), and a WAF rate-based rule limits it by address.",
  },
] as const satisfies readonly RouteDefinition[];

export type OperationId = (typeof ROUTES)[number]['operationId'];

export type RouteMatch =
  | { kind: 'found'; route: RouteDefinition & { operationId: OperationId }; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchPath(template: string, path: string): Record<string, string> | null {
  const expected = segments(template);
  const actual = segments(path);
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return null;
      }
      params[part.slice(1, -1)] = decoded;
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

/** The route for a method and path (trailing slashes ignored). */
export function matchRoute(method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of ROUTES as readonly (RouteDefinition & { operationId: OperationId })[]) {
    const params = matchPath(route.path, path);
    if (params === null) continue;
    if (route.method === method.toUpperCase()) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}
