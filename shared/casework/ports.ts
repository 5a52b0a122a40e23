/**
 * What the caseworker API's actions and views need from storage: the enquiries (with their
 * timelines, claims and changes) and the caseworker profiles. `shared/adapters/` implements them
 * with DynamoDB (`EnquiryRepository`, `CaseworkerRepository`); statutory and finding, which build
 * on casework, use them too.
 */
import type {
  AuditEvent,
  Caseworker,
  CaseworkerProfile,
  Contact,
  Enquiry,
  Transition,
} from '../domain/enquiry';
import type { NoticeOutbox } from '../escalation/ports';
import type { ChangeExtras } from '../routing/ports';
import type { EnquiryUpdate, Roster, WorkloadEnquiries } from '../workload/ports';

/** An entry of an enquiry's timeline, in time order. */
export type TimelineEntry =
  | { kind: 'contact'; at: string; contact: Contact }
  | { kind: 'event'; at: string; event: AuditEvent };

/** A change made on a request: what is stored with it, and which request made it. */
export interface CaseworkUpdate extends EnquiryUpdate {
  /** Contacts to store with the change (e.g. the response sent to the enquirer). */
  readonly contacts?: readonly Contact[];
  /** Message-IDs that should thread to this enquiry from now on (e.g. an outgoing email's). */
  readonly messageIds?: readonly string[];
  /**
   * The request this change belongs to: two otherwise identical changes from different requests
   * (a form submitted twice) are then different writes, and the second conflicts.
   */
  readonly requestId?: string;
}

/** What is written beside a change made with `modify`, the digest notices decided on the enquiry as read. */
export interface CaseworkChangeExtras extends ChangeExtras {
  readonly outbox?: (current: Enquiry, changed: Enquiry) => NoticeOutbox;
}

/** The enquiries as the casework actions read and change them. */
export interface CaseworkEnquiries extends WorkloadEnquiries {
  /** Contacts and audit events of an enquiry in time order. */
  getTimeline(id: string): Promise<TimelineEntry[]>;
  /** Whether the address was marked do-not-reply after a bounce or complaint. */
  isDoNotReply(email: string): Promise<boolean>;
  /**
   * A caseworker takes an enquiry from the queue: exactly one of concurrent claimers wins, within
   * their cap. @throws AlreadyClaimedError, CaseloadFullError, InvalidTransitionError.
   */
  claim(id: string, caseworkerId: string, now: string): Promise<Enquiry>;
  /** The holder gives an enquiry back to the team queue. */
  release(id: string, caseworkerId: string, now: string): Promise<Enquiry>;
  /** @throws VersionConflictError it changed since it was read. */
  update(change: CaseworkUpdate): Promise<Enquiry>;
  /**
   * Reads the enquiry, applies `change` and stores the result, again on a version conflict;
   * `change` returns `null` when there is nothing to do.
   * @throws EnquiryNotFoundError, ContentionError, or what `change` throws.
   */
  modify(
    id: string,
    change: (current: Enquiry) => Transition | null,
    extras?: CaseworkChangeExtras,
  ): Promise<{ enquiry: Enquiry; changed: boolean }>;
}

/** The caseworker profiles. */
export interface CaseworkerStore extends Roster {
  getCaseworker(id: string): Promise<Caseworker | null>;
  /** Creates or updates a profile (its open count is kept). */
  putCaseworker(profile: CaseworkerProfile): Promise<Caseworker>;
}
