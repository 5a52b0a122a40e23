/**
 * The escalation ladder and its digests: what the escalator Lambda runs every 5 minutes
 * (docs/escalation.md). The other chores of a sweep (safeguarding duty alerts, statutory alerts,
 * people's leave, idle claims and morning summaries) run in functions of their own
 * (`functions/duty-alerts`, `functions/statutory-alerts`, `functions/workload`); `run-sweep.ts`
 * runs them all in one go for `send-hub escalate` and the tests.
 *
 * 1. Record. Read the enquiries whose next step is due from the sparse awaiting index (a Query per
 *    shard, paged; cost grows with the number due). For each, plan the due steps and store them in
 *    ONE transaction with the enquiry's version as its condition, together with one outbox notice
 *    per step. Two sweeps at once: one transaction wins, the other re-reads and finds the steps
 *    taken. A crash: what was not recorded is still due next time.
 * 2. Send. For each recipient with notices waiting (this sweep's, the statutory alerts' and any left
 *    by an earlier failure), take a sending lease, read their notices, send ONE digest, delete the
 *    notices, give the lease back. A failed send leaves the notices for the next sweep; other
 *    recipients are unaffected.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';
import type { HubConfig } from '../config/hub-config';
import { type Enquiry, toInstant } from '../domain/enquiry';
import { ContentionError, EnquiryNotFoundError, VersionConflictError } from '../domain/errors';
import { type CaseworkerDirectory, memoisedDirectory } from '../escalation/caseworker-directory';
import { type EscalationNotice, planEscalation, type StaffMember } from '../escalation/escalation-plan';
import type { Mailer } from '../mail/outgoing-email';
import {
  type AvailabilityBook,
  availabilityBook,
  type CoverAnswer,
  coverFor,
} from '../workload/availability';
import { digestDue } from '../workload/digest-pacing';
import type { AvailabilityStore } from '../workload/ports';
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

export interface EscalationSweepDeps {
  readonly config: HubConfig;
  readonly enquiries: DueEnquiries;
  readonly store: EscalationStore;
  readonly caseworkers: CaseworkerDirectory;
  readonly mailer: Mailer;
  /** Wall clock, for digest leases only (the sweep's `now` may be a replayed instant). */
  readonly clock: () => Date;
  /** Unique per sweep (e.g. the Lambda request id): the owner of the leases it takes. */
  readonly sweepId: string;
  /** How long the escalator may run: the digest leases outlast it. */
  readonly timeouts: Pick<FunctionTimeouts, 'escalator'>;
  /** Asked before each enquiry and each digest; `true` stops starting new work (time budget). */
  readonly shouldStop?: () => boolean;
  readonly logger?: SweepLogger;
  /** When each person last got a digest: with it, digests are paced (`workload.digestMinutesApart`). */
  readonly pacing?: DigestPacingStore;
  /** Who is away and who covers for them: with it, a digest goes to the deputy of someone away. */
  readonly availability?: Pick<AvailabilityStore, 'all'>;
}

/** What one run of the ladder did. */
export interface EscalationSweepSummary {
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
  /** `shouldStop` ended the sweep early; the rest is still due. */
  readonly stoppedEarly: boolean;
}

/** What the digest phase did (`stopped`: the time budget ended it early). */
export type DigestsSent = EscalationSweepSummary['digests'] & { readonly stopped: boolean };

/** Counters of a sweep's recording phase, all zero. */
export function emptyCounters(): Counters {
  return { due: 0, escalated: 0, steps: {}, breaches: 0, rescheduled: 0, skipped: 0, contended: 0 };
}

export interface Counters {
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
  deps: EscalationSweepDeps,
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
export async function recordDueSteps(
  deps: EscalationSweepDeps,
  now: string,
  counters: Counters,
): Promise<boolean> {
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

async function noticesOf(
  deps: EscalationSweepDeps,
  recipients: readonly string[],
): Promise<EscalationNotice[]> {
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
export async function sendDigests(
  deps: EscalationSweepDeps,
  now: string,
  cover: ((email: string) => CoverAnswer) | null,
): Promise<DigestsSent> {
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
 * The escalator's run at `now` (the scheduled event's time): records every due escalation step
 * exactly once and sends one digest per recipient (to their deputy while they are away). Safe to
 * run twice at once, to retry after a crash and to replay at a past instant.
 */
export async function runEscalationLadder(
  deps: EscalationSweepDeps,
  now: string,
): Promise<EscalationSweepSummary> {
  const at = toInstant(now);
  const book = deps.availability === undefined ? undefined : availabilityBook(await deps.availability.all());
  const counters = emptyCounters();
  const stoppedRecording = await recordDueSteps(deps, at, counters);
  const digests = await sendDigests(deps, at, coverOf(deps.config, book, at));
  return summarised(at, counters, digests, stoppedRecording);
}

/** Where a person's mail goes at `at` (their deputy while away), or null without the book. */
export function coverOf(config: HubConfig, book: AvailabilityBook | undefined, at: string) {
  return book === undefined ? null : (email: string) => coverFor(config, book, email, at);
}

/** The ladder's summary from its two phases. */
export function summarised(
  at: string,
  counters: Counters,
  digests: DigestsSent,
  stoppedRecording: boolean,
): EscalationSweepSummary {
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
    stoppedEarly: stoppedRecording || digests.stopped,
  };
}
