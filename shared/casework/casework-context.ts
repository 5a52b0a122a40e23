/**
 * What every casework use case works with: its ports (`ports.ts`, implemented by the adapters)
 * and configuration, built once per container, and the request (who is asking, and when).
 */

import { type Principal, withTeam } from '../access/principal';
import type { HubConfig } from '../config/hub-config';
import type { Caseworker, ServiceLevelPolicy } from '../domain/enquiry';
import { ForbiddenError } from '../domain/errors';
import type { Mailer } from '../mail/outgoing-email';
import type { CaseworkEnquiries, CaseworkerStore } from './ports';

/** The member of staff a sign-in belongs to. */
export interface StaffLogin {
  readonly staffId: string;
  readonly name: string | null;
  /** Their council address (Cognito access tokens carry no email claim). */
  readonly email: string | null;
}

/** Links from sign-ins to members of staff (`StaffRepository`). */
export interface StaffLogins {
  loginOf(sub: string): Promise<StaffLogin | null>;
}

/** The sign-in is valid but belongs to nobody on the hub's staff (never added, or removed). */
export class NotStaffError extends ForbiddenError {
  constructor() {
    super("your sign-in is not on the hub's staff list: ask a hub administrator to add you");
  }
}

export interface CaseworkDeps {
  readonly enquiries: CaseworkEnquiries;
  readonly caseworkers: CaseworkerStore;
  /** Who each sign-in is (Cognito names people by a UUID, never by their staff id). */
  readonly staff: StaffLogins;
  /** Sends caseworkers' replies to enquirers. */
  readonly mailer: Mailer;
  readonly config: HubConfig;
  /** `hubServiceLevels(config)`. */
  readonly policy: ServiceLevelPolicy;
}

export interface CaseworkRequest {
  readonly principal: Principal;
  /** The caller's caseworker record, when they have one. */
  readonly caseworker: Caseworker | null;
  /** ISO instant the request is handled at. */
  readonly now: string;
  /**
   * Id of this request (API Gateway's request id), unique per request: recorded with a response so
   * two identical submissions can never pass as one idempotent write and both send email.
   */
  readonly requestId: string;
}

/**
 * Completes a principal for a request: the sign-in (token `sub`) becomes the member of staff it
 * is linked to, whose staff id is the principal's username from then on; a caseworker's own
 * record adds its team (a caseworker whose token carries no `team:` group still works their
 * team's queue).
 * @throws NotStaffError a valid token of someone not (or no longer) on the staff list.
 */
export async function caseworkRequest(
  deps: Pick<CaseworkDeps, 'caseworkers' | 'staff'>,
  signedIn: Principal,
  now: string,
  requestId: string,
): Promise<CaseworkRequest> {
  const login = await deps.staff.loginOf(signedIn.sub);
  if (login === null) throw new NotStaffError();
  const principal: Principal = {
    ...signedIn,
    username: login.staffId,
    name: signedIn.name ?? login.name,
    email: signedIn.email ?? login.email,
  };
  if (!principal.roles.has('caseworker')) return { principal, caseworker: null, now, requestId };
  const caseworker = await deps.caseworkers.getCaseworker(principal.username);
  return {
    principal: caseworker === null ? principal : withTeam(principal, caseworker.team),
    caseworker,
    now,
    requestId,
  };
}
