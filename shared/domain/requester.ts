/**
 * Who wrote or called, and what they attached, as an enquiry keeps them: apart from the intake
 * message's schemas, so the functions that read enquiries (the sweeps, the staff API, the reports)
 * do not build the email and phone intake's at cold start. Re-exported by `intake-message.ts`.
 */

import * as z from './zod';

export const Requester = z.object({
  name: z.nullable(z.string()),
  /** Lower-cased. */
  email: z.nullable(z.string()),
  /** E.164, e.g. `+447700900123`. */
  phone: z.nullable(z.string()),
});
export type Requester = z.infer<typeof Requester>;

export const AttachmentInfo = z.object({
  filename: z.nullable(z.string()),
  contentType: z.string(),
  size: z.int().check(z.nonnegative()),
});
