/**
 * Digests people read: at most one per person per `workload.digestMinutesApart`, except that a new
 * urgent breach goes at once (taking everything else waiting with it). Safeguarding duty alerts are
 * not digests and never wait. Pure (docs/managers.md).
 */
import type { EscalationNotice } from '../escalation/escalation-plan';

/** A notice that may not wait for the next digest: an urgent enquiry has just breached. */
export function goesAtOnce(notice: EscalationNotice): boolean {
  return (
    notice.breach &&
    notice.priority === 'urgent' &&
    notice.statutory === undefined &&
    notice.returned === undefined
  );
}

/**
 * Whether a person's waiting notices go out at `now`: their first digest, one due by the pacing,
 * anything that goes at once, or a replayed sweep earlier than the last digest (time went back).
 */
export function digestDue(
  lastSentAt: string | null,
  now: string,
  minutesApart: number,
  notices: readonly EscalationNotice[],
): boolean {
  if (notices.length === 0) return false;
  if (lastSentAt === null || minutesApart <= 0) return true;
  const since = Date.parse(now) - Date.parse(lastSentAt);
  if (since < 0 || since >= minutesApart * 60_000) return true;
  return notices.some(goesAtOnce);
}
