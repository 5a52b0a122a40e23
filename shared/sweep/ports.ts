/**
 * What the escalator's sweep needs from storage, beside the ports of the chores it runs
 * (`workload/ports.ts`, `safeguarding/ports.ts`, `statutory/ports.ts`). `shared/adapters/`
 * implements them with DynamoDB; the unit tests with in-memory ones.
 */
import type { Enquiry, Transition } from '../domain/enquiry';
import type { EscalationNotice } from '../escalation/escalation-plan';

/** The enquiries whose next escalation step is due. */
export interface DueEnquiries {
  /**
   * Every enquiry due for escalation at `now` (a sparse index: cost grows with what is due). A
   * generator, so that concurrent workers can share it (it queues their `next()` calls).
   */
  dueForEscalation(now: string): AsyncGenerator<Enquiry>;
  getEnquiry(id: string): Promise<Enquiry | null>;
}

/** The escalation steps, the digest outbox and its sending leases. */
export interface EscalationStore {
  /**
   * Stores the enquiry change of an escalation (or a reschedule, with no notices) conditioned on
   * `before.version`, with its audit events, one outbox notice and one log entry per step, all in
   * one transaction. `sweepId` is recorded on the notices.
   * @throws VersionConflictError the enquiry changed since it was read.
   * @throws EnquiryNotFoundError it was deleted.
   */
  recordEscalation(
    before: Enquiry,
    transition: Transition,
    notices: readonly EscalationNotice[],
    sweepId: string,
  ): Promise<Enquiry>;
  /** Addresses that have notices waiting to be sent. */
  pendingRecipients(): Promise<string[]>;
  /** Up to `limit` notices waiting for one recipient (strongly consistent). */
  pendingNotices(recipient: string, limit: number): Promise<EscalationNotice[]>;
  /** Deletes notices once their digest was sent. */
  clearNotices(notices: readonly EscalationNotice[]): Promise<void>;
  /** Takes the sending lease on a recipient's digest until `nowMs + leaseMs`; `false` if someone holds it. */
  claimDigest(recipient: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /** Gives the lease back (only if `owner` still holds it). */
  releaseDigest(recipient: string, owner: string): Promise<void>;
}

/** When each person last got a digest, so digests are paced. */
export interface DigestPacingStore {
  /** When `recipient` last got a digest (the sweep's `now` then), or null. */
  lastSent(recipient: string): Promise<string | null>;
  markSent(recipient: string, at: string): Promise<void>;
}
