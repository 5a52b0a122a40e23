/** Request schemas of the work lists and of the actions on one enquiry (`api-casework`). */
import { District, Priority, SafeguardingCategory, Topic } from '../../../shared/domain/taxonomy';
import * as z from '../../../shared/domain/zod';
import { TeamId, text, Version } from './common';

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
