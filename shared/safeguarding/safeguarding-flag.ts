/**
 * The safeguarding flag on an enquiry after a later contact (a reply, a call) is triaged. Pure.
 * A contact raises a NEW concern when it brings a category the enquiry's flag does not have yet
 * (including when there was no concern): that is news for the duty contacts, so it gets its own
 * alert. A concern always makes the enquiry urgent.
 */
import {
  type AuditEvent,
  applyPriorityRaise,
  type Enquiry,
  type ServiceLevelPolicy,
  type Transition,
  toInstant,
} from '../domain/enquiry';
import type { Safeguarding } from '../domain/taxonomy';

export interface ConcernFromContact {
  readonly transition: Transition;
  /** The contact raised a new concern: a duty alert is due. */
  readonly newConcern: boolean;
}

/**
 * Applies a later contact's safeguarding reading to the enquiry.
 * @returns null when the contact raises nothing the flag does not already say.
 */
export function applyConcernFromContact(
  enquiry: Enquiry,
  found: Safeguarding,
  contactId: string,
  at: string,
  actor: string,
  policy: ServiceLevelPolicy,
): ConcernFromContact | null {
  if (!found.concern) return null;
  const current = enquiry.safeguarding;
  const known = current.concern ? current.categories : [];
  const added = found.categories.filter((category) => !known.includes(category));
  if (added.length === 0) return null;
  const when = toInstant(at);
  const reasons = found.reasons.map((reason) => `a later contact: ${reason}`);
  const flagged: Enquiry = {
    ...enquiry,
    safeguarding: {
      ...current,
      concern: true,
      categories: [...known, ...added],
      reasons: [...(current.concern ? current.reasons : []), ...reasons],
      raisedAt: when,
      raisedByContact: contactId,
      raisedBy: actor,
    },
    updatedAt: when,
  };
  const events: AuditEvent[] = [
    {
      enquiryId: enquiry.id,
      at: when,
      type: 'safeguarding-raised',
      actor,
      detail: { contactId, categories: added, reasons },
    },
  ];
  const raised = applyPriorityRaise(flagged, 'urgent', reasons, when, actor, policy);
  return {
    transition:
      raised === null
        ? { enquiry: flagged, events }
        : { enquiry: raised.enquiry, events: [...events, ...raised.events] },
    newConcern: true,
  };
}
