/**
 * Claims that expire: a caseworker who claims an enquiry awaiting a response and then does nothing
 * with it (no note, no response, no question to the enquirer) for a configured working time gives
 * it back to the team queue, so nobody's enquiry sits behind a name on leave or a forgotten claim.
 * Pure: the enquiry, `now` and the limit in; decisions and transitions out (docs/managers.md).
 */
import { type AuditEvent, type Enquiry, type Transition, toInstant } from './enquiry';
import { InvalidTransitionError } from './errors';

/**
 * Why an enquiry left its holder (or its team) without them letting go: their claim expired, they
 * are away, or a manager transferred it to another team.
 */
export const RETURN_REASONS = ['claim-expired', 'away', 'transferred'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** Events by which the holder shows they are working on the enquiry. */
const HOLDER_ACTIONS: ReadonlySet<AuditEvent['type']> = new Set(['note', 'responded', 'claimed']);

/**
 * When the holder's quiet time starts after a change from `before` to `after` (with its events):
 * - nobody holds it: null;
 * - it changed hands (claimed, assigned, reassigned): the moment it did;
 * - the holder noted, responded or asked the enquirer something: that moment;
 * - it came back to awaiting a response (a reply, a chaser on an answered enquiry, a reopen): that
 *   moment, since the holder has something new to do;
 * - otherwise (an escalation, a manager's note, a correction...): unchanged.
 */
export function claimActivityAfter(
  before: Enquiry | null,
  after: Enquiry,
  events: readonly AuditEvent[],
): string | null {
  if (after.assignee === null) return null;
  if (before === null || before.assignee !== after.assignee) {
    return toInstant(after.claimedAt ?? after.updatedAt);
  }
  const acted = events.filter((event) => event.actor === after.assignee && HOLDER_ACTIONS.has(event.type));
  const latest = acted.map((event) => toInstant(event.at)).sort();
  const backToOpen = before.status !== 'open' && after.status === 'open' ? [toInstant(after.updatedAt)] : [];
  const candidates = [...latest, ...backToOpen].sort();
  const newest = candidates.at(-1);
  if (newest !== undefined) return newest;
  return before.claimActivityAt ?? (before.claimedAt === null ? null : toInstant(before.claimedAt));
}

/** Since when the holder has been quiet (claims stored before this was kept count from the claim). */
export function claimQuietSince(enquiry: Pick<Enquiry, 'assignee' | 'claimActivityAt' | 'claimedAt'>) {
  if (enquiry.assignee === null) return null;
  return enquiry.claimActivityAt ?? enquiry.claimedAt;
}

/**
 * `true` when the claim has expired at `now`: the enquiry awaits a response (open), someone holds
 * it, and they have been quiet for at least `limitMinutes` of working time. A limit of 0 never expires.
 */
export function claimExpired(
  enquiry: Pick<Enquiry, 'status' | 'assignee' | 'claimActivityAt' | 'claimedAt'>,
  now: string,
  limitMinutes: number,
  workingMinutesBetween: (from: string, to: string) => number,
): boolean {
  if (limitMinutes <= 0 || enquiry.status !== 'open') return false;
  const since = claimQuietSince(enquiry);
  if (since === null || Date.parse(since) > Date.parse(now)) return false;
  return workingMinutesBetween(since, now) >= limitMinutes;
}

/**
 * The enquiry goes back to its team's queue without its holder letting go (the claim expired, or
 * the holder is away). Its clock is untouched. Event: `returned-to-queue` with who held it and why.
 */
export function applyReturnToQueue(
  enquiry: Enquiry,
  at: string,
  actor: string,
  reason: ReturnReason,
  detail: Record<string, string | number | null> = {},
): Transition {
  const when = toInstant(at);
  if (enquiry.status === 'resolved') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'return');
  if (enquiry.assignee === null) throw new InvalidTransitionError(enquiry.id, 'unclaimed', 'return');
  return {
    enquiry: { ...enquiry, assignee: null, claimedAt: null, claimActivityAt: null, updatedAt: when },
    events: [
      {
        enquiryId: enquiry.id,
        at: when,
        type: 'returned-to-queue',
        actor,
        detail: { from: enquiry.assignee, reason, team: enquiry.team, ...detail },
      },
    ],
  };
}
