/**
 * What the workload chores (idle claims, leave starting, hand-over, the morning summary) need from
 * storage, as small interfaces. `shared/adapters/` implements them with DynamoDB; use cases above
 * this folder (casework, the sweep, reporting) use some of them too.
 */
import type { AuditEvent, Caseworker, Enquiry } from '../domain/enquiry';
import type { Page } from '../domain/paging';
import type { NoticeOutbox } from '../escalation/ports';
import type { Availability } from './availability';

/** Which page of a listing to read. */
export interface PageOptions {
  /** Most items to return (1-500, default 50). */
  readonly limit?: number;
  /** From the previous page; omit or null for the first page. */
  readonly cursor?: string | null;
}

/** A change to one enquiry, stored only if nobody changed it since `before` was read. */
export interface EnquiryUpdate {
  /** The enquiry as read (its `version` is the condition). */
  readonly before: Enquiry;
  readonly after: Enquiry;
  readonly events: readonly AuditEvent[];
  /** Digest notices written in the same transaction as the change. */
  readonly outbox?: NoticeOutbox;
}

/** The enquiries as the workload chores read and change them. */
export interface WorkloadEnquiries {
  getEnquiry(id: string): Promise<Enquiry | null>;
  /**
   * Stores the change with its events (and outbox notices) in one transaction.
   * @throws VersionConflictError it changed since it was read; EnquiryNotFoundError it is gone;
   *   CaseloadFullError / CaseworkerNotFoundError when the new holder cannot take it.
   */
  update(change: EnquiryUpdate): Promise<Enquiry>;
  /** The unresolved enquiries a caseworker holds: most urgent first, then soonest due. */
  listCaseload(caseworkerId: string, options?: PageOptions): Promise<Page<Enquiry>>;
  /** A team's unclaimed, unresolved enquiries: most urgent first, then soonest due. */
  listTeamQueue(team: string, options?: PageOptions): Promise<Page<Enquiry>>;
  /** Enquiries received in [from, to) (instants), in time order. */
  listReceivedBetween(from: string, to: string, options?: PageOptions): Promise<Page<Enquiry>>;
}

/** A team's caseworkers. */
export interface Roster {
  listRoster(team: string): Promise<Caseworker[]>;
}

/** One held enquiry whose holder went quiet at `quietSince`. */
export interface ClaimTimer {
  readonly enquiryId: string;
  readonly quietSince: string;
}

/** The claim timers the enquiry store writes whenever a holder's quiet time (re)starts. */
export interface ClaimTimerStore {
  /** Timers whose quiet time started at or before `upTo`, oldest first. */
  quietSince(upTo: string): AsyncIterable<ClaimTimer>;
  /** Deletes timers acted on or found stale. */
  remove(timers: readonly ClaimTimer[]): Promise<void>;
}

/** A caseworker's away period to act on when it starts. */
export interface AwayStart {
  readonly startsAt: string;
  readonly email: string;
  /** The period's first local day: which period of the record it is. */
  readonly from: string;
}

/** Away dates and deputies, and the entries of away periods about to start. */
export interface AvailabilityStore {
  /** Everyone's records (one read). */
  all(): Promise<Availability[]>;
  get(email: string): Promise<Availability | null>;
  /** Writes a person's record and the start entries of their new away periods, together. */
  put(record: Availability, starts: readonly AwayStart[]): Promise<void>;
  /** Start entries due at or before `now`, oldest first. */
  dueAwayStarts(now: string): AsyncIterable<AwayStart>;
  removeAwayStarts(starts: readonly AwayStart[]): Promise<void>;
}

/** Result of trying to take a period's send marker. */
export type MarkerClaim = 'claimed' | 'already-sent' | 'in-progress';

/**
 * Markers that make a scheduled email (the morning summary, the weekly report) go once per period
 * however many runs try: a lease while one sends it, then a mark that it was sent.
 */
export interface ReportMarkers {
  /** Takes the period's marker (a lease until `nowMs + leaseMs`) unless it was sent or someone holds it. */
  claim(
    kind: string,
    from: string,
    to: string,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<MarkerClaim>;
  /** Records that the email was sent; the marker then stays for good. */
  markSent(
    kind: string,
    from: string,
    to: string,
    owner: string,
    sentAt: string,
    messageId: string,
  ): Promise<void>;
  /** Gives an unsent marker back (after a failure), so a retry can send. */
  release(kind: string, from: string, to: string, owner: string): Promise<void>;
}
