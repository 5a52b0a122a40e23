/**
 * The schemas of what the reports answer: the response-time report, the improvement board's
 * figures and the board report (`GET /report`). Only the OpenAPI document, `functions/api/responses.ts`
 * and the tests read them; the reports' code (`response-time-report.ts`, `improvement-report.ts`,
 * `board-report.ts`) imports their types alone, so the reporter and `api-reports` do not build
 * ~150 schemas at cold start that no report run parses with.
 */

import { ImprovementTargetFields } from '../domain/improvement-settings';
import { TriageAccuracy } from '../domain/triage-accuracy';
import * as z from '../domain/zod';
// The targets are a zod/mini schema (shared/domain/zod.ts): their keys come from mini's keyof.
import * as mini from '../domain/zod';
import { AGE_BANDS, type AgeBand } from './age-bands';
import { ReportPeriod } from './report-period';

/** A count per age band, every band present. */
export const ByAgeBand = z.object(
  Object.fromEntries(AGE_BANDS.map((band) => [band.id, z.int()])) as Record<AgeBand, z.ZodMiniInt>,
);
const Counts = z.record(z.string(), z.int());

export const FirstResponseStats = z.object({
  received: z.int().check(z.describe('Received in the period.')),
  withinWindow: z.int().check(z.describe('Answered within the window.')),
  late: z.int().check(z.describe('Answered, but after the window.')),
  overdueUnanswered: z.int().check(z.describe('Not answered and past the due time at `asOf`.')),
  awaiting: z
    .int()
    .check(z.describe('Not answered, still inside the window at `asOf`: not counted either way yet.')),
  closedWithoutResponse: z
    .int()
    .check(z.describe('Resolved without any response (e.g. closed as a duplicate): not counted either way.')),
  withinWindowPercent: z
    .nullable(z.number())
    .check(
      z.describe('withinWindow / (withinWindow + late + overdueUnanswered), one decimal; null when none.'),
    ),
  medianWorkingHours: z.nullable(z.number()),
  p90WorkingHours: z.nullable(z.number()),
});
export type FirstResponseStats = z.infer<typeof FirstResponseStats>;

export const CaseloadLine = z.object({
  caseworkerId: z.string(),
  name: z.string(),
  team: z.string(),
  active: z.boolean(),
  openCount: z.int(),
  cap: z.int(),
  utilisationPercent: z
    .nullable(z.number())
    .check(z.describe('openCount / cap, one decimal; null for a cap of 0.')),
});
export type CaseloadLine = z.infer<typeof CaseloadLine>;

export const ResponseTimeReport = z.object({
  period: ReportPeriod,
  asOf: z.string(),
  received: z.object({
    total: z.int(),
    byChannel: Counts,
    byTopic: Counts,
    byPriority: Counts,
    byTeam: Counts,
  }),
  firstResponse: z.object({
    overall: FirstResponseStats,
    byPriority: z.record(z.string(), FirstResponseStats),
    byTeam: z.record(z.string(), FirstResponseStats),
  }),
  backlog: z.object({
    total: z.int(),
    workingDayMinutes: z
      .number()
      .check(z.describe('Working minutes in one working day of the hub calendar (the unit of the bands).')),
    byAgeBand: ByAgeBand,
    byTeam: Counts,
  }),
  escalations: z.object({
    total: z.int(),
    byStep: Counts,
    breaches: z.int().check(z.describe('Distinct enquiries whose breach step fell due in the period.')),
    breachesByTeam: Counts,
  }),
  caseload: z.array(CaseloadLine),
  triageCorrections: TriageAccuracy.check(
    z.describe("How often people corrected each label triage gave the period's enquiries."),
  ),
});
export type ResponseTimeReport = z.infer<typeof ResponseTimeReport>;

/** The figures of one stretch of time. */
const Percent = z.nullable(z.number());

