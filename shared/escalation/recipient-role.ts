/**
 * Whose address an escalation notice went to (recorded on the audit event and the escalation log;
 * never the address itself). Apart from `escalation-plan.ts` so that reading the log (the reports)
 * does not build the planner's schemas.
 */
import * as z from '../domain/zod';

export const RECIPIENT_ROLES = ['assignee', 'team-manager', 'head-of-service', 'hub-manager'] as const;
export const RecipientRole = z.enum(RECIPIENT_ROLES);
export type RecipientRole = z.infer<typeof RecipientRole>;
