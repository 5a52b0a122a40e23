/**
 * An enquiry's status, apart from the enquiry's schemas: the table's keys depend on it
 * (`dynamo-keys.ts`) in functions that never parse an enquiry. Re-exported by `enquiry.ts`.
 */
import * as z from './zod';

export const ENQUIRY_STATUSES = ['open', 'waiting-on-enquirer', 'answered', 'resolved'] as const;
/**
 * - `open`: awaiting a response; the service clock runs.
 * - `waiting-on-enquirer`: a caseworker asked the enquirer something; the clock is paused.
 * - `answered`: responded to, not resolved; a new contact reopens it with a fresh window.
 * - `resolved`: closed; a new contact reopens it.
 */
export const EnquiryStatus = z.enum(ENQUIRY_STATUSES);
export type EnquiryStatus = z.infer<typeof EnquiryStatus>;

/** `true` while the enquiry still needs the hub (any status but resolved). */
export function isUnresolved(enquiry: { readonly status: EnquiryStatus }): boolean {
  return enquiry.status !== 'resolved';
}
