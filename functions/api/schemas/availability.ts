/** Request schema of away dates and deputies. */
import * as z from '../../../shared/domain/zod';
import { LowerCaseEmail } from './common';

const LocalDay = z.iso.date({ error: 'must be a date like 2026-12-21' });

/** A person's away dates and deputies (replaces what was there). */
export const AvailabilityBody = z.strictObject({
  awayPeriods: z._default(
    z
      .array(
        z.strictObject({
          from: LocalDay,
          to: LocalDay,
          /** A caseworker's colleague (caseworker id) who takes their work, when their team hands work over. */
          handTo: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(64)))),
        }),
        { error: 'must be a list of away periods' },
      )
      .check(z.maxLength(20, { error: 'can hold at most 20 periods' })),
    [],
  ),
  deputies: z._default(
    z
      .array(LowerCaseEmail, { error: 'must be a list of email addresses' })
      .check(z.maxLength(5, { error: 'can hold at most 5 deputies' })),
    [],
  ),
});
