/**
 * One escalator sweep at `now` (docs/escalation.md):
 *
 * 1. Record. Read the enquiries whose next step is due from the sparse awaiting index (a Query per
 *    shard, paged; cost grows with the number due). For each, plan the due steps and store them in
 *    ONE transaction with the enquiry's version as its condition, together with one outbox notice
 *    per step. Two sweeps at once: one transaction wins, the other re-reads and finds the steps
 *    taken. A crash: what was not recorded is still due next time.
 * 2. Send. For each recipient with notices waiting (this sweep's and any left by an earlier failure),
 *    take a sending lease, read their notices, send ONE digest, delete the notices, give the lease
 *    back. A failed send leaves the notices for the next sweep; other recipients are unaffected.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';
import type { HubConfig } from '../config/hub-config';
import { type Enquiry, toInstant } from '../domain/enquiry';
import { ContentionError, EnquiryNotFoundError, VersionConflictError } from '../domain/errors';
import {
  type CaseworkerDirectory,
  type CaseworkerProfiles,
  memoisedDirectory,
} from '../escalation/caseworker-directory';
import { type EscalationNotice, planEscalation, type StaffMember } from '../escalation/escalation-plan';
import type { Mailer } from '../mail/outgoing-email';
import { type DutyAlertSweepSummary, dutyAlertLeaseMs, runDutyAlertSweep } from '../safeguarding/duty-alerts';
import type { DutyAlertEnquiries, DutyAlertStore } from '../safeguarding/ports';
import type { StatutoryStore } from '../statutory/ports';
import { recordStatutoryAlerts, type StatutorySweepSummary } from '../statutory/statutory-sweep';
import { availabilityBook, type CoverAnswer, coverFor, deputyFor } from '../workload/availability';
import { type AwayStartSummary, startAwayPeriods } from '../workload/away-starts';
import { digestDue } from '../workload/digest-pacing';
import { type IdleClaimSummary, returnIdleClaims } from '../workload/idle-claims';
import { type MorningSummarySummary, sendMorningSummaries } from '../workload/morning-summary';
import type {
  AvailabilityStore,
  ClaimTimerStore,
  ReportMarkers,
  Roster,
  WorkloadEnquiries,
} from '../workload/ports';
import { buildDigestEmail, type Covering } from './digest';
import type { DigestPacingStore, DueEnquiries, EscalationStore } from './ports';

/**
 * How long a sweep holds a recipient's digest: a minute longer than the escalator may run, so a
 * live holder never loses its lease and a crashed one frees it within minutes.
 */
export function digestLeaseMs(timeouts: Pick<FunctionTimeouts, 'escalator'>): number {
  return (timeouts.escalator + 60) * 1000;
}
/** Most notices in one digest; any more wait for the next sweep (5 minutes later). */
export const MAX_DIGEST_NOTICES = 500;
/** Re-read-and-retry rounds when an enquiry changes under the sweep before leaving it to the next sweep. */
const MAX_ATTEMPTS = 4;
/** Enquiries recorded at once (each is its own transaction). */
const CONCURRENCY = 8;

/** Log lines carry ids and counts only. */
export interface SweepLogger {
  warn(message: string, detail: Record<string, string | number | boolean>): void;
}

export interface SweepDeps {
  readonly config: HubConfig;
  readonly enquiries: DueEnquiries;
  readonly store: EscalationStore;
  readonly caseworkers: CaseworkerDirectory;
  readonly mailer: Mailer;
  /** Wall clock, for digest leases only (the sweep's `now` may be a replayed instant). */
  readonly clock: () => Date;
  /** Unique per sweep (e.g. the Lambda request id): the owner of the leases it takes. */
  readonly sweepId: string;
  /** How long the router and the escalator may run: the digest and duty-alert leases outlast them. */
  readonly timeouts: Pick<FunctionTimeouts, 'router' | 'escalator'>;
  /** Asked before each enquiry and each digest; `true` stops starting new work (time budget). */
  readonly shouldStop?: () => boolean;
  readonly logger?: SweepLogger;
  /**
   * Safeguarding duty alerts: when given, the sweep first tells the next duty contact about alerts
   * nobody picked up and sends any alert a crashed router left (docs/safeguarding.md).
   */
  readonly dutyAlerts?: {
    readonly store: DutyAlertStore;
    readonly enquiries: DutyAlertEnquiries;
  };
  /** Statutory processes (EHC assessments, annual reviews, complaints): their deadlines join the digests. */
  readonly statutory?: StatutoryStore;
  /** When each person last got a digest: with it, digests are paced (`workload.digestMinutesApart`). */
  readonly pacing?: DigestPacingStore;
  /**
   * A manager's day (docs/managers.md): when given, the sweep first hands over the work of
   * caseworkers whose leave starts and returns claims whose holder has been quiet past
   * `workload.claimExpiresAfterWorkingMinutes` to the team queue.
   */
  readonly workload?: {
    readonly timers: ClaimTimerStore;
    readonly availability: AvailabilityStore;
    readonly enquiries: WorkloadEnquiries;
    readonly roster: Roster & CaseworkerProfiles;
    /** Once-a-day markers of the teams' morning summaries (the weekly report's kind of marker). */
    readonly markers: ReportMarkers;
  };
}

