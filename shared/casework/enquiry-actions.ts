/**
 * Use cases on one enquiry: read it with its timeline, claim, release, note, resolve, reopen and
 * reassign. Each checks who is asking (`shared/access/access-policy.ts`), applies a pure transition from
 * `shared/domain/enquiry.ts` and stores it with the repository's version check, so two people can
 * never overwrite each other: a stale `expectedVersion` is a `VersionConflictError` (409).
 */

import {
  CASEWORK_ROLES,
  isSafeguardingResponder,
  managesTeam,
  openableEnquiry,
  permissionsFor,
  requireHolderOrManager,
  requireRole,
  visibleEnquiry,
} from '../access/access-policy';
import {
  applyAssign,
  applyNote,
  applyRelease,
  applyReopen,
  applyResolve,
  type Enquiry,
  isReference,
  type Transition,
} from '../domain/enquiry';
import {
  CaseworkerNotFoundError,
  EnquiryNotFoundError,
  ForbiddenError,
  InvalidTransitionError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors';
import * as z from '../domain/zod';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { detail, isBreached } from './enquiry-views';
import type { EnquiryDetail, EnquiryView } from './response-schemas';

export type { EnquiryView } from './response-schemas';

export function view(enquiry: Enquiry, now: string): EnquiryView {
  return { enquiry: { ...enquiry, breached: isBreached(enquiry, now) } };
}

/**
 * The enquiry, if the caller may see it.
 * @throws EnquiryNotFoundError when it does not exist, is not a reference, or lies outside their teams.
 */
export async function loadVisible(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  id: string,
): Promise<Enquiry> {
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  return visibleEnquiry(request.principal, id, await deps.enquiries.getEnquiry(id));
}

/** @throws VersionConflictError when `expected` is given and is not the enquiry's version. */
export function checkVersion(enquiry: Enquiry, expected: number | undefined): void {
  if (expected !== undefined && enquiry.version !== expected) {
    throw new VersionConflictError(enquiry.id, expected);
  }
}

/**
 * Re-reads, checks and applies `apply`, storing the result under the version condition. Access is
 * checked again on every read, so a change of hands between attempts is noticed.
 */
export async function change(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  id: string,
  expectedVersion: number | undefined,
  apply: (current: Enquiry) => Transition | null,
): Promise<EnquiryView> {
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  const { enquiry } = await deps.enquiries.modify(id, (current) => {
    visibleEnquiry(request.principal, id, current);
    checkVersion(current, expectedVersion);
    return apply(current);
  });
  return view(enquiry, request.now);
}

/** The enquiry with its whole timeline (contacts, responses, escalations, notes) and what the caller may do. */
export async function getEnquiryDetail(
  deps: Pick<CaseworkDeps, 'enquiries' | 'config'>,
  request: CaseworkRequest,
  id: string,
): Promise<EnquiryDetail> {
  // Safeguarding duty contacts open an alert's link whatever their role or team.
  const responder = isSafeguardingResponder(request.principal, deps.config);
  if (!responder) requireRole(request.principal, CASEWORK_ROLES);
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  const enquiry = openableEnquiry(request.principal, id, await deps.enquiries.getEnquiry(id), responder);
  const timeline = await deps.enquiries.getTimeline(id);
  return detail(enquiry, timeline, permissionsFor(request.principal, enquiry, responder), request.now);
}

/**
 * The caller takes the enquiry from their team's queue. Exactly one of any number of concurrent
 * claimers wins; the rest get `AlreadyClaimedError` (409).
 * @throws ForbiddenError not a caseworker, not set up as one, or inactive. CaseloadFullError at their cap.
 */
export async function claimEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  id: string,
  expectedVersion?: number,
): Promise<EnquiryView> {
  requireRole(request.principal, ['caseworker']);
  const current = await loadVisible(deps, request, id);
  if (request.caseworker === null) {
    throw new ForbiddenError('you are not set up as a caseworker yet: ask an administrator');
  }
  if (!request.caseworker.active) {
    throw new ForbiddenError('you are marked inactive, so you cannot take new work: ask your manager');
  }
  checkVersion(current, expectedVersion);
  try {
    return view(await deps.enquiries.claim(id, request.principal.username, request.now), request.now);
  } catch (error) {
    if (error instanceof CaseworkerNotFoundError) {
      throw new ForbiddenError('you are not set up as a caseworker yet: ask an administrator', {
        cause: error,
      });
    }
    throw error;
  }
}

/** The holder (or a manager of the team) puts the enquiry back in the team queue. */
export async function releaseEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  id: string,
  expectedVersion?: number,
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  return change(deps, request, id, expectedVersion, (current) => {
    if (current.status === 'resolved') throw new InvalidTransitionError(id, current.status, 'release');
    if (current.assignee === null) throw new InvalidTransitionError(id, 'unclaimed', 'release');
    requireHolderOrManager(request.principal, current);
    return applyRelease(current, request.now, request.principal.username);
  });
}

/** An internal note on the timeline, by anyone who works the enquiry's team. */
export async function addNote(
  deps: Pick<CaseworkDeps, 'enquiries'>,
  request: CaseworkRequest,
  id: string,
  input: { text: string; expectedVersion?: number | undefined },
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  return change(deps, request, id, input.expectedVersion, (current) =>
    applyNote(current, request.now, request.principal.username, input.text),
  );
}

/** The holder or a manager resolves the enquiry; pending escalations stop. */
export async function resolveEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries' | 'policy'>,
  request: CaseworkRequest,
  id: string,
  input: { expectedVersion: number; outcome?: string | undefined },
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  return change(deps, request, id, input.expectedVersion, (current) => {
    requireHolderOrManager(request.principal, current);
    return applyResolve(current, request.now, request.principal.username, deps.policy, input.outcome ?? null);
  });
}

/** The holder or a manager reopens an answered or resolved enquiry with a fresh response window. */
export async function reopenEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries' | 'policy'>,
  request: CaseworkRequest,
  id: string,
  input: { expectedVersion: number; reason: string },
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  return change(deps, request, id, input.expectedVersion, (current) => {
    requireHolderOrManager(request.principal, current);
    return applyReopen(current, request.now, request.principal.username, input.reason, deps.policy);
  });
}

/**
 * A manager hands the enquiry to a caseworker in one of their teams, with a reason (audited). The new holder's cap is
 * enforced in the same transaction (`CaseloadFullError`, 409) and the old holder's slot is freed.
 * @throws ForbiddenError not a manager of the enquiry's team. ValidationError (`caseworkerId`) unknown,
 *   outside the manager's teams, or inactive.
 */
export async function reassignEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries' | 'caseworkers'>,
  request: CaseworkRequest,
  id: string,
  input: { caseworkerId: string; reason: string; expectedVersion?: number | undefined },
): Promise<EnquiryView> {
  requireRole(request.principal, ['manager']);
  const current = await loadVisible(deps, request, id);
  if (!managesTeam(request.principal, current.team)) {
    throw new ForbiddenError(`only a manager of team ${current.team} can reassign ${id}`);
  }
  const target = await deps.caseworkers.getCaseworker(input.caseworkerId);
  if (target === null || !request.principal.teams.includes(target.team)) {
    throw new ValidationError('caseworkerId is not a caseworker in your teams', { field: 'caseworkerId' });
  }
  if (!target.active) {
    throw new ValidationError('caseworkerId is marked inactive and cannot take work', {
      field: 'caseworkerId',
    });
  }
  return change(deps, request, id, input.expectedVersion, (latest) =>
    latest.assignee === target.id
      ? null
      : applyAssign(latest, target.id, request.now, request.principal.username, input.reason),
  );
}
