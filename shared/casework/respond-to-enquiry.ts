/**
 * Use case: a caseworker responds to the enquirer. The response (or a question that pauses the
 * clock while the hub waits on the enquirer) is recorded first, in one transaction with the
 * outbound contact and the email's Message-ID, conditioned on the version the caseworker saw; only
 * then is the email sent. So a double submit can record and send at most once (the second gets a
 * version conflict), and a response is never sent without being on the record.
 */

import { CASEWORK_ROLES, requireHolderOrManager, requireRole } from '../access/access-policy';
import { applyAskEnquirer, applyNote, applyResponse, type Contact, type Enquiry } from '../domain/enquiry';
import { ValidationError } from '../domain/errors';
import * as z from '../domain/zod';
import { type ResponseThread, responseEmail } from '../mail/enquirer-emails';
import { EmailRejectedError, type OutgoingEmail } from '../mail/outgoing-email';
import type { CaseworkDeps, CaseworkRequest } from './casework-context';
import { EmailNotSentError, EnquirerUnreachableError } from './casework-errors';
import { checkVersion, loadVisible, view } from './enquiry-actions';
import type { TimelineEntry } from './ports';
import type { RespondResult } from './response-schemas';

export type { RespondResult } from './response-schemas';

export interface RespondInput {
  /** What the caseworker says to the enquirer. */
  readonly text: string;
  /** Email it to the enquirer (threaded to their messages); otherwise it was given another way. */
  readonly sendEmail: boolean;
  /** The response asks the enquirer something: the clock pauses until they reply. */
  readonly askEnquirer?: boolean | undefined;
  readonly expectedVersion: number;
}

/** The thread a response joins, from the enquiry's timeline (every email's Message-ID, oldest first). */
function threadOf(timeline: readonly TimelineEntry[]): ResponseThread {
  const messageIds: string[] = [];
  let lastInbound: string | undefined;
  for (const entry of timeline) {
    if (entry.kind !== 'contact' || entry.contact.messageId === null) continue;
    const id = entry.contact.messageId.trim();
    const bracketed = id.startsWith('<') ? id : `<${id}>`;
    if (!messageIds.includes(bracketed)) messageIds.push(bracketed);
    if (entry.contact.direction === 'inbound' && !entry.contact.automated) lastInbound = bracketed;
  }
  return { messageIds, lastInbound };
}

/**
 * Records a response to the enquirer (the first one sets `firstResponseWorkingMinutes`) or, with
 * `askEnquirer`, a question that pauses the clock; with `sendEmail`, emails it to them.
 *
 * With email, the response counts only once SES has accepted the email: the enquiry's version is
 * taken first (an empty change, so a double submit gets 409 and sends nothing), then the email is
 * sent, then the response is recorded. If SES refuses it, nothing is recorded as a response: a note
 * keeps the text so the caseworker can try again, and the answer is 502.
 * @throws VersionConflictError (409) the enquiry changed since the caller read it; nothing recorded or sent.
 * @throws NotAssigneeError (409) the caller neither holds it nor manages its team.
 * @throws InvalidTransitionError (409) resolved, or asking while not awaiting a response.
 * @throws ValidationError (400, `sendEmail`) no email address; EnquirerUnreachableError (409) it bounced before.
 * @throws EmailNotSentError (502) SES did not take the email: not recorded as a response (a note says so).
 */
export async function respondToEnquiry(
  deps: Pick<CaseworkDeps, 'enquiries' | 'mailer' | 'config' | 'policy'>,
  request: CaseworkRequest,
  id: string,
  input: RespondInput,
): Promise<RespondResult> {
  requireRole(request.principal, CASEWORK_ROLES);
  const current = await loadVisible(deps, request, id);
  checkVersion(current, input.expectedVersion);
  requireHolderOrManager(request.principal, current);
  const actor = request.principal.username;
  const transitionOf = (enquiry: Enquiry) =>
    input.askEnquirer
      ? applyAskEnquirer(enquiry, request.now, actor)
      : applyResponse(enquiry, request.now, actor, deps.policy);
  // Refused before anything is sent (resolved, asking while not open...).
  transitionOf(current);

  let email: OutgoingEmail | null = null;
  if (input.sendEmail) {
    const address = current.requester.email;
    if (address === null || address.trim() === '') {
      throw new ValidationError('sendEmail: the enquirer gave no email address; contact them another way', {
        field: 'sendEmail',
      });
    }
    if (await deps.enquiries.isDoNotReply(address)) throw new EnquirerUnreachableError(id);
    email = responseEmail(
      deps.config,
      current,
      threadOf(await deps.enquiries.getTimeline(id)),
      input.text,
      address,
    );
  }

  const contact: Contact = {
    id: `response-${current.version + 1}`,
    enquiryId: id,
    at: request.now,
    direction: 'outbound',
    channel: email === null ? current.channel : 'email',
    automated: false,
    from: null,
    author: actor,
    subject: email?.subject ?? null,
    body: input.text,
    bodyTruncated: false,
    messageId: email?.messageId ?? null,
    intakeId: null,
    attachments: [],
    raw: null,
  };
  const record = (enquiry: Enquiry) => {
    const transition = transitionOf(enquiry);
    return {
      enquiry: transition.enquiry,
      events: transition.events.map((event) => ({
        ...event,
        detail: {
          ...event.detail,
          contactId: contact.id,
          emailed: email !== null,
          requestId: request.requestId,
        },
      })),
    };
  };

  if (email === null) {
    const change = record(current);
    const stored = await deps.enquiries.update({
      before: current,
      after: change.enquiry,
      events: change.events,
      contacts: [contact],
    });
    return result(stored, current, request.now, false);
  }

  // Take the version: a second submit of the same form now conflicts before it can send.
  await deps.enquiries.update({
    before: current,
    after: { ...current, updatedAt: request.now },
    events: [],
    requestId: request.requestId,
  });
  try {
    await deps.mailer.send(email);
  } catch (error) {
    const reason =
      error instanceof EmailRejectedError
        ? `the mail service refused it (${error.reason})`
        : 'the mail service could not be reached';
    // Say so on the record, with the text, where the next person to open the enquiry will see it.
    await deps.enquiries
      .modify(id, (latest) =>
        applyNote(
          latest,
          request.now,
          actor,
          `This response was NOT sent and is not recorded as a response: ${reason}. The text, to send again or use another way:\n\n${input.text}`,
        ),
      )
      .catch(() => undefined);
    throw new EmailNotSentError(id, { cause: error });
  }
  // SES has it: now it counts (re-applied on the latest version if someone changed it meanwhile).
  const { enquiry: stored } = await deps.enquiries.modify(id, (latest) => record(latest), {
    contacts: [contact],
    messageIds: [email.messageId],
  });
  return result(stored, current, request.now, true);
}

function result(stored: Enquiry, before: Enquiry, now: string, emailed: boolean): RespondResult {
  return {
    ...view(stored, now),
    emailed,
    firstResponse: before.firstRespondedAt === null && stored.firstRespondedAt !== null,
  };
}
