/**
 * What the improvement board measures against: a target per figure and the checkpoints (months
 * after the start of the reported period) at which the trend is shown. Configuration, parsed with
 * zod as part of the hub configuration (`improvement` in config/hub.json). Pure.
 */
import * as z from './zod';

const Percent = z.number().check(z.gte(0)).check(z.lte(100));
const Hours = z.number().check(z.nonnegative());

/** The improvement board's targets, each figure with its default. */
export const ImprovementTargetFields = z.strictObject({
  /** Share of first responses within the priority's window (higher is better). */
  firstResponseWithinWindowPercent: z._default(Percent, 90),
  /** Median working hours to first response (lower is better). */
  medianFirstResponseWorkingHours: z._default(Hours, 8),
  /** 90th percentile working hours to first response (lower is better). */
  p90FirstResponseWorkingHours: z._default(Hours, 40),
  /** Unresolved enquiries older than 10 working days at the end of the period (lower is better). */
  backlogOverTenWorkingDays: z._default(z.int().check(z.nonnegative()), 0),
  /** Share of enquiries the enquirer had to chase before a first response (lower is better). */
  chasedPercent: z._default(Percent, 10),
  /** Mean contacts from the enquirer before the first response (lower is better; 1 is ideal). */
  contactsBeforeFirstResponse: z._default(z.number().check(z.gte(1)), 1.2),
  /** EHC plans issued within 20 weeks, exception cases left out as the DfE's SEN2 return does. */
  ehcPlansWithin20WeeksPercent: z._default(Percent, 80),
  /** Complaint responses (stage 1 and 2) within the complaint handling code's time. */
  complaintResponsesOnTimePercent: z._default(Percent, 95),
  /** Safeguarding concerns a person picked up within `safeguardingPickUpHours`. */
  safeguardingPickedUpInTimePercent: z._default(Percent, 100),
  /** Hours (elapsed, day or night: safeguarding does not wait for opening hours) to pick one up. */
  safeguardingPickUpHours: z._default(Hours.check(z.positive()), 1),
  /** Share of enquiries whose triage a person corrected, any label (lower is better). */
  triageCorrectedPercent: z._default(Percent, 10),
  /** Safeguarding concerns triage missed and a person had to set (lower is better; 0 is the aim). */
  safeguardingMissedByTriage: z._default(z.int().check(z.nonnegative()), 0),
});
export const ImprovementTargets = z.prefault(ImprovementTargetFields, {});
export type ImprovementTargets = z.output<typeof ImprovementTargets>;

export const ImprovementSettings = z.prefault(
  z.strictObject({
    targets: ImprovementTargets,
    /** Months after the period's start at which the trend is shown (the improvement notice's checkpoints). */
    checkpointMonths: z._default(
      z.array(z.int().check(z.positive()).check(z.lte(120))).check(z.minLength(1)),
      [3, 6, 12, 18],
    ),
  }),
  {},
);
export type ImprovementSettings = z.output<typeof ImprovementSettings>;
