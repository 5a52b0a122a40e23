/**
 * Use case: staff resend an acknowledgement SES refused (the enquiry shows the failure). Anyone who
 * works the enquiry's team may, once they have checked (or corrected) the address. Sent first and
 * recorded once SES accepts it; refused again, the failure is recorded again with SES's reason.
 */

import { CASEWORK_ROLES, requireRole, worksInTeam } from '../access/access-policy';
import { addressKey } from '../domain/email-address';
import { applyAcknowledged, applyAcknowledgementFailed } from '../domain/enquiry';
import { InvalidTransitionError, ValidationError } from '../domain/errors';
import { acknowledgementContact, acknowledgementEmail } from '../mail/enquirer-emails';
import { isDoNotReplyAddress } from '../mail/hub-mail';
import { EmailRejectedError } from '../mail/outgoing-email';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { EmailNotSentError, EnquirerUnreachableError } from './casework-errors';
import { checkVersion, type EnquiryView, loadVisible, view } from './enquiry-actions';

/**
 * Sends the enquiry's acknowledgement again and records it.
 * @throws ForbiddenError not a caseworker or manager of its team; InvalidTransitionError already
 *   acknowledged; ValidationError (`requester.email`) no usable address; EnquirerUnreachableError
 *   the address bounced or complained before; EmailNotSentError (502) SES refused it again.
 */
export async function resendAcknowledgement(
  deps: Pick<CaseworkDeps, 'enquiries' | 'mailer' | 'config'>,
  request: CaseworkRequest,
  id: string,
  input: { expectedVersion?: number | undefined },
): Promise<EnquiryView> {
  requireRole(request.principal, CASEWORK_ROLES);
  const current = await loadVisible(deps, request, id);
  checkVersion(current, input.expectedVersion);
  if (!worksInTeam(request.principal, current.team)) {
    throw new InvalidTransitionError(id, current.status, 'resend the acknowledgement of');
  }
  if (current.acknowledgedAt !== null)
    throw new InvalidTransitionError(id, 'acknowledged', 'resend the acknowledgement of');
  const to = addressKey(current.requester.email ?? '');
  if (to === '' || isDoNotReplyAddress(deps.config, to)) {
    throw new ValidationError('requester.email: the enquiry has no address an acknowledgement can go to', {
      field: 'requester.email',
    });
  }
  if (await deps.enquiries.isDoNotReply(to)) throw new EnquirerUnreachableError(id);
  const actor = request.principal.username;
  const email = acknowledgementEmail(deps.config, current, to, current.channel);
  let providerMessageId: string;
  try {
    providerMessageId = (await deps.mailer.send(email)).providerMessageId;
  } catch (error) {
    if (error instanceof EmailRejectedError) {
      const reason = error.reason;
      await deps.enquiries.modify(id, (latest) =>
        applyAcknowledgementFailed(latest, request.now, actor, reason),
      );
    }
    throw new EmailNotSentError(id, { cause: error });
  }
  const { enquiry } = await deps.enquiries.modify(
    id,
    (latest) =>
      applyAcknowledged(latest, request.now, actor, {
        channel: 'email',
        messageId: email.messageId,
        providerMessageId,
        responseDueAt: latest.responseDueAt,
        resent: true,
      }),
    { contacts: [acknowledgementContact(id, email, request.now)], messageIds: [email.messageId] },
  );
  return view(enquiry, request.now);
}
