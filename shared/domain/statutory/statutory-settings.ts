/**
 * The statutory clocks' settings: how long each step may take, and how early a step counts as
 * "due soon". Defaults are the time limits in the law and the Ombudsman's code (sources cited in
 * docs/statutory-clocks.md); a council may configure its complaint timescales, and may shorten or
 * lengthen the warning, but the EHC limits are the law's and are only configurable so that a change
 * in the law is a configuration change. Pure (zod only).
 */
import * as z from '../zod';

const Weeks = z.int().check(z.positive()).check(z.lte(104));
const WorkingDays = z.int().check(z.positive()).check(z.lte(260));

export const StatutorySettings = z.prefault(
  z.strictObject({
    ehcAssessment: z.prefault(
      z.strictObject({
        /** SEND Regulations 2014, reg 5(1). */
        decisionWeeks: z._default(Weeks, 6),
        /** Reg 10(1) (notice that no plan will be issued); the draft plan in the same week. */
        planDecisionWeeks: z._default(Weeks, 16),
        /** Reg 13(2). */
        finalPlanWeeks: z._default(Weeks, 20),
      }),
      {},
    ),
    annualReview: z.prefault(
      z.strictObject({
        /** Children and Families Act 2014, s44(1). */
        reviewMonths: z._default(z.int().check(z.positive()).check(z.lte(24)), 12),
        /** Reg 20(10) (reg 21 when the child is not at a school or other institution). */
        decisionWeeks: z._default(Weeks, 4),
        /** Reg 22(3). */
        amendedPlanWeeks: z._default(Weeks, 8),
      }),
      {},
    ),
    complaint: z.prefault(
      z.strictObject({
        /** LGSCO Complaint Handling Code 6.2. */
        acknowledgeWorkingDays: z._default(WorkingDays, 5),
        /** Code 6.3. */
        stage1WorkingDays: z._default(WorkingDays, 10),
        /** Code 6.4: the most an extension should add without good reason. */
        stage1ExtensionWorkingDays: z._default(WorkingDays, 10),
        /** Code section 6, stage 2. */
        stage2AcknowledgeWorkingDays: z._default(WorkingDays, 5),
        stage2WorkingDays: z._default(WorkingDays, 20),
        stage2ExtensionWorkingDays: z._default(WorkingDays, 20),
      }),
      {},
    ),
    /** A calendar-week or month step counts as due soon this many days before it is due. */
    dueSoonCalendarDays: z._default(z.int().check(z.nonnegative()).check(z.lte(60)), 7),
    /** A working-day step counts as due soon this many working days before it is due. */
    dueSoonWorkingDays: z._default(z.number().check(z.nonnegative()).check(z.lte(20)), 2),
  }),
  {},
);
export type StatutorySettings = z.output<typeof StatutorySettings>;
export type StatutorySettingsInput = z.input<typeof StatutorySettings>;

/** The settings with every default applied (the law's and the code's own numbers). */
export function defaultStatutorySettings(): StatutorySettings {
  return StatutorySettings.parse(undefined);
}
