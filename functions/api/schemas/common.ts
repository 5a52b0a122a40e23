/**
 * Request schemas of the staff API, one module per route group's function (`common.ts` holds what
 * several share), so each API function builds and bundles only its own routes' schemas. They are
 * written with `zod/mini` through `shared/domain/zod.ts`, so no API function bundles classic zod.
 * The handlers validate with them and the OpenAPI document is generated from them, so the two
 * cannot disagree. Messages are plain English and name the field.
 *
 * Fields shared by the route groups: team ids, versions, required texts, email addresses.
 */
import * as z from '../../../shared/domain/zod';

export const TeamId = z
  .string()
  .check(
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a team id such as north' }),
    z.maxLength(64),
  );

export const Version = z
  .number({ error: 'must be the version number you last saw (a whole number)' })
  .check(z.int({ error: 'must be a whole number' }), z.positive({ error: 'must be 1 or more' }));

/** A required text: trimmed, then at least one character and at most `max`. */
export function text(required: string, max: number, tooLong: string) {
  return z
    .string({ error: required })
    .check(z.trim(), z.minLength(1, { error: required }), z.maxLength(max, { error: tooLong }));
}

export const TeamQuery = z.object({ team: z.optional(TeamId) });

/** An email address, kept lower-case. */
export const LowerCaseEmail = z.pipe(
  z.email({ error: 'must be an email address' }),
  z.transform((email) => email.toLowerCase()),
);
