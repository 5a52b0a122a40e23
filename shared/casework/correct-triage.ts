/**
 * People correct triage (priority, topic, district, the safeguarding flag) with a reason, and
 * acknowledge a safeguarding alert ("I'm dealing with this"). Caseworkers of the enquiry's team and
 * its managers may correct; anyone else who cannot see it gets 404, as for every enquiry action.
 */

import {
  CASEWORK_ROLES,
  isSafeguardingResponder,
  openableEnquiry,
  requireRole,
  worksInTeam,
} from '../access/access-policy';
import { teamForDistrict } from '../config/hub-config';
import { applyAlertPickup, isReference } from '../domain/enquiry';
import { EnquiryNotFoundError, ForbiddenError } from '../domain/errors';
import { applyTriageCorrection, type TriageCorrection } from '../domain/triage-correction';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { change, type EnquiryView, view } from './enquiry-actions';

function requireTeamMember(request: CaseworkRequest, team: string, what: string): void {
  if (!worksInTeam(request.principal, team)) {
    throw new ForbiddenError(`only caseworkers and managers of team ${team} can ${what}`);
  }
}

/**
 * Corrects the labels triage gave; each change is audited with before, after and the reason.
 * @throws EnquiryNotFoundError (not visible), ForbiddenError (not of its team), ValidationError, VersionConflictError.
 */
export async function correctTriage(
  deps: Pick<CaseworkDeps, 'enquiries' | 'config' | 'policy'>,
  request: CaseworkRequest,
  id: string,
  input: TriageCorrection & { expectedVersion?: number | undefined },
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  return change(deps, request, id, input.expectedVersion, (current) => {
    requireTeamMember(request, current.team, 'correct its triage');
    return applyTriageCorrection(
      current,
      input,
      (district) => teamForDistrict(deps.config, district).id,
      request.now,
      request.principal.username,
      deps.policy,
    );
  });
}

/**
 * "I'm dealing with this": a person picks up the safeguarding alert, so nobody further down the
 * duty list is told. Caseworkers and managers of the enquiry's team may, and so may any safeguarding
 * responder (a manager of any team, the head of service, anyone on the duty lists by sign-in email):
 * the duty contacts are often not in the enquiry's team. Acknowledging one already picked up
 * changes nothing.
 * @throws EnquiryNotFoundError (not a safeguarding matter they may open), ForbiddenError (no role).
 */
export async function acknowledgeSafeguardingAlert(
  deps: Pick<CaseworkDeps, 'enquiries' | 'config'>,
  request: CaseworkRequest,
  id: string,
): Promise<EnquiryView> {
  const responder = isSafeguardingResponder(request.principal, deps.config);
  if (!responder) requireRole(request.principal, CASEWORK_ROLES);
  if (!isReference(id)) throw new EnquiryNotFoundError(id);
  const { enquiry } = await deps.enquiries.modify(id, (current) => {
    openableEnquiry(request.principal, id, current, responder);
    if (!responder) requireTeamMember(request, current.team, 'pick up its safeguarding alert');
    return applyAlertPickup(current, request.now, request.principal.username, 'acknowledged');
  });
  return view(enquiry, request.now);
}
