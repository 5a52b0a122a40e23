/**
 * What the statutory use cases answer: their response schemas, read by the API's contract
 * (`functions/api/responses.ts`), the OpenAPI document and the tests. The use cases import only
 * their types, so no API function builds these schemas at cold start (as `shared/casework/response-schemas.ts`).
 */

import { StatutoryProposal } from '../domain/statutory/propose-process';
import { MilestoneView, ProcessKind, ProcessSchedule } from '../domain/statutory/statutory-clocks';
import * as z from '../domain/zod';

/** A process as the API shows it. */
export const StatutoryProcessView = z.object({
  id: z.string(),
  enquiryId: z.string(),
  team: z.string(),
  version: z.int(),
  startedBy: z.string(),
  startedAt: z.string(),
  schedule: ProcessSchedule,
  history: z
    .array(z.object({ at: z.string(), by: z.string(), what: z.string() }))
    .check(
      z.describe(
        'Who recorded each milestone and exception, and when (the latest record per milestone counts).',
      ),
    ),
});
export type StatutoryProcessView = z.infer<typeof StatutoryProcessView>;

export const EnquiryStatutory = z.object({
  enquiryId: z.string(),
  processes: z.array(StatutoryProcessView),
  proposal: z
    .nullable(z.extend(StatutoryProposal, { start: z.string() }))
    .check(z.describe('What triage suggests starting, when nothing of that kind is running yet.')),
});
export type EnquiryStatutory = z.infer<typeof EnquiryStatutory>;

/** One deadline on a manager's list. */
export const TeamDeadline = z.object({
  enquiryId: z.string(),
  processId: z.string(),
  process: ProcessKind,
  processLabel: z.string(),
  milestone: MilestoneView,
});
export type TeamDeadline = z.infer<typeof TeamDeadline>;

export const TeamStatutory = z.object({
  team: z.string(),
  generatedAt: z.string(),
  running: z.int().check(z.describe('Running processes of the team.')),
  missed: z.array(TeamDeadline),
  dueSoon: z.array(TeamDeadline),
  paused: z.array(TeamDeadline),
});
export type TeamStatutory = z.infer<typeof TeamStatutory>;
