/**
 * Request schemas of the staff API (`zod/mini` through `shared/domain/zod.ts`, so no API function
 * bundles classic zod). The handlers validate with them and the OpenAPI document
 * is generated from them, so the two cannot disagree. Messages are plain English and name the field.
 */
import { STAFF_ROLES } from '../../shared/access/principal';
import { STAFF_ID_PATTERN } from '../../shared/casework/staff';
import { ExceptionKind, ProcessKind } from '../../shared/domain/statutory/statutory-clocks';
import { District, Priority, SafeguardingCategory, Topic } from '../../shared/domain/taxonomy';
import * as z from '../../shared/domain/zod';

const TeamId = z
  .string()
  .check(
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a team id such as north' }),
    z.maxLength(64),
  );

const Version = z
  .number({ error: 'must be the version number you last saw (a whole number)' })
  .check(z.int({ error: 'must be a whole number' }), z.positive({ error: 'must be 1 or more' }));

/** A required text: trimmed, then at least one character and at most `max`. */
function text(required: string, max: number, tooLong: string) {
  return z
    .string({ error: required })
    .check(z.trim(), z.minLength(1, { error: required }), z.maxLength(max, { error: tooLong }));
}

export const ListQuery = z.object({
  team: z.optional(TeamId),
  cursor: z.optional(z.string().check(z.maxLength(4096, { error: 'is too long' }))),
  limit: z.optional(
    z.coerce
      .number({ error: 'must be a number from 1 to 100' })
      .check(
        z.int({ error: 'must be a whole number from 1 to 100' }),
        z.gte(1, { error: 'must be at least 1' }),
        z.lte(100, { error: 'must be at most 100' }),
      ),
  ),
});

export const CaseloadQuery = z.omit(ListQuery, { team: true });

export const TeamQuery = z.object({ team: z.optional(TeamId) });

/** Claim and release: the version is optional (the repository's own checks decide the race). */
export const OptionalVersionBody = z.strictObject({ expectedVersion: z.optional(Version) });

export const RespondBody = z.strictObject({
  text: text('is required: write the response', 20_000, 'must be 20,000 characters or fewer'),
  sendEmail: z.boolean({ error: 'must be true or false: say whether to email the enquirer' }),
  askEnquirer: z._default(z.boolean({ error: 'must be true or false' }), false),
  expectedVersion: Version,
});

export const NoteBody = z.strictObject({
  text: text('is required: write the note', 5_000, 'must be 5,000 characters or fewer'),
  expectedVersion: z.optional(Version),
});

export const ResolveBody = z.strictObject({
  expectedVersion: Version,
  outcome: z.optional(
    z.string().check(z.trim(), z.maxLength(500, { error: 'must be 500 characters or fewer' })),
  ),
});

export const ReopenBody = z.strictObject({
  expectedVersion: Version,
  reason: text('is required: say why it is being reopened', 500, 'must be 500 characters or fewer'),
});

const MoveReason = text('is required: say why', 500, 'must be 500 characters or fewer');

export const ReassignBody = z.strictObject({
  caseworkerId: z
    .string({ error: 'is required: choose a caseworker' })
    .check(z.trim(), z.minLength(1, { error: 'is required: choose a caseworker' }), z.maxLength(64)),
  reason: MoveReason,
  expectedVersion: z.optional(Version),
});

/** A manager moves an enquiry to another team's queue. */
export const TransferBody = z.strictObject({
  team: TeamId,
  reason: MoveReason,
  expectedVersion: z.optional(Version),
});

/** An email address, kept lower-case. */
const LowerCaseEmail = z.pipe(
  z.email({ error: 'must be an email address' }),
  z.transform((email) => email.toLowerCase()),
);

export const CaseworkerBody = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(120)),
  email: LowerCaseEmail,
  team: TeamId,
  /** Empty means every topic. */
  topics: z._default(z.array(Topic), []),
  cap: z
    .number({ error: 'must be a whole number from 0 to 10000' })
    .check(
      z.int({ error: 'must be a whole number' }),
      z.gte(0, { error: 'must be 0 or more' }),
      z.lte(10_000, { error: 'must be 10000 or fewer' }),
    ),
  active: z._default(z.boolean({ error: 'must be true or false' }), true),
});

/** A person corrects triage: at least one label, and always a reason (it goes on the audit trail). */
export const CorrectionBody = z
  .strictObject({
    priority: z.optional(Priority),
    topic: z.optional(Topic),
    district: z.optional(District),
    safeguarding: z.optional(
      z.strictObject({
        concern: z.boolean({ error: 'must be true (set a concern) or false (clear it)' }),
        categories: z._default(z.array(SafeguardingCategory).check(z.maxLength(14)), []),
      }),
    ),
    reason: text('is required: say why triage was wrong', 500, 'must be 500 characters or fewer'),
    expectedVersion: z.optional(Version),
  })
  .check(
    z.refine(
      (body) =>
        body.priority !== undefined ||
        body.topic !== undefined ||
        body.district !== undefined ||
        body.safeguarding !== undefined,
      {
        error: 'name at least one of priority, topic, district or safeguarding to correct',
        path: ['priority'],
      },
    ),
  );

// --- Statutory processes -------------------------------------------------------------------------

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

// --- Improvement board report --------------------------------------------------------------------

const ReportDate = z.iso.date({ error: 'must be a date like 2026-11-23' });

export const ReportQuery = z.object({
  from: ReportDate,
  to: ReportDate,
  baselineFrom: z.optional(ReportDate),
  baselineTo: z.optional(ReportDate),
  asOf: z.optional(z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with a zone' })),
});

// --- Availability --------------------------------------------------------------------------------

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

/** `POST /staff`: the same fields the CLI takes (`send-hub staff add`), checked by the use case too. */
export const NewStaffBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }),
  name: z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(200)),
  roles: z._default(z.array(z.enum(STAFF_ROLES)), []),
  teams: z._default(z.array(TeamId), []),
  id: z.optional(
    z
      .string()
      .check(z.regex(STAFF_ID_PATTERN, { error: 'must be lower-case letters, digits and single hyphens' })),
  ),
  topics: z._default(z.array(Topic), []),
  cap: z.optional(z.int().check(z.gte(0), z.lte(1000))),
});
