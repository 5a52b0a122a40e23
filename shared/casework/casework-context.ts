/**
 * What every casework use case works with: the adapters and configuration (built once per
 * container) and the request (who is asking, and when).
 */
import type { CaseworkerRepository } from '../adapters/caseworker-repository';
import type { EnquiryRepository } from '../adapters/enquiry-repository';
import type { Mailer } from '../adapters/mailer';
import type { HubConfig } from '../config/hub-config';
import type { Caseworker, ServiceLevelPolicy } from '../domain/enquiry';
import { type Principal, withTeam } from './principal';

export interface CaseworkDeps {
  readonly enquiries: EnquiryRepository;
  readonly caseworkers: CaseworkerRepository;
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
 * Completes a principal for a request: a caseworker's own record adds its team (a caseworker
 * whose token carries no `team:` group still works their team's queue).
 */
export async function caseworkRequest(
  deps: Pick<CaseworkDeps, 'caseworkers'>,
  principal: Principal,
  now: string,
  requestId: string,
): Promise<CaseworkRequest> {
  if (!principal.roles.has('caseworker')) return { principal, caseworker: null, now, requestId };
  const caseworker = await deps.caseworkers.getCaseworker(principal.username);
  return {
    principal: caseworker === null ? principal : withTeam(principal, caseworker.team),
    caseworker,
    now,
    requestId,
  };
}
