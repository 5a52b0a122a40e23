/**
 * A caseworker as the roster stores them, apart from the enquiry's schemas: the staff and roster
 * stores read caseworkers without building the enquiry's (~170 zod schemas at cold start in every
 * function that only checks who is calling). Re-exported by `enquiry.ts`.
 */
import { Topic } from './taxonomy';
import * as z from './zod';

/** A person who works enquiries. `openCount` counts the unresolved enquiries they hold. */
export const Caseworker = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  email: z.string(),
  team: z.string().check(z.minLength(1)),
  /** Topics they take (empty = any). */
  topics: z.array(Topic),
  /** Most unresolved enquiries they may hold at once. */
  cap: z.int().check(z.nonnegative()),
  openCount: z.int().check(z.nonnegative()),
  /** Inactive caseworkers get no new work (leavers, long absence). */
  active: z.boolean(),
});
export type Caseworker = z.infer<typeof Caseworker>;

/** A caseworker as configuration describes them (the stored `openCount` is kept when seeding). */
export const CaseworkerProfile = z.omit(Caseworker, { openCount: true });
export type CaseworkerProfile = z.infer<typeof CaseworkerProfile>;
