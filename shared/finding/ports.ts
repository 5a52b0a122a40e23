/**
 * What the finding use cases (search, child records, the call handler's reference, the parents'
 * status page) need from the outside world beside casework's ports: the enquiries as they are
 * looked up, the access log and the attempt counters. `shared/adapters/` implements them.
 */
import type { CaseworkEnquiries } from '../casework/ports';
import type { Enquiry } from '../domain/enquiry';

/** A fact an enquiry can be found by exactly (its search keys). */
export type FindableFact = 'email' | 'phone' | 'date-of-birth' | 'postcode' | 'outward-code';

/** The enquiries as finding looks them up. */
export interface FindingEnquiries extends CaseworkEnquiries {
  /** The enquiries that exist of these ids. */
  getEnquiries(ids: readonly string[]): Promise<Enquiry[]>;
  /** The enquiry, or `EnquiryNotFoundError`. */
  requireEnquiry(id: string): Promise<Enquiry>;
  /** The enquiry id an intake was recorded on, or `null` if it has not been recorded. */
  findIntake(intakeId: string): Promise<string | null>;
  /** Ids of enquiries known by this fact (newest first, at most `limit`); may lag a moment behind writes. */
  findIdsByFact(kind: FindableFact, value: string, limit?: number): Promise<string[]>;
  /** Ids of enquiries whose enquirer's or child's name has a word starting with `word` (folded). */
  findIdsByNameWord(word: string, limit?: number): Promise<string[]>;
  /** Ids of enquiries linked to a child record (newest first, at most `limit`); may lag a moment behind writes. */
  findIdsOfChild(childId: string, limit?: number): Promise<string[]>;
}

export type AccessAction = 'search' | 'open-enquiry' | 'open-child' | 'phone-log-status';

export interface AccessEntry {
  readonly at: string;
  /** The staff user (token username). */
  readonly who: string;
  readonly roles: readonly string[];
  readonly action: AccessAction;
  /** What was searched (search), or null. */
  readonly query: string | null;
  /** What was opened or found: enquiry references, a child record id, a call id. */
  readonly records: readonly string[];
  /** Unique per request (API Gateway's request id): a retried request writes the same item. */
  readonly requestId: string;
}

/** Who searched for what and who opened which record; what was searched lives only there. */
export interface AccessLog {
  record(entry: AccessEntry, retentionDays: number): Promise<void>;
}

/** Fixed-window attempt counters (the status page's limits). */
export interface RateLimits {
  /** Counts one attempt against `key` in the window holding `now`; returns the count so far. */
  hit(key: string, windowSeconds: number, now: Date): Promise<number>;
}
