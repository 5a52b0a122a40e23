/**
 * The sweep's first chore for caseworkers: claims whose holder has been quiet past the limit go
 * back to the team queue (docs/managers.md). The claim timers are read with one key-condition Query
 * up to "now minus the limit" (so the read costs what is due, never history); each enquiry is
 * re-read, decided by the pure `claimExpired`, and returned in ONE transaction with its
 * `returned-to-queue` event and the digest notices for its holder and team manager. A timer that
 * no longer matches its enquiry (the holder acted, someone released it, it was answered) is deleted.
 */
import type { HubConfig } from '../config/hub-config';
import { addWorkingMinutes, workingMinutesBetween } from '../domain/business-calendar';
import { applyReturnToQueue, claimExpired, claimQuietSince } from '../domain/claim-expiry';
import { type Enquiry, type Transition, toInstant } from '../domain/enquiry';
import { ContentionError, EnquiryNotFoundError, VersionConflictError } from '../domain/errors';
import type { CaseworkerDirectory } from '../escalation/caseworker-directory';
import type { EscalationNotice } from '../escalation/escalation-plan';
import type { ClaimTimer, ClaimTimerStore, WorkloadEnquiries } from './ports';
import { returnedNotices } from './returned-notices';

/** The actor on events the sweep writes. */
export const SWEEP_ACTOR = 'escalator';
const MAX_ATTEMPTS = 4;

export interface IdleClaimDeps {
  readonly config: HubConfig;
  readonly enquiries: Pick<WorkloadEnquiries, 'getEnquiry' | 'update'>;
  readonly timers: ClaimTimerStore;
  readonly caseworkers: CaseworkerDirectory;
  /** Recorded on the outbox notices. */
  readonly sweepId: string;
  readonly shouldStop?: () => boolean;
}

export interface IdleClaimSummary {
  /** Claims returned to their team queue by this sweep. */
  readonly returned: number;
  /** Timers found that no longer matched their enquiry (deleted). */
  readonly stale: number;
}

/** What to do with one enquiry a timer points at. */
export type IdleClaimDecision =
  | { readonly kind: 'stale' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'return'; readonly transition: Transition; readonly quietMinutes: number };

/**
 * Decides about the enquiry a timer from `quietSince` points at, at `now` (pure). `stale`: the timer
 * no longer describes the enquiry; `wait`: not expired yet (a boundary of the calendar); `return`.
 */
export function decideIdleClaim(
  config: HubConfig,
  enquiry: Enquiry | null,
  quietSince: string,
  now: string,
): IdleClaimDecision {
  if (enquiry === null || enquiry.status !== 'open' || enquiry.assignee === null) return { kind: 'stale' };
  const since = claimQuietSince(enquiry);
  if (since === null || toInstant(since) !== toInstant(quietSince)) return { kind: 'stale' };
  const between = (from: string, to: string) =>
    workingMinutesBetween(config.calendar, new Date(from), new Date(to));
  const limit = config.workload.claimExpiresAfterWorkingMinutes;
  if (!claimExpired(enquiry, now, limit, between)) return limit <= 0 ? { kind: 'stale' } : { kind: 'wait' };
  const quietMinutes = Math.round(between(since, now));
  return {
    kind: 'return',
    quietMinutes,
    transition: applyReturnToQueue(enquiry, now, SWEEP_ACTOR, 'claim-expired', {
      quietWorkingMinutes: quietMinutes,
      limitWorkingMinutes: limit,
    }),
  };
}

async function returnOne(
  deps: IdleClaimDeps,
  timer: ClaimTimer,
  now: string,
): Promise<'returned' | 'stale' | 'wait'> {
  let current = await deps.enquiries.getEnquiry(timer.enquiryId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const decision = decideIdleClaim(deps.config, current, timer.quietSince, now);
    if (decision.kind === 'stale' || decision.kind === 'wait') return decision.kind;
    if (current === null) return 'stale';
    const holderId = current.assignee ?? '';
    const notices: EscalationNotice[] = returnedNotices(deps.config, current, {
      reason: 'claim-expired',
      holder: { id: holderId, member: await deps.caseworkers.find(holderId) },
      to: null,
      quietWorkingMinutes: decision.quietMinutes,
      at: now,
    });
    try {
      await deps.enquiries.update({
        before: current,
        after: decision.transition.enquiry,
        events: decision.transition.events,
        outbox: { notices, recordedBy: deps.sweepId },
      });
      return 'returned';
    } catch (error) {
      if (error instanceof EnquiryNotFoundError) return 'stale';
      if (!(error instanceof VersionConflictError || error instanceof ContentionError)) throw error;
      current = await deps.enquiries.getEnquiry(timer.enquiryId);
    }
  }
  // Kept changing under us: still due, so the next sweep tries again.
  return 'wait';
}

/** Returns every expired claim to its team queue at `now`. */
export async function returnIdleClaims(deps: IdleClaimDeps, now: string): Promise<IdleClaimSummary> {
  const at = toInstant(now);
  const limit = deps.config.workload.claimExpiresAfterWorkingMinutes;
  if (limit <= 0) return { returned: 0, stale: 0 };
  // Quiet since at or before this instant = at least `limit` working minutes ago.
  const upTo = addWorkingMinutes(deps.config.calendar, new Date(at), -limit).toISOString();
  let returned = 0;
  let stale = 0;
  const done: ClaimTimer[] = [];
  for await (const timer of deps.timers.quietSince(upTo)) {
    if (deps.shouldStop?.() === true) break;
    const outcome = await returnOne(deps, timer, at);
    if (outcome === 'wait') continue;
    if (outcome === 'returned') returned += 1;
    else stale += 1;
    done.push(timer);
  }
  await deps.timers.remove(done);
  return { returned, stale };
}