export interface SweepSummary {
  readonly now: string;
  /** Enquiries found due on the awaiting index. */
  readonly due: number;
  /** Enquiries that had at least one step recorded by this sweep. */
  readonly escalated: number;
  /** Steps recorded by this sweep, by step id. */
  readonly steps: Readonly<Record<string, number>>;
  /** Enquiries whose breach step this sweep recorded. */
  readonly breaches: number;
  /** Index entries moved on without a step (stale `nextEscalationAt`). */
  readonly rescheduled: number;
  /** Found due but nothing to do (answered, paused or already escalated by another sweep). */
  readonly skipped: number;
  /** Left for the next sweep after repeated concurrent changes. */
  readonly contended: number;
  readonly digests: {
    readonly sent: number;
    readonly failed: number;
    /** Recipients whose digest another sweep was sending. */
    readonly busy: number;
    /** Recipients whose notices wait for their next digest (one an hour, `workload.digestMinutesApart`). */
    readonly held: number;
    /** Notices delivered in the digests sent. */
    readonly notices: number;
  };
  /** Statutory milestones alerted by this sweep (null when the sweep has no statutory store). */
  readonly statutory: StatutorySweepSummary | null;
  /** `shouldStop` ended the sweep early; the rest is still due. */
  readonly stoppedEarly: boolean;
  /** Safeguarding duty alerts (absent when the sweep was not given them). */
  readonly dutyAlerts?: DutyAlertSweepSummary;
  /** Claims returned to their team queue (absent when the sweep was not given `workload`). */
  readonly idleClaims?: IdleClaimSummary;
  /** Caseworkers' leave that started, and what was handed over (absent without `workload`). */
  readonly awayStarts?: AwayStartSummary;
  /** The teams' morning summaries sent by this sweep (absent without `workload`). */
  readonly morningSummaries?: MorningSummarySummary;
}

interface Counters {
  due: number;
  escalated: number;
  steps: Record<string, number>;
  breaches: number;
  rescheduled: number;
  skipped: number;
  contended: number;
}

type Outcome =
  | { kind: 'escalated'; steps: string[]; breach: boolean }
  | { kind: 'rescheduled' }
  | { kind: 'skipped' }
  | { kind: 'contended' };

async function assigneeOf(enquiry: Enquiry, directory: CaseworkerDirectory): Promise<StaffMember | null> {
  return enquiry.assignee === null ? null : directory.find(enquiry.assignee);
}

/**
 * Plans and records one enquiry's due steps. The first attempt uses the index copy (its version
 * condition catches a stale copy); later attempts re-read the enquiry strongly consistently.
 */
async function recordOne(
  deps: SweepDeps,
  directory: CaseworkerDirectory,
  fromIndex: Enquiry,
  now: string,
): Promise<Outcome> {
  let current: Enquiry | null = fromIndex;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    if (current === null) return { kind: 'skipped' };
    const decision = planEscalation(deps.config, current, now, await assigneeOf(current, directory));
    if (decision.kind === 'nothing') return { kind: 'skipped' };
    try {
      if (decision.kind === 'reschedule') {
        await deps.store.recordEscalation(current, decision.transition, [], deps.sweepId);
        return { kind: 'rescheduled' };
      }
      await deps.store.recordEscalation(current, decision.transition, decision.notices, deps.sweepId);
      return {
        kind: 'escalated',
        steps: decision.notices.map((notice) => notice.stepId),
        breach: decision.notices.some((notice) => notice.breach),
      };
    } catch (error) {
      if (error instanceof EnquiryNotFoundError) return { kind: 'skipped' };
      // Someone changed it (or kept colliding with us): read it again and decide again.
      if (!(error instanceof VersionConflictError || error instanceof ContentionError)) throw error;
      current = await deps.enquiries.getEnquiry(fromIndex.id);
    }
  }
  return { kind: 'contended' };
}

