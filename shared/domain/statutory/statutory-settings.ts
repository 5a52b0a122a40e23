/**
 * The statutory clocks' settings: how long each step may take, and how early a step counts as
 * "due soon". Defaults are the time limits in the law and the Ombudsman's code (sources cited in
 * docs/statutory-clocks.md); a council may configure its complaint timescales, and may shorten or
 * lengthen the warning, but the EHC limits are the law's and are only configurable so that a change
 * in the law is a configuration change. Pure (zod only).
 */
import * as z from 'zod';

const Weeks = z.number().int().positive().max(104);
const WorkingDays = z.number().int().positive().max(260);

export const StatutorySettings = z
  .strictObject({
    ehcAssessment: z
      .strictObject({
        /** SEND Regulations 2014, reg 5(1). */
        decisionWeeks: Weeks.default(6),
        /** Reg 10(1) (notice that no plan will be issued); the draft plan in the same week. */
        planDecisionWeeks: Weeks.default(16),
        /** Reg 13(2). */
        finalPlanWeeks: Weeks.default(20),
      })
      .prefault({}),
    annualReview: z
      .strictObject({
        /** Children and Families Act 2014, s44(1). */
        reviewMonths: z.number().int().positive().max(24).default(12),
        /** Reg 20(10) (reg 21 when the child is not at a school or other institution). */
        decisionWeeks: Weeks.default(4),
        /** Reg 22(3). */
        amendedPlanWeeks: Weeks.default(8),
      })
      .prefault({}),
    complaint: z
      .strictObject({
        /** LGSCO Complaint Handling Code 6.2. */
        acknowledgeWorkingDays: WorkingDays.default(5),
        /** Code 6.3. */
        stage1WorkingDays: WorkingDays.default(10),
        /** Code 6.4: the most an extension should add without good reason. */
        stage1ExtensionWorkingDays: WorkingDays.default(10),
        /** Code section 6, stage 2. */
        stage2AcknowledgeWorkingDays: WorkingDays.default(5),
        stage2WorkingDays: WorkingDays.default(20),
        stage2ExtensionWorkingDays: WorkingDays.default(20),
      })
      .prefault({}),
    /** A calendar-week or month step counts as due soon this many days before it is due. */
    dueSoonCalendarDays: z.number().int().nonnegative().max(60).default(7),
    /** A working-day step counts as due soon this many working days before it is due. */
    dueSoonWorkingDays: z.number().nonnegative().max(20).default(2),
  })
  .prefault({});
export type StatutorySettings = z.output<typeof StatutorySettings>;
export type StatutorySettingsInput = z.input<typeof StatutorySettings>;

/** The settings with every default applied (the law's and the code's own numbers). */
export function defaultStatutorySettings(): StatutorySettings {
  return StatutorySettings.parse(undefined);
}
