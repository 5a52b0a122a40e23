/**
 * Every chore of a sweep at `now`, in one go (docs/escalation.md): what `send-hub escalate` runs,
 * and what the tests drive. In AWS each chore is a function on its own 5-minute schedule, so that
 * each bundle holds only what it runs: duty alerts (`duty-alert-sweep.ts`), a manager's day
 * (`workload-sweep.ts`), statutory alerts (`statutory/statutory-sweep.ts`) and the escalation
 * ladder with its digests (`escalation-sweep.ts`, the escalator). Here they run in the order that
 * reads best in one pass: a child at risk first; then work leaves people on leave and expired
 * claims go back to the queue, so the ladder's notices name whoever holds the enquiry now; then
 * the ladder and the statutory alerts, whose notices the same pass's digests carry; the morning
 * summaries last.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';
import { toInstant } from '../domain/enquiry';
import { memoisedDirectory } from '../escalation/caseworker-directory';
import type { DutyAlertSweepSummary } from '../safeguarding/duty-alerts';
import type { DutyAlertEnquiries, DutyAlertStore } from '../safeguarding/ports';
import type { StatutoryStore } from '../statutory/ports';
import { recordStatutoryAlerts, type StatutorySweepSummary } from '../statutory/statutory-sweep';
import { availabilityBook } from '../workload/availability';
import type { AwayStartSummary } from '../workload/away-starts';
import type { IdleClaimSummary } from '../workload/idle-claims';
import type { MorningSummarySummary } from '../workload/morning-summary';
import { dutyAlertsAt } from './duty-alert-sweep';
import {
  coverOf,
  type EscalationSweepDeps,
  type EscalationSweepSummary,
  emptyCounters,
  recordDueSteps,
  sendDigests,
  summarised,
} from './escalation-sweep';
import { handOverAndReturn, morningSummaries, type WorkloadStores } from './workload-sweep';

export { digestLeaseMs, MAX_DIGEST_NOTICES, type SweepLogger } from './escalation-sweep';

export interface SweepDeps extends Omit<EscalationSweepDeps, 'availability' | 'timeouts'> {
  /** How long the router and the escalator may run: the digest and duty-alert leases outlast them. */
  readonly timeouts: Pick<FunctionTimeouts, 'router' | 'escalator'>;
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
  /**
   * A manager's day (docs/managers.md): when given, the sweep first hands over the work of
   * caseworkers whose leave starts and returns claims whose holder has been quiet past
   * `workload.claimExpiresAfterWorkingMinutes` to the team queue.
   */
  readonly workload?: WorkloadStores;
}

export interface SweepSummary extends EscalationSweepSummary {
  /** Statutory milestones alerted by this sweep (null when the sweep has no statutory store). */
  readonly statutory: StatutorySweepSummary | null;
  /** Safeguarding duty alerts (absent when the sweep was not given them). */
  readonly dutyAlerts?: DutyAlertSweepSummary;
  /** Claims returned to their team queue (absent when the sweep was not given `workload`). */
  readonly idleClaims?: IdleClaimSummary;
  /** Caseworkers' leave that started, and what was handed over (absent without `workload`). */
  readonly awayStarts?: AwayStartSummary;
  /** The teams' morning summaries sent by this sweep (absent without `workload`). */
  readonly morningSummaries?: MorningSummarySummary;
}

/**
 * Runs every chore it is given as if at `now` (the scheduled event's time): records every due
 * escalation step exactly once and sends one digest per recipient. Safe to run twice at once, to
 * retry after a crash and to replay at a past instant.
 */
export async function runEscalationSweep(deps: SweepDeps, now: string): Promise<SweepSummary> {
  const at = toInstant(now);
  const counters = emptyCounters();
  // Who is away today, and who covers for them (read once: one small partition).
  const book =
    deps.workload === undefined ? undefined : availabilityBook(await deps.workload.availability.all());
  const dutyAlerts =
    deps.dutyAlerts === undefined
      ? undefined
      : await dutyAlertsAt({ ...deps, dutyAlerts: deps.dutyAlerts }, at, book);
  const workload =
    deps.workload === undefined || book === undefined ? undefined : { ...deps, workload: deps.workload };
  const handedOver =
    workload === undefined || book === undefined ? undefined : await handOverAndReturn(workload, at, book);
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
  const digests = await sendDigests(deps, at, coverOf(deps.config, book, at));
  const summaries =
    workload === undefined || book === undefined ? undefined : await morningSummaries(workload, at, book);
  return {
    ...summarised(at, counters, digests, stoppedRecording),
    statutory,
    ...(dutyAlerts === undefined ? {} : { dutyAlerts }),
    ...(handedOver === undefined ? {} : handedOver),
    ...(summaries === undefined ? {} : { morningSummaries: summaries }),
  };
}
