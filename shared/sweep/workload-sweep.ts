/**
 * A manager's day, swept every 5 minutes by the workload function (docs/managers.md): the work of
 * caseworkers whose leave starts is handed over, claims whose holder has been quiet past
 * `workload.claimExpiresAfterWorkingMinutes` go back to the team queue, and each team's morning
 * summary is sent once a working day. Apart from the escalation ladder so that the escalator's
 * bundle holds only what it runs; `run-sweep.ts` runs both in one go for `send-hub escalate`.
 */
import type { HubConfig } from '../config/hub-config';
import { toInstant } from '../domain/instant';
import {
  type CaseworkerDirectory,
  type CaseworkerProfiles,
  memoisedDirectory,
} from '../escalation/caseworker-directory';
import type { Mailer } from '../mail/outgoing-email';
import { type AvailabilityBook, availabilityBook } from '../workload/availability';
import { type AwayStartSummary, startAwayPeriods } from '../workload/away-starts';
import { type IdleClaimSummary, returnIdleClaims } from '../workload/idle-claims';
import { type MorningSummarySummary, sendMorningSummaries } from '../workload/morning-summary';
import type {
  AvailabilityStore,
  ClaimTimerStore,
  ReportMarkers,
  Roster,
  WorkloadEnquiries,
} from '../workload/ports';

/** The stores of a manager's day. */
export interface WorkloadStores {
  readonly timers: ClaimTimerStore;
  readonly availability: AvailabilityStore;
  readonly enquiries: WorkloadEnquiries;
  readonly roster: Roster & CaseworkerProfiles;
  /** Once-a-day markers of the teams' morning summaries (the weekly report's kind of marker). */
  readonly markers: ReportMarkers;
}

export interface WorkloadSweepDeps {
  readonly config: HubConfig;
  readonly workload: WorkloadStores;
  readonly caseworkers: CaseworkerDirectory;
  readonly mailer: Mailer;
  /** Wall clock, for the morning summaries' marker leases only. */
  readonly clock: () => Date;
  /** Unique per sweep (the Lambda request id): recorded on notices, owner of the leases. */
  readonly sweepId: string;
  /** Asked before each piece of work; `true` stops starting new work (time budget). */
  readonly shouldStop?: () => boolean;
}

export interface WorkloadSweepSummary {
  readonly now: string;
  readonly awayStarts: AwayStartSummary;
  readonly idleClaims: IdleClaimSummary;
  /** Absent when the time budget ran out before them (they are sent by a later sweep). */
  readonly morningSummaries?: MorningSummarySummary;
}

/** Hands over the work of people whose leave started, then returns idle claims to their queue. */
export async function handOverAndReturn(
  deps: WorkloadSweepDeps,
  at: string,
  book: AvailabilityBook,
): Promise<{ awayStarts: AwayStartSummary; idleClaims: IdleClaimSummary }> {
  const stop = deps.shouldStop === undefined ? {} : { shouldStop: deps.shouldStop };
  const awayStarts = await startAwayPeriods(
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
  const idleClaims = await returnIdleClaims(
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
  return { awayStarts, idleClaims };
}

/** The teams' morning summaries, unless the time budget has run out. */
export async function morningSummaries(
  deps: WorkloadSweepDeps,
  at: string,
  book: AvailabilityBook,
): Promise<MorningSummarySummary | undefined> {
  if (deps.shouldStop?.() === true) return undefined;
  return sendMorningSummaries(
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
}

/** The workload function's run at `now`: hand-overs, idle claims, morning summaries. */
export async function runWorkloadSweep(deps: WorkloadSweepDeps, now: string): Promise<WorkloadSweepSummary> {
  const at = toInstant(now);
  // Who is away today, and who covers for them (read once: one small partition).
  const book = availabilityBook(await deps.workload.availability.all());
  const { awayStarts, idleClaims } = await handOverAndReturn(deps, at, book);
  const summaries = await morningSummaries(deps, at, book);
  return {
    now: at,
    awayStarts,
    idleClaims,
    ...(summaries === undefined ? {} : { morningSummaries: summaries }),
  };
}
