/**
 * What the improvement board measures against: a target per figure and the checkpoints (months
 * after the start of the reported period) at which the trend is shown. Configuration, parsed with
 * zod as part of the hub configuration (`improvement` in config/hub.json). Pure.
 */
import * as z from 'zod';

const Percent = z.number().min(0).max(100);
const Hours = z.number().nonnegative();

export const ImprovementTargets = z
  .strictObject({
    /** Share of first responses within the priority's window (higher is better). */
    firstResponseWithinWindowPercent: Percent.default(90),
    /** Median working hours to first response (lower is better). */
    medianFirstResponseWorkingHours: Hours.default(8),
    /** 90th percentile working hours to first response (lower is better). */
    p90FirstResponseWorkingHours: Hours.default(40),
    /** Unresolved enquiries older than 10 working days at the end of the period (lower is better). */
    backlogOverTenWorkingDays: z.number().int().nonnegative().default(0),
    /** Share of enquiries the enquirer had to chase before a first response (lower is better). */
    chasedPercent: Percent.default(10),
    /** Mean contacts from the enquirer before the first response (lower is better; 1 is ideal). */
    contactsBeforeFirstResponse: z.number().min(1).default(1.2),
    /** EHC plans issued within 20 weeks, exception cases left out as the DfE's SEN2 return does. */
    ehcPlansWithin20WeeksPercent: Percent.default(80),
    /** Complaint responses (stage 1 and 2) within the complaint handling code's time. */
    complaintResponsesOnTimePercent: Percent.default(95),
    /** Safeguarding concerns a person picked up within `safeguardingPickUpHours`. */
    safeguardingPickedUpInTimePercent: Percent.default(100),
    /** Hours (elapsed, day or night: safeguarding does not wait for opening hours) to pick one up. */
    safeguardingPickUpHours: Hours.positive().default(1),
    /** Share of enquiries whose triage a person corrected, any label (lower is better). */
    triageCorrectedPercent: Percent.default(10),
    /** Safeguarding concerns triage missed and a person had to set (lower is better; 0 is the aim). */
    safeguardingMissedByTriage: z.number().int().nonnegative().default(0),
  })
  .prefault({});
export type ImprovementTargets = z.output<typeof ImprovementTargets>;

export const ImprovementSettings = z
  .strictObject({
    targets: ImprovementTargets,
    /** Months after the period's start at which the trend is shown (the improvement notice's checkpoints). */
    checkpointMonths: z.array(z.number().int().positive().max(120)).min(1).default([3, 6, 12, 18]),
  })
  .prefault({});
export type ImprovementSettings = z.output<typeof ImprovementSettings>;
