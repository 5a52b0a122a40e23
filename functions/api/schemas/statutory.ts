/** Request schemas of the statutory processes on an enquiry. */
import { ExceptionKind, ProcessKind } from '../../../shared/domain/statutory/statutory-clocks';
import * as z from '../../../shared/domain/zod';
import { Version } from './common';

const DateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (2026-03-02) or an ISO-8601 instant with a zone',
});

export const StartStatutoryBody = z.strictObject({
  process: z.union([ProcessKind, z.never({ error: 'must be ehc-assessment, annual-review or complaint' })]),
  /** Default: when the hub received the enquiry (required for an annual review). */
  start: z.optional(DateOrInstant),
});

export const StatutoryMilestoneBody = z.strictObject({
  milestone: z
    .string({ error: 'is required: name the milestone' })
    .check(z.trim(), z.minLength(1), z.maxLength(64)),
  /** Default: now. */
  on: z.optional(DateOrInstant),
  outcome: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(32))),
  expectedVersion: z.optional(Version),
});

export const StatutoryExceptionBody = z.strictObject({
  from: z.iso.date({ error: 'must be a date like 2026-07-15' }),
  to: z.iso.date({ error: 'must be a date like 2026-08-26' }),
  kind: z.union([
    ExceptionKind,
    z.never({
      error:
        'must be school-closure, exceptional-personal-circumstances, absent-from-area, missed-appointment or extension',
    }),
  ]),
  note: z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(500, { error: 'must be 500 characters or fewer' }))),
    z.transform((note) => (note === undefined || note === '' ? null : note)),
  ),
  expectedVersion: z.optional(Version),
});
