/**
 * An enquiry moves to another team's queue: a manager transfers it, or a person corrects its
 * district to one another team serves (`triage-correction.ts`). One transition for both. Nobody in
 * the new team holds it yet; its clock (receipt, due time, escalation steps taken) is kept, so a
 * move never buys time. Pure.
 */
import { type AuditDetailValue, type Enquiry, type Transition, toInstant } from './enquiry';
import { InvalidTransitionError } from './errors';

/**
 * Moves `enquiry` to `team`'s queue at `at`, recording a `reassigned` event with `fromTeam`,
 * `toTeam`, who held it and `detail` (a reason, what kind of move). Returns null when it is
 * already that team's.
 * @throws InvalidTransitionError for a resolved enquiry.
 */
export function applyTeamMove(
  enquiry: Enquiry,
  team: string,
  at: string,
  actor: string,
  detail: Record<string, AuditDetailValue> = {},
): Transition | null {
  if (team === enquiry.team) return null;
  if (enquiry.status === 'resolved') throw new InvalidTransitionError(enquiry.id, enquiry.status, 'move');
  const when = toInstant(at);
  return {
    enquiry: { ...enquiry, team, assignee: null, claimedAt: null, claimActivityAt: null, updatedAt: when },
    events: [
      {
        enquiryId: enquiry.id,
        at: when,
        type: 'reassigned',
        actor,
        detail: { fromTeam: enquiry.team, toTeam: team, from: enquiry.assignee, to: null, ...detail },
      },
    ],
  };
}
