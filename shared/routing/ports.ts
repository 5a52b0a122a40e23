/**
 * What the router needs from the outside world, as interfaces: the enquiry store (the DynamoDB
 * `EnquiryRepository` in `shared/adapters/`, or the unit tests' in-memory one) and the roster.
 * What must change together for one contact goes in one transaction (all or nothing); what can be
 * derived again (a new enquiry's search keys and back-references) follows it as plain writes that a
 * redelivery repeats.
 */
import type { AuditEvent, Contact, Enquiry, Transition } from '../domain/enquiry';
import type { DutyAlertNotice } from '../safeguarding/duty-alert-plan';

/** A Message-ID that is known to belong to an enquiry. */
export interface MessageMatch {
  messageId: string;
  enquiryId: string;
}

export interface IntakeLookupRequest {
  /** Idempotency key of the intake message. */
  intakeId: string;
  /** The address an acknowledgement would go to: its do-not-reply mark is read too. */
  doNotReply?: string | null;
  /** Message-IDs the intake replies to (In-Reply-To, References). */
  messageIds?: readonly string[];
  /** Enquiries the intake names by reference. */
  enquiryIds?: readonly string[];
}

export interface IntakeLookup {
  /** The enquiry the intake was recorded on before (a redelivery), or `null`. */
  recordedOn: string | null;
  /** When it was recorded there (`null` when it was not, or the marker does not say). */
  recordedAt: string | null;
  /** Whether the address asked about is marked do-not-reply (`null` when none was asked about). */
  doNotReply: { email: string; marked: boolean } | null;
  /** Which of the Message-IDs belong to an enquiry, in the order given. */
  messages: MessageMatch[];
  /** The named enquiries that exist. */
  enquiries: Enquiry[];
}

export interface AcknowledgementRecord {
  /** The enquiry as stored (its `version` is the condition). */
  before: Enquiry;
  /** The enquiry after `applyAcknowledged`: only fields that move no index key may differ. */
  after: Enquiry;
  events: readonly AuditEvent[];
  /** The acknowledgement as an outbound contact. */
  contacts: readonly Contact[];
  /** Message-IDs to point at the enquiry too (idempotent puts, with their back-references). */
  messageIds?: readonly string[];
  /** A new enquiry's follow-up, written in the same batch as the timeline entries (see `CreationFollowUp`). */
  completes?: CreationFollowUp;
}

/**
 * What a new enquiry's creating transaction leaves to plain, idempotent writes after it: its
 * search keys, the pointers of Message-IDs it does not need yet (its acknowledgement's), and one
 * back-reference to its intake marker and every pointer. All are derived from the enquiry, the
 * intake id and the Message-IDs, with deterministic keys, so a redelivery of the same intake can
 * write them again (`repairCreation`).
 */
export interface CreationFollowUp {
  enquiry: Enquiry;
  intakeId: string;
  /** Message-IDs the creating transaction pointed at the enquiry. */
  messageIds: readonly string[];
  /** Message-IDs the follow-up points at it (an acknowledgement's, known before it is sent). */
  laterMessageIds?: readonly string[];
}

/** A new enquiry with its first contact, stored in one transaction. */
export interface NewEnquiryWrite {
  /** From `openEnquiry` (version 1; `assignee` may be set: the caseworker's cap is then enforced). */
  enquiry: Enquiry;
  /** The first contact. */
  contact: Contact;
  events: readonly AuditEvent[];
  /** Idempotency key of the intake message (`email:<Message-ID>`, `phone:<callId>`). */
  intakeId: string;
  /** Message-IDs that should thread to this enquiry (the contact's own, an acknowledgement's...). */
  messageIds?: readonly string[];
  /** Safeguarding duty alerts decided with it, written in the same transaction. */
  dutyAlerts?: readonly DutyAlertNotice[];
  /**
   * The caller writes the follow-up itself (`completeCreation`, or with the acknowledgement's
   * timeline entries); by default `createEnquiry` writes it before it returns.
   */
  followUpByCaller?: boolean;
}

/** A further contact on an enquiry with the enquiry's change, stored in one transaction. */
export interface ContactWrite {
  /** The enquiry as read (its `version` is the condition). */
  before: Enquiry;
  /** The enquiry after `applyContact` (and any other transition). */
  after: Enquiry;
  contact: Contact;
  events: readonly AuditEvent[];
  intakeId: string;
  messageIds?: readonly string[];
  /** Safeguarding duty alerts decided with it, written in the same transaction. */
  dutyAlerts?: readonly DutyAlertNotice[];
}

/** What is written beside a change made with `modify`. */
export interface ChangeExtras {
  contacts?: readonly Contact[];
  messageIds?: readonly string[];
}

/** A fact an enquiry can be found by exactly (its search keys). */
export type ExactFact = 'email' | 'phone' | 'child-match';

/** What the router needs from the enquiry store. */
export interface RouterEnquiryStore {
  /** The first reads of an intake, together (see `IntakeLookup`). */
  lookupIntake(request: IntakeLookupRequest): Promise<IntakeLookup>;
  getEnquiry(id: string): Promise<Enquiry | null>;
  /** The enquiries that exist of these ids. */
  getEnquiries(ids: readonly string[]): Promise<Enquiry[]>;
  /** Unresolved enquiries from this email address (any case), newest first. */
  findOpenByEmail(email: string): Promise<Enquiry[]>;
  /** Unresolved enquiries from this phone number (E.164), newest first. */
  findOpenByPhone(phone: string): Promise<Enquiry[]>;
  /** Ids of enquiries known by this fact (newest first, at most `limit`); may lag a moment behind writes. */
  findIdsByFact(kind: ExactFact, value: string, limit?: number): Promise<string[]>;
  /**
   * @throws ReferenceTakenError the reference is used already; DuplicateIntakeError the intake was
   *   recorded before (nothing written); CaseloadFullError / CaseworkerNotFoundError.
   */
  createEnquiry(write: NewEnquiryWrite): Promise<Enquiry>;
  /** Writes a new enquiry's follow-up (idempotent plain writes). */
  completeCreation(followUp: CreationFollowUp): Promise<void>;
  /**
   * Writes what of a new enquiry's follow-up is missing (a crash between the creating transaction
   * and its follow-up); returns how many items were.
   */
  repairCreation(followUp: CreationFollowUp): Promise<number>;
  /** @throws VersionConflictError it changed since it was read; DuplicateIntakeError. */
  appendContact(write: ContactWrite): Promise<Enquiry>;
  /**
   * Reads the enquiry, applies `change` and stores the result, again on a version conflict;
   * `change` returns `null` when there is nothing to do.
   * @throws EnquiryNotFoundError, ContentionError.
   */
  modify(
    id: string,
    change: (current: Enquiry) => Transition | null,
    extras?: ChangeExtras,
  ): Promise<{ enquiry: Enquiry; changed: boolean }>;
  /**
   * Records an acknowledgement in place, its timeline entries beside it.
   * @returns the stored enquiry, or `null` when it changed since `before` (the entries are written).
   */
  recordAcknowledgement(record: AcknowledgementRecord): Promise<Enquiry | null>;
  /** Puts back the timeline entries of `at` that are missing; returns how many were. */
  restoreTimelineEntries(
    enquiry: Enquiry,
    at: string,
    entries: { events: readonly AuditEvent[]; contacts: readonly Contact[] },
  ): Promise<number>;
  /** Whether the address was marked do-not-reply after a bounce or complaint. */
  isDoNotReply(email: string): Promise<boolean>;
}
