/**
 * The reference on the phone (`GET /phone-logs/{callId}`): once the router has recorded a logged
 * call, the call handler sees the reference and the date the caller will hear back, to read out
 * before the caller hangs up. Until then the answer is "not yet" (202).
 */

import { requireRole } from '../access/access-policy';
import type { StaffRole } from '../access/principal';
import type { CaseworkRequest } from '../casework/casework-context';
import { teamName } from '../config/hub-config';
import { PublicStatus, publicStatus } from '../domain/enquiry';
import { NotFoundError } from '../domain/errors';
import { formatDeadline } from '../domain/local-time';
import * as z from '../domain/zod';
import { type FindingDeps, recordAccess } from './finding-context';
import type { CallReference } from './response-schemas';

export type { CallReference } from './response-schemas';

export const CALL_REFERENCE_ROLES: readonly StaffRole[] = ['callhandler', 'manager'];

export class CallNotFoundError extends NotFoundError {
  constructor(readonly callId: string) {
    super(`no call ${callId} was logged by you`);
  }
}

/**
 * Where a logged call went.
 * @throws CallNotFoundError when it was logged by another call handler (managers see every call).
 */
export async function callReference(
  deps: FindingDeps,
  request: CaseworkRequest,
  callId: string,
): Promise<CallReference> {
  requireRole(request.principal, CALL_REFERENCE_ROLES);
  const intakeId = `phone:${callId}`;
  const enquiryId = await deps.enquiries.findIntake(intakeId);
  if (enquiryId === null) return { callId, state: 'pending' };
  const enquiry = await deps.enquiries.requireEnquiry(enquiryId);
  const timeline = await deps.enquiries.getTimeline(enquiryId);
  const contact = timeline.find((entry) => entry.kind === 'contact' && entry.contact.intakeId === intakeId);
  const author = contact?.kind === 'contact' ? contact.contact.author : null;
  const manager = request.principal.roles.has('manager');
  if (!manager && author !== null && author !== request.principal.username)
    throw new CallNotFoundError(callId);
  await recordAccess(deps, request, 'phone-log-status', null, [callId, enquiry.id]);
  // A call added to an enquiry already open has its own `contact` event; one that opened the
  // enquiry has `received` instead (timeline order cannot tell: a call's time is when it came in).
  const contactId = contact?.kind === 'contact' ? contact.contact.id : null;
  const joinedExisting = timeline.some(
    (entry) =>
      entry.kind === 'event' && entry.event.type === 'contact' && entry.event.detail.contactId === contactId,
  );
  return {
    callId,
    state: 'routed',
    reference: enquiry.id,
    status: publicStatus(enquiry),
    teamName: teamName(deps.config, enquiry.team),
    responseDueAt: enquiry.responseDueAt,
    responseDueText: formatDeadline(enquiry.responseDueAt, deps.config.calendar.timeZone),
    joinedExisting,
  };
}
