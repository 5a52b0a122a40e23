/**
 * Told when someone picks it up: the first time an enquiry gets a caseworker (a claim, or a
 * manager's assignment), the enquirer gets one email naming the team (and the caseworker's first
 * name if the council chooses). Once: the email has a fixed Message-ID and `pickedUpNotifiedAt`
 * records it; if sending fails the claim still stands and the next claim or assignment tries again.
 */

import type { CaseworkDeps, CaseworkRequest } from '../casework/casework-context';
import type { EnquiryView } from '../casework/enquiry-actions';
import { view } from '../casework/enquiry-actions';
import { addressKey } from '../domain/email-address';
import { applyPickedUpNotified } from '../domain/enquiry';
import { automaticEmailContact, pickedUpEmail } from '../mail/enquirer-emails';
import { isDoNotReplyAddress } from '../mail/hub-mail';
import type { FindingDeps } from './finding-context';

/** Where a failed send is reported (ids only). */
export interface PickedUpWarnings {
  warn(message: string, extra: Record<string, string>): void;
}

/** Sends the picked-up email if it is due; returns the enquiry as it stands afterwards. */
export async function tellEnquirerPickedUp(
  deps: Pick<FindingDeps, 'enquiries' | 'caseworkers' | 'config'> &
    Pick<CaseworkDeps, 'mailer'> & { logger?: PickedUpWarnings },
  request: CaseworkRequest,
  current: EnquiryView,
): Promise<EnquiryView> {
  const { enquiry } = current;
  const to = addressKey(enquiry.requester.email ?? '');
  if (
    !deps.config.pickedUpEmail.enabled ||
    enquiry.assignee === null ||
    enquiry.pickedUpNotifiedAt !== null
  ) {
    return current;
  }
  if (to === '' || isDoNotReplyAddress(deps.config, to) || (await deps.enquiries.isDoNotReply(to)))
    return current;
  const caseworker = await deps.caseworkers.getCaseworker(enquiry.assignee);
  const email = pickedUpEmail(deps.config, enquiry, to, caseworker?.name ?? null);
  try {
    const sent = await deps.mailer.send(email);
    const { enquiry: stored } = await deps.enquiries.modify(
      enquiry.id,
      (latest) =>
        applyPickedUpNotified(latest, request.now, request.principal.username, {
          messageId: email.messageId,
          providerMessageId: sent.providerMessageId,
        }),
      {
        contacts: [automaticEmailContact(enquiry.id, 'picked-up', email, request.now)],
        messageIds: [email.messageId],
      },
    );
    return view(stored, request.now);
  } catch (error) {
    deps.logger?.warn('picked-up email not sent; the next claim will try again', {
      enquiryId: enquiry.id,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return current;
  }
}
