/**
 * Who is calling the staff API, from the claims of their access token. In production the API
 * Gateway JWT authoriser has already checked the token (signature, issuer, audience, scope); this
 * reads what it passed on, defensively, and fails closed.
 *
 * API Gateway HTTP API hands array claims to Lambda as one string: `cognito:groups` arrives as
 * `"[caseworker team:north]"`. Both that form and a real array are accepted.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { addressKey } from '../domain/email-address';
import { UnauthorizedError } from '../domain/errors';
import * as z from '../domain/zod';

/** Roles a staff member can hold (Cognito groups of the same names). */
export const STAFF_ROLES = ['caseworker', 'manager', 'callhandler', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Cognito group naming a team the user works in: `team:<id>`. */
export const TEAM_GROUP_PREFIX = 'team:';

export interface Principal {
  /**
   * Their staff id (a caseworker's is their caseworker id) once the request knows who the
   * sign-in belongs to (`caseworkRequest`); until then the token's `username` claim.
   */
  readonly username: string;
  /** The token's `sub`: Cognito's id of the sign-in, which the staff record links to a staff id. */
  readonly sub: string;
  /** Display name when the token carries one (for the page only, never logged). */
  readonly name: string | null;
  readonly roles: ReadonlySet<StaffRole>;
  /** Teams from `team:<id>` groups (and, for caseworkers, their caseworker record). */
  readonly teams: readonly string[];
  /**
   * The sign-in email (lower case) from the token's `email` claim, when it carries one: how a
   * safeguarding duty contact is recognised (docs/safeguarding.md). Never logged.
   */
  readonly email: string | null;
}

type ClaimValue = string | number | boolean | readonly unknown[] | null | undefined;

function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Reads a groups claim in either shape: a JSON-ish array or API Gateway's `"[a b]"` string. */
export function parseGroupsClaim(value: ClaimValue): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner
    .split(/[\s,]+/)
    .map((group) => group.trim().replace(/^"|"$/g, ''))
    .filter((group) => group !== '');
}

/**
 * The principal described by a token's claims.
 * @throws UnauthorizedError when there are no claims, no username, or the token is not an access token.
 */
export function principalFromClaims(claims: Readonly<Record<string, ClaimValue>> | undefined): Principal {
  if (claims === undefined) throw new UnauthorizedError('sign in to use the API');
  const username = claims.username ?? claims['cognito:username'];
  if (typeof username !== 'string' || username.trim() === '') {
    throw new UnauthorizedError('the token does not name a user');
  }
  // An ID token must never stand in for an access token (the authoriser cannot tell them apart).
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    throw new UnauthorizedError('an access token is required');
  }
  const groups = parseGroupsClaim(claims['cognito:groups']);
  const roles = new Set<StaffRole>(groups.filter(isStaffRole));
  const teams = [
    ...new Set(
      groups
        .filter((group) => group.startsWith(TEAM_GROUP_PREFIX))
        .map((group) => group.slice(TEAM_GROUP_PREFIX.length))
        .filter((team) => team !== ''),
    ),
  ];
  const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : null;
  const email =
    typeof claims.email === 'string' && claims.email.includes('@') ? addressKey(claims.email) : null;
  const sub =
    typeof claims.sub === 'string' && claims.sub.trim() !== '' ? claims.sub.trim() : username.trim();
  return { username: username.trim(), sub, name, roles, teams, email };
}

/** The same principal working in one more team (e.g. the team on their caseworker record). */
export function withTeam(principal: Principal, team: string): Principal {
  return principal.teams.includes(team) ? principal : { ...principal, teams: [...principal.teams, team] };
}

/** `true` when the principal holds at least one of these roles. */
export function hasAnyRole(principal: Principal, roles: readonly StaffRole[]): boolean {
  return roles.some((role) => principal.roles.has(role));
}

/** The token claims the JWT authoriser passed on, or undefined when there are none. */
const ClaimsCarrier = z.object({
  requestContext: z.object({
    authorizer: z.nullish(
      z.object({ jwt: z.optional(z.object({ claims: z.record(z.string(), z.unknown()) })) }),
    ),
  }),
});

/** The claims of the caller's token as API Gateway's JWT authoriser passed them, or undefined. */
export function claimsOf(event: APIGatewayProxyEventV2): Record<string, ClaimValue> | undefined {
  const parsed = ClaimsCarrier.safeParse(event);
  const claims = parsed.success ? parsed.data.requestContext.authorizer?.jwt?.claims : undefined;
  if (claims === undefined) return undefined;
  const values: Record<string, ClaimValue> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      Array.isArray(value)
    ) {
      values[key] = value;
    }
  }
  return values;
}