function count(counters: Counters, outcome: Outcome): void {
  switch (outcome.kind) {
    case 'escalated':
      counters.escalated += 1;
      if (outcome.breach) counters.breaches += 1;
      for (const step of outcome.steps) counters.steps[step] = (counters.steps[step] ?? 0) + 1;
      return;
    case 'rescheduled':
      counters.rescheduled += 1;
      return;
    case 'skipped':
      counters.skipped += 1;
      return;
    case 'contended':
      counters.contended += 1;
      return;
  }
}

/** Phase 1: record every due step. Returns whether it stopped early. */
async function recordDueSteps(deps: SweepDeps, now: string, counters: Counters): Promise<boolean> {
  const directory = memoisedDirectory(deps.caseworkers);
  const due = deps.enquiries.dueForEscalation(now);
  let stopped = false;
  // Workers share one iterator; an async generator queues concurrent next() calls.
  const worker = async () => {
    for (;;) {
      if (deps.shouldStop?.() === true) {
        stopped = true;
        return;
      }
      const next = await due.next();
      if (next.done === true) return;
      counters.due += 1;
      const outcome = await recordOne(deps, directory, next.value, now);
      count(counters, outcome);
      if (outcome.kind === 'contended') {
        deps.logger?.warn('enquiry kept changing; left for the next sweep', { enquiryId: next.value.id });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return stopped;
}

/** Who a digest goes to and whose notices it carries (the destination's own, and those it covers for). */
interface DigestGroup {
  readonly destination: string;
  readonly recipients: readonly string[];
  readonly covering: readonly Covering[];
}

/** Groups the recipients with notices waiting by where their mail goes today (cover for people away). */
function digestGroups(recipients: readonly string[], cover: ((email: string) => CoverAnswer) | null) {
  const groups = new Map<string, { recipients: string[]; covering: Covering[] }>();
  for (const recipient of recipients) {
    const answer = cover?.(recipient) ?? { email: recipient, coverFor: null, awayUntil: null };
    const group = groups.get(answer.email) ?? { recipients: [], covering: [] };
    group.recipients.push(recipient);
    if (answer.coverFor !== null)
      group.covering.push({ email: answer.coverFor, awayUntil: answer.awayUntil });
    groups.set(answer.email, group);
  }
  return [...groups.entries()].map(([destination, group]): DigestGroup => ({ destination, ...group }));
}

async function noticesOf(deps: SweepDeps, recipients: readonly string[]): Promise<EscalationNotice[]> {
  const notices: EscalationNotice[] = [];
  for (const recipient of recipients) {
    if (notices.length >= MAX_DIGEST_NOTICES) break;
    notices.push(...(await deps.store.pendingNotices(recipient, MAX_DIGEST_NOTICES - notices.length)));
  }
  return notices;
}

/**
 * Phase 2: one digest per person with notices waiting, paced (`workload.digestMinutesApart`, new
 * urgent breaches at once) when the sweep has a pacing store, and sent to a deputy while the person
 * is away. A digest covering for someone carries their notices too, so a deputy still gets one.
 */
async function sendDigests(deps: SweepDeps, now: string, cover: ((email: string) => CoverAnswer) | null) {
  const result = { sent: 0, failed: 0, busy: 0, held: 0, notices: 0, stopped: false };
  const leaseMs = digestLeaseMs(deps.timeouts);
  for (const group of digestGroups(await deps.store.pendingRecipients(), cover)) {
    if (deps.shouldStop?.() === true) {
      result.stopped = true;
      break;
    }
    if (deps.pacing !== undefined) {
      const last = await deps.pacing.lastSent(group.destination);
      const waiting = await noticesOf(deps, group.recipients);
      if (!digestDue(last, now, deps.config.workload.digestMinutesApart, waiting)) {
        result.held += 1;
        continue;
      }
    }
    const leased: string[] = [];
    for (const recipient of group.recipients) {
      if (!(await deps.store.claimDigest(recipient, deps.sweepId, deps.clock().getTime(), leaseMs))) break;
      leased.push(recipient);
    }
    try {
      if (leased.length < group.recipients.length) {
        result.busy += 1;
        continue;
      }
      // Read under the lease: notices another sweep sent and cleared meanwhile are gone.
      const notices = await noticesOf(deps, group.recipients);
      if (notices.length === 0) continue;
      try {
        await deps.mailer.send(
          buildDigestEmail(deps.config, group.destination, notices, now, group.covering),
        );
      } catch (error) {
        result.failed += 1;
        deps.logger?.warn('digest not sent; its notices stay for the next sweep', {
          notices: notices.length,
          error: error instanceof Error ? error.name : 'unknown',
        });
        continue;
      }
      await deps.store.clearNotices(notices);
      await deps.pacing?.markSent(group.destination, now);
      result.sent += 1;
      result.notices += notices.length;
    } finally {
      for (const recipient of leased) await deps.store.releaseDigest(recipient, deps.sweepId);
    }
  }
  return result;
}

/**
 * Runs one sweep as if at `now` (the scheduled event's time): records every due escalation step
 * exactly once and sends one digest per recipient. Safe to run twice at once, to retry after a
 * crash and to replay at a past instant.
 */
export async function runEscalationSweep(deps: SweepDeps, now: string): Promise<SweepSummary> {
  const at = toInstant(now);
  const counters: Counters = {
    due: 0,
    escalated: 0,
    steps: {},
    breaches: 0,
    rescheduled: 0,
    skipped: 0,
    contended: 0,
  };
  // Who is away today, and who covers for them (read once: one small partition).
  const book =
    deps.workload === undefined ? undefined : availabilityBook(await deps.workload.availability.all());
  // A child at risk first: the duty alerts go before the ladder's digests.
  const dutyAlerts =
    deps.dutyAlerts === undefined
      ? undefined
      : await runDutyAlertSweep(
          {
            config: deps.config,
            alerts: deps.dutyAlerts.store,
            enquiries: deps.dutyAlerts.enquiries,
            mailer: deps.mailer,
            clock: deps.clock,
            owner: deps.sweepId,
            leaseMs: dutyAlertLeaseMs(deps.timeouts),
            logger: deps.logger,
            ...(book === undefined
              ? {}
              : { cover: async (email: string, when: string) => deputyFor(deps.config, book, email, when) }),
          },
          at,
        );
  // Work leaves people on leave, and expired claims go back to the queue, before the ladder runs,
  // so its notices name whoever holds the enquiry now.
  const stop = deps.shouldStop === undefined ? {} : { shouldStop: deps.shouldStop };
  const awayStarts =
    deps.workload === undefined || book === undefined
      ? undefined
      : await startAwayPeriods(
          {
            config: deps.config,
            availability: deps.workload.availability,
            book,
            enquiries: deps.workload.enquiries,
            caseworkers: deps.workload.roster,
            sweepId: deps.sweepId,
            ...stop,
          },
          at,
        );
  const idleClaims =
    deps.workload === undefined
      ? undefined
      : await returnIdleClaims(
          {
            config: deps.config,
            enquiries: deps.workload.enquiries,
            timers: deps.workload.timers,
            caseworkers: memoisedDirectory(deps.caseworkers),
            sweepId: deps.sweepId,
            ...stop,
          },
          at,
        );
  const stoppedRecording = await recordDueSteps(deps, at, counters);
  const statutory =
    deps.statutory === undefined
      ? null
      : await recordStatutoryAlerts(
          {
            config: deps.config,
            statutory: deps.statutory,
            enquiries: deps.enquiries,
            caseworkers: memoisedDirectory(deps.caseworkers),
            sweepId: deps.sweepId,
            ...(deps.shouldStop === undefined ? {} : { shouldStop: deps.shouldStop }),
          },
          at,
        );
  const cover = book === undefined ? null : (email: string) => coverFor(deps.config, book, email, at);
  const digests = await sendDigests(deps, at, cover);
  const morningSummaries =
    deps.workload === undefined || book === undefined || deps.shouldStop?.() === true
      ? undefined
      : await sendMorningSummaries(
          {
            config: deps.config,
            enquiries: deps.workload.enquiries,
            roster: deps.workload.roster,
            markers: deps.workload.markers,
            mailer: deps.mailer,
            book,
            clock: deps.clock,
            owner: deps.sweepId,
          },
          at,
        );
  return {
    now: at,
    ...counters,
    digests: {
      sent: digests.sent,
      failed: digests.failed,
      busy: digests.busy,
      held: digests.held,
      notices: digests.notices,
    },
    statutory,
    stoppedEarly: stoppedRecording || digests.stopped,
    ...(dutyAlerts === undefined ? {} : { dutyAlerts }),
    ...(idleClaims === undefined ? {} : { idleClaims }),
    ...(awayStarts === undefined ? {} : { awayStarts }),
    ...(morningSummaries === undefined ? {} : { morningSummaries }),
  };
}
