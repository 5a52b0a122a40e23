/**
 * Request schemas of the staff API (zod). The handlers validate with them and the OpenAPI document
 * is generated from them, so the two cannot disagree. Messages are plain English and name the field.
 */
import * as z from 'zod';
import { STAFF_ROLES } from '../../shared/access/principal';
import { STAFF_ID_PATTERN } from '../../shared/casework/staff';
import { ExceptionKind, ProcessKind } from '../../shared/domain/statutory/statutory-clocks';
import { District, Priority, SafeguardingCategory, Topic } from '../../shared/domain/taxonomy';

const TeamId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a team id such as north' })
  .max(64);

const Version = z
  .number({ error: 'must be the version number you last saw (a whole number)' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be 1 or more' });

export const ListQuery = z.object({
  team: TeamId.optional(),
  cursor: z.string().max(4096, { error: 'is too long' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number from 1 to 100' })
    .int({ error: 'must be a whole number from 1 to 100' })
    .min(1, { error: 'must be at least 1' })
    .max(100, { error: 'must be at most 100' })
    .optional(),
});

export const CaseloadQuery = ListQuery.omit({ team: true });

export const TeamQuery = z.object({ team: TeamId.optional() });

/** Claim and release: the version is optional (the repository's own checks decide the race). */
export const OptionalVersionBody = z.strictObject({ expectedVersion: Version.optional() });

export const RespondBody = z.strictObject({
  text: z
    .string({ error: 'is required: write the response' })
    .trim()
    .min(1, { error: 'is required: write the response' })
    .max(20_000, { error: 'must be 20,000 characters or fewer' }),
  sendEmail: z.boolean({ error: 'must be true or false: say whether to email the enquirer' }),
  askEnquirer: z.boolean({ error: 'must be true or false' }).default(false),
  expectedVersion: Version,
});

export const NoteBody = z.strictObject({
  text: z
    .string({ error: 'is required: write the note' })
    .trim()
    .min(1, { error: 'is required: write the note' })
    .max(5_000, { error: 'must be 5,000 characters or fewer' }),
  expectedVersion: Version.optional(),
});

export const ResolveBody = z.strictObject({
  expectedVersion: Version,
  outcome: z.string().trim().max(500, { error: 'must be 500 characters or fewer' }).optional(),
});

export const ReopenBody = z.strictObject({
  expectedVersion: Version,
  reason: z
    .string({ error: 'is required: say why it is being reopened' })
    .trim()
    .min(1, { error: 'is required: say why it is being reopened' })
    .max(500, { error: 'must be 500 characters or fewer' }),
});

const MoveReason = z
  .string({ error: 'is required: say why' })
  .trim()
  .min(1, { error: 'is required: say why' })
  .max(500, { error: 'must be 500 characters or fewer' });

export const ReassignBody = z.strictObject({
  caseworkerId: z
    .string({ error: 'is required: choose a caseworker' })
    .trim()
    .min(1, { error: 'is required: choose a caseworker' })
    .max(64),
  reason: MoveReason,
  expectedVersion: Version.optional(),
});

/** A manager moves an enquiry to another team's queue. */
export const TransferBody = z.strictObject({
  team: TeamId,
  reason: MoveReason,
  expectedVersion: Version.optional(),
});

export const CaseworkerBody = z.strictObject({
  name: z.string({ error: 'is required' }).trim().min(1, { error: 'is required' }).max(120),
  email: z.email({ error: 'must be an email address' }).transform((email) => email.toLowerCase()),
  team: TeamId,
  /** Empty means every topic. */
  topics: z.array(Topic).default([]),
  cap: z
    .number({ error: 'must be a whole number from 0 to 10000' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .max(10_000, { error: 'must be 10000 or fewer' }),
  active: z.boolean({ error: 'must be true or false' }).default(true),
});

/** A person corrects triage: at least one label, and always a reason (it goes on the audit trail). */
export const CorrectionBody = z
  .strictObject({
    priority: z.optional(Priority),
    topic: z.optional(Topic),
    district: z.optional(District),
    safeguarding: z
      .strictObject({
        concern: z.boolean({ error: 'must be true (set a concern) or false (clear it)' }),
        categories: z.array(SafeguardingCategory).max(14).default([]),
      })
      .optional(),
    reason: z
      .string({ error: 'is required: say why triage was wrong' })
      .trim()
      .min(1, { error: 'is required: say why triage was wrong' })
      .max(500, { error: 'must be 500 characters or fewer' }),
    expectedVersion: Version.optional(),
  })
  .refine(
    (body) =>
      body.priority !== undefined ||
      body.topic !== undefined ||
      body.district !== undefined ||
      body.safeguarding !== undefined,
    {
      error: 'name at least one of priority, topic, district or safeguarding to correct',
      path: ['priority'],
    },
  );

// --- Statutory processes -------------------------------------------------------------------------

const DateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (2026-03-02) or an ISO-8601 instant with a zone',
});

export const StartStatutoryBody = z.strictObject({
  process: z.union([ProcessKind, z.never({ error: 'must be ehc-assessment, annual-review or complaint' })]),
  /** Default: when the hub received the enquiry (required for an annual review). */
  start: DateOrInstant.optional(),
});

export const StatutoryMilestoneBody = z.strictObject({
  milestone: z.string({ error: 'is required: name the milestone' }).trim().min(1).max(64),
  /** Default: now. */
  on: DateOrInstant.optional(),
  outcome: z.string().trim().min(1).max(32).optional(),
  expectedVersion: Version.optional(),
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
  note: z
    .string()
    .trim()
    .max(500, { error: 'must be 500 characters or fewer' })
    .optional()
    .transform((note) => (note === undefined || note === '' ? null : note)),
  expectedVersion: Version.optional(),
});

// --- Improvement board report --------------------------------------------------------------------

const ReportDate = z.iso.date({ error: 'must be a date like 2026-11-23' });

export const ReportQuery = z.object({
  from: ReportDate,
  to: ReportDate,
  baselineFrom: ReportDate.optional(),
  baselineTo: ReportDate.optional(),
  asOf: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant with a zone' }).optional(),
});

// --- Availability --------------------------------------------------------------------------------

const LocalDay = z.iso.date({ error: 'must be a date like 2026-12-21' });

/** A person's away dates and deputies (replaces what was there). */
export const AvailabilityBody = z.strictObject({
  awayPeriods: z
    .array(
      z.strictObject({
        from: LocalDay,
        to: LocalDay,
        /** A caseworker's colleague (caseworker id) who takes their work, when their team hands work over. */
        handTo: z.string().trim().min(1).max(64).nullable().optional(),
      }),
      { error: 'must be a list of away periods' },
    )
    .max(20, { error: 'can hold at most 20 periods' })
    .default([]),
  deputies: z
    .array(
      z.email({ error: 'must be an email address' }).transform((email) => email.toLowerCase()),
      {
        error: 'must be a list of email addresses',
      },
    )
    .max(5, { error: 'can hold at most 5 deputies' })
    .default([]),
});

/** `POST /staff`: the same fields the CLI takes (`send-hub staff add`), checked by the use case too. */
export const NewStaffBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }),
  name: z.string({ error: 'is required' }).trim().min(1, { error: 'is required' }).max(200),
  roles: z.array(z.enum(STAFF_ROLES)).default([]),
  teams: z.array(TeamId).default([]),
  id: z
    .string()
    .regex(STAFF_ID_PATTERN, { error: 'must be lower-case letters, digits and single hyphens' })
    .optional(),
  topics: z.array(Topic).default([]),
  cap: z.number().int().min(0).max(1000).optional(),
});