export const ImprovementFigures = z.object({
  from: z.string(),
  to: z.string().check(z.describe('Last local date, inclusive.')),
  received: z.int(),
  firstResponseWithinWindowPercent: Percent,
  medianFirstResponseWorkingHours: z.nullable(z.number()),
  p90FirstResponseWorkingHours: z.nullable(z.number()),
  backlog: z
    .object({ total: z.int(), byAgeBand: ByAgeBand })
    .check(
      z.describe('Unresolved at the end of the stretch (of the enquiries read), by age in working days.'),
    ),
  backlogOverTenWorkingDays: z.int(),
  chased: z
    .number()
    .check(
      z.int(),
      z.describe(
        'Enquiries the enquirer contacted twice or more before a first response (or still unanswered).',
      ),
    ),
  chasedPercent: Percent,
  contactsBeforeFirstResponse: z
    .nullable(z.number())
    .check(z.describe('Mean contacts before the first response, of the enquiries where it is known.')),
  ehcPlans: z.object({
    /** Requests started in the stretch whose 20-week outcome is known (plan issued, or past due). */
    decided: z.int(),
    within20Weeks: z.int(),
    within20WeeksPercent: Percent,
    /** The same with exception cases left out (the DfE SEN2 measure). */
    decidedExcludingExceptions: z.int(),
    within20WeeksExcludingExceptions: z.int(),
    within20WeeksExcludingExceptionsPercent: Percent,
  }),
  complaints: z.object({
    /** Complaint deadlines (acknowledgements and stage 1 and 2 responses) whose outcome is known. */
    deadlines: z.int(),
    onTime: z.int(),
    onTimePercent: Percent,
    stage1Responses: z.int(),
    stage1OnTimePercent: Percent,
  }),
  safeguarding: z.object({
    concerns: z.int(),
    pickedUp: z.int(),
    pickedUpInTime: z.int(),
    pickedUpInTimePercent: Percent,
    /** Elapsed minutes from the concern being raised to a person picking it up. */
    medianPickUpMinutes: z.nullable(z.number()),
    p90PickUpMinutes: z.nullable(z.number()),
  }),
  triageCorrections: TriageAccuracy,
});
export type ImprovementFigures = z.infer<typeof ImprovementFigures>;

export const Direction = z.enum(['higher-is-better', 'lower-is-better']);
export type Direction = z.infer<typeof Direction>;

/** One figure against its baseline and target. */
export const FigureComparison = z.object({
  id: mini.keyof(ImprovementTargetFields),
  label: z.string(),
  unit: z.string(),
  direction: Direction,
  value: z.nullable(z.number()),
  baseline: z.nullable(z.number()),
  target: z.number(),
  change: z.nullable(z.number()).check(z.describe('value - baseline (null when either is unknown).')),
  meetsTarget: z
    .nullable(z.boolean())
    .check(z.describe('Whether the period meets the target (null when the figure is unknown).')),
  trend: z
    .array(z.nullable(z.number()))
    .check(z.describe('The figure at each checkpoint, in checkpoint order.')),
});
export type FigureComparison = z.infer<typeof FigureComparison>;

export const Checkpoint = z.object({
  months: z.int(),
  figures: ImprovementFigures.check(z.describe('The quarter ending at the checkpoint.')),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

const Dates = z.object({ from: z.string(), to: z.string() });

export const ImprovementReport = z.object({
  period: Dates,
  baseline: Dates,
  asOf: z.string(),
  targets: ImprovementTargetFields,
  figures: ImprovementFigures,
  baselineFigures: ImprovementFigures,
  checkpoints: z.array(Checkpoint),
  comparison: z.array(FigureComparison),
  notes: z.array(z.string()).check(z.describe('What the figures could not include, in plain words.')),
});
export type ImprovementReport = z.infer<typeof ImprovementReport>;

export const BoardReport = z.object({
  report: ResponseTimeReport,
  improvement: ImprovementReport,
  csv: z.string().check(z.describe('Both as one tidy CSV table.')),
});
export type BoardReport = z.infer<typeof BoardReport>;
