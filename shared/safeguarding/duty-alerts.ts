/**
 * Sending safeguarding duty alerts, and telling the next person when nobody picked one up
 * (docs/safeguarding.md). The same outbox mechanism as the escalator's digests:
 *
 * - an alert is written to the outbox in the SAME transaction as the enquiry change that decides
 *   it (the router's write, or the sweep's), so it exists exactly when the decision does;
 * - whoever sends it (the router at once, or any sweep after a crash) takes the alert's sending
 *   lease, re-reads it under the lease, sends it with its fixed Message-ID, deletes it, and gives
 *   the lease back: a redelivery or a concurrent sweep finds it gone and sends nothing;
 * - the one remaining window is the digests' one: a crash after SES accepted the email and before
 *   the delete; the repeat carries the same Message-ID.
 */

import type { FunctionTimeouts } from '../config/function-timeouts';
import type { HubConfig } from '../config/hub-config';
import type { Enquiry } from '../domain/enquiry';
import { ContentionError, VersionConflictError } from '../domain/errors';
import type { Mailer } from '../mail/outgoing-email';
import { type DutyCover, dutyAlertEmail } from '../mail/staff-emails';
import { planNextAlert, stopAlertChain } from './duty-alert-plan';
import type { DutyAlertDue, DutyAlertEnquiries, DutyAlertStore } from './ports';

/**
 * How long a sender holds an alert: a minute longer than the longest of the router and the
 * escalator may run, so a live sender never loses it and a crashed one frees it within minutes.
 */
export function dutyAlertLeaseMs(timeouts: Pick<FunctionTimeouts, 'router' | 'escalator'>): number {
  return (Math.max(timeouts.router, timeouts.escalator) + 60) * 1000;
}
const MAX_ATTEMPTS = 4;

/** Log lines carry ids and counts only. */
export interface DutyAlertLogger {
  warn(message: string, detail: Record<string, string | number | boolean>): void;
}

export interface DutyAlertSendDeps {
  readonly config: HubConfig;
  readonly alerts: DutyAlertStore;
  readonly mailer: Mailer;
  /** Wall clock, for leases only. */
  readonly clock: () => Date;
  /** Unique per run (the Lambda request id): the owner of the leases it takes. */
  readonly owner: string;
  /** How long a sender holds an alert: `dutyAlertLeaseMs` of the function timeouts. */
  readonly leaseMs: number;
  readonly logger?: DutyAlertLogger;
  /**
   * Who gets mail meant for a duty contact at an instant (their deputy while they are away,
   * docs/managers.md); without it alerts go to the contact named on the list.
   */
  readonly cover?: (email: string, at: string) => Promise<DutyCover | null>;
}

export interface DutyAlertsSent {
  readonly sent: number;
  readonly failed: number;
  /** Alerts another run was sending. */
  readonly busy: number;
}

/**
 * Sends the alerts waiting in the outbox: one enquiry's (the router, right after its write) or
 * all (the sweep). A failed send leaves the alert for the next try; the others go on.
 */
export async function sendPendingDutyAlerts(
  deps: DutyAlertSendDeps,
  enquiryId?: string,
): Promise<DutyAlertsSent> {
  const result = { sent: 0, failed: 0, busy: 0 };
  for (const pending of await deps.alerts.pendingAlerts(enquiryId)) {
    if (!(await deps.alerts.claimSend(pending, deps.owner, deps.clock().getTime(), deps.leaseMs))) {
      result.busy += 1;
      continue;
    }
    try {
      // Read under the lease: an alert another run sent and cleared meanwhile is gone.
      const alert = await deps.alerts.getAlert(pending);
      if (alert === null) continue;
      try {
        const cover = (await deps.cover?.(alert.recipient, alert.sentAt)) ?? null;
        await deps.mailer.send(dutyAlertEmail(deps.config, alert, cover));
      } catch (error) {
        result.failed += 1;
        deps.logger?.warn('duty alert not sent; it stays in the outbox', {
          enquiryId: alert.enquiryId,
          step: alert.step,
          error: error instanceof Error ? error.name : 'unknown',
        });
        continue;
      }
      await deps.alerts.clearAlert(alert);
      result.sent += 1;
    } finally {
      await deps.alerts.releaseSend(pending, deps.owner);
    }
  }
  return result;
}

export interface DutyAlertSweepDeps extends DutyAlertSendDeps {
  readonly enquiries: DutyAlertEnquiries;
}

export interface DutyAlertSweepSummary extends DutyAlertsSent {
  /** Index entries found due. */
  readonly due: number;
  /** Next people told (alerts recorded) by this sweep. */
  readonly escalated: number;
}

/** Is this index entry still the one the enquiry is waiting on? */
function isCurrent(entry: DutyAlertDue, enquiry: Enquiry): boolean {
  const alert = enquiry.safeguarding.alert;
  return (
    alert !== null &&
    alert.concern === entry.concern &&
    alert.told.length === entry.told &&
    alert.nextAlertAt !== null &&
    Date.parse(alert.nextAlertAt) === Date.parse(entry.dueAt)
  );
}

/** Records the next alert of one due entry (or stops its chain); `true` when someone new is told. */
async function followUp(deps: DutyAlertSweepDeps, entry: DutyAlertDue, now: string): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const enquiry = await deps.enquiries.getEnquiry(entry.enquiryId);
    // Picked up, cleared, resolved, or already acted on: the entry is spent.
    if (enquiry === null || !isCurrent(entry, enquiry)) return false;
    const next = planNextAlert(deps.config, enquiry, now);
    try {
      if (next === null) {
        const stop = stopAlertChain(enquiry, now);
        if (stop !== null)
          await deps.enquiries.update({ before: enquiry, after: stop.enquiry, events: stop.events });
        return false;
      }
      await deps.enquiries.update({
        before: enquiry,
        after: next.transition.enquiry,
        events: next.transition.events,
        dutyAlerts: [next.notice],
      });
      return true;
    } catch (error) {
      if (!(error instanceof VersionConflictError || error instanceof ContentionError)) throw error;
    }
  }
  deps.logger?.warn('enquiry kept changing; duty alert left for the next sweep', {
    enquiryId: entry.enquiryId,
  });
  throw new ContentionError(`telling the next duty contact about ${entry.enquiryId}`);
}

/**
 * The sweep's part: tells the next person about every alert nobody picked up in time (found on the
 * "next person due" index, never by scanning), then sends every alert still in the outbox
 * (including any a crashed router left). Safe to run twice at once and to replay.
 */
export async function runDutyAlertSweep(
  deps: DutyAlertSweepDeps,
  now: string,
): Promise<DutyAlertSweepSummary> {
  let due = 0;
  let escalated = 0;
  const spent: DutyAlertDue[] = [];
  for await (const entry of deps.alerts.dueEntries(now)) {
    due += 1;
    try {
      if (await followUp(deps, entry, now)) escalated += 1;
      spent.push(entry);
    } catch (error) {
      // Left for the next sweep (the entry stays); the others go on.
      if (!(error instanceof ContentionError)) throw error;
    }
  }
  await deps.alerts.clearDue(spent);
  const sent = await sendPendingDutyAlerts(deps);
  return { due, escalated, ...sent };
}
