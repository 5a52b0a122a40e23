/**
 * Safeguarding duty alerts on a schedule of their own (the duty-alerts function, every 5 minutes):
 * the next duty contact is told about alerts nobody picked up, and any alert a crashed router left
 * in the outbox is sent (docs/safeguarding.md). A function apart, so nothing else a sweep does can
 * delay or fail a child-at-risk alert; `run-sweep.ts` runs it first in `send-hub escalate`.
 */
import type { FunctionTimeouts } from '../config/function-timeouts';
import type { HubConfig } from '../config/hub-config';
import { toInstant } from '../domain/instant';
import type { Mailer } from '../mail/outgoing-email';
import {
  type DutyAlertLogger,
  type DutyAlertSweepSummary,
  dutyAlertLeaseMs,
  runDutyAlertSweep,
} from '../safeguarding/duty-alerts';
import type { DutyAlertEnquiries, DutyAlertStore } from '../safeguarding/ports';
import { type AvailabilityBook, availabilityBook, deputyFor } from '../workload/availability';
import type { AvailabilityStore } from '../workload/ports';

export interface DutyAlertJobDeps {
  readonly config: HubConfig;
  readonly dutyAlerts: { readonly store: DutyAlertStore; readonly enquiries: DutyAlertEnquiries };
  readonly mailer: Mailer;
  /** Wall clock, for the alerts' sending leases only. */
  readonly clock: () => Date;
  /** Unique per sweep (the Lambda request id): the owner of the leases it takes. */
  readonly sweepId: string;
  /** How long the router and the sweep may run: the alert leases outlast both. */
  readonly timeouts: Pick<FunctionTimeouts, 'router' | 'escalator'>;
  readonly logger?: DutyAlertLogger;
  /** Who is away and who covers for them: with it, an alert goes to an absent contact's deputy. */
  readonly availability?: Pick<AvailabilityStore, 'all'>;
}

/** The duty alerts due at `at`, with everyone's availability already read (or none). */
export function dutyAlertsAt(
  deps: DutyAlertJobDeps,
  at: string,
  book: AvailabilityBook | undefined,
): Promise<DutyAlertSweepSummary> {
  return runDutyAlertSweep(
    {
      config: deps.config,
      alerts: deps.dutyAlerts.store,
      enquiries: deps.dutyAlerts.enquiries,
      mailer: deps.mailer,
      clock: deps.clock,
      owner: deps.sweepId,
      leaseMs: dutyAlertLeaseMs(deps.timeouts),
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
      ...(book === undefined
        ? {}
        : { cover: async (email: string, when: string) => deputyFor(deps.config, book, email, when) }),
    },
    at,
  );
}

/** The duty-alerts function's run at `now`. */
export async function runDutyAlertJob(deps: DutyAlertJobDeps, now: string): Promise<DutyAlertSweepSummary> {
  const at = toInstant(now);
  const book = deps.availability === undefined ? undefined : availabilityBook(await deps.availability.all());
  return dutyAlertsAt(deps, at, book);
}
