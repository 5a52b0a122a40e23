/**
 * What safeguarding duty alerts need from storage: the alert outbox with its sending leases, and the
 * "next person due" index. `shared/adapters/duty-alert-store.ts` implements it with DynamoDB; the
 * alerts themselves are written with the enquiry change that decides them (`dutyAlerts` of the
 * enquiry store's writes), so they exist exactly when the decision does.
 */

import type { AuditEvent, Enquiry } from '../domain/enquiry';
import { Reference } from '../domain/enquiry';
import * as z from '../domain/zod';
import type { DutyAlertNotice } from './duty-alert-plan';

/** An entry of the "next person due" index. */
export const DutyAlertDue = z.object({
  enquiryId: Reference,
  concern: z.int().check(z.positive()),
  /** How many people had been told when this entry was written. */
  told: z.int().check(z.nonnegative()),
  dueAt: z.iso.datetime({ offset: true }),
});
export type DutyAlertDue = z.infer<typeof DutyAlertDue>;

/** What the alert sender and the sweep need from storage. */
export interface DutyAlertStore {
  /** Alerts waiting to be emailed: one enquiry's, or all (oldest enquiry key first). */
  pendingAlerts(enquiryId?: string): Promise<DutyAlertNotice[]>;
  /** The alert if it is still waiting (strongly consistent: read under the lease). */
  getAlert(notice: DutyAlertNotice): Promise<DutyAlertNotice | null>;
  claimSend(notice: DutyAlertNotice, owner: string, nowMs: number, leaseMs: number): Promise<boolean>;
  releaseSend(notice: DutyAlertNotice, owner: string): Promise<void>;
  /** Deletes an alert once it was emailed. */
  clearAlert(notice: DutyAlertNotice): Promise<void>;
  /** Index entries due at or before `now`. */
  dueEntries(now: string): AsyncGenerator<DutyAlertDue>;
  /** Deletes index entries that were acted on (or are stale). */
  clearDue(entries: readonly DutyAlertDue[]): Promise<void>;
}

/** A change to one enquiry, with the duty alert it decides, stored only if nobody changed it since. */
export interface AlertingUpdate {
  /** The enquiry as read (its `version` is the condition). */
  readonly before: Enquiry;
  readonly after: Enquiry;
  readonly events: readonly AuditEvent[];
  /** Alerts (and their "next person due" entries) written in the same transaction. */
  readonly dutyAlerts?: readonly DutyAlertNotice[];
}

/** The enquiries as the duty-alert sweep reads and changes them. */
export interface DutyAlertEnquiries {
  getEnquiry(id: string): Promise<Enquiry | null>;
  /** @throws VersionConflictError it changed since it was read. */
  update(change: AlertingUpdate): Promise<Enquiry>;
}
