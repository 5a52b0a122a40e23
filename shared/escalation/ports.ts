/**
 * What escalation hands to storage and reads back. Every use case that writes digest notices hands
 * them over as a `NoticeOutbox`: they go into the escalation outbox in the same transaction as the
 * change they report, and the escalator's sweep sends them as digests. Each step taken is also
 * kept in the escalation log, which the reports read. `shared/adapters/` turns both into items.
 */
import * as z from '../domain/zod';
import type { EscalationNotice } from './escalation-plan';
import { RecipientRole } from './recipient-role';

/** Digest notices written with a change, and who wrote them (the sweep's or the request's id). */
export interface NoticeOutbox {
  readonly notices: readonly EscalationNotice[];
  readonly recordedBy: string;
}

/** One escalation step as the reports see it (an entry of the escalation log). */
export const EscalationRecord = z.object({
  enquiryId: z.string().check(z.minLength(1)),
  stepId: z.string().check(z.minLength(1)),
  stepAt: z.iso.datetime({ offset: true }),
  escalatedAt: z.iso.datetime({ offset: true }),
  breach: z.boolean(),
  pastDue: z.boolean(),
  priority: z.string(),
  team: z.string(),
  recipientRole: RecipientRole,
});
export type EscalationRecord = z.infer<typeof EscalationRecord>;

/** The escalation log, read by the reports. */
export interface EscalationLog {
  /** Entries whose step fell due in `[from, to)`. */
  escalationsBetween(from: string, to: string): Promise<EscalationRecord[]>;
}
