/**
 * What every use case that writes digest notices hands to storage. The notices go into the
 * escalation outbox in the same transaction as the change they report; the escalator's sweep sends
 * them as digests. `shared/adapters/` turns them into items.
 */
import type { EscalationNotice } from './escalation-plan';

/** Digest notices written with a change, and who wrote them (the sweep's or the request's id). */
export interface NoticeOutbox {
  readonly notices: readonly EscalationNotice[];
  readonly recordedBy: string;
}
