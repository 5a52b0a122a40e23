/**
 * Service levels on the hub calendar: when a response is due, when each escalation step falls due,
 * and the policy object the enquiry transitions use. Pure: configuration in, instants out.
 *
 * Every step instant is measured from the enquiry's `responseDueAt` in working time (a warning at
 * 75% of the window is a quarter-window before it; "one working day after breach" is 480 working
 * minutes after it). Because transitions move `responseDueAt` when the clock pauses, the steps move
 * with it, without any extra bookkeeping.
 */

import { addWorkingMinutes, type BusinessCalendar, workingMinutesBetween } from './business-calendar';
import type { Enquiry, ServiceClock, ServiceLevelPolicy } from './enquiry';
import { ConfigId, type Priority } from './taxonomy';
import * as z from './zod';

/** Who an escalation step tells. */
export const ESCALATION_AUDIENCES = [
  'assignee-or-team',
  'team-manager',
  'head-of-service',
  'hub-manager',
] as const;
export const EscalationAudience = z.enum(ESCALATION_AUDIENCES);
export type EscalationAudience = z.infer<typeof EscalationAudience>;

const StepTime = z.union(
  [
    /** A share of the response window, in working time (1 is the due time itself). */
    z.strictObject({ fractionOfWindow: z.number().check(z.positive()) }),
    /** Working minutes after the due time. */
    z.strictObject({ afterBreachMinutes: z.number().check(z.nonnegative()) }),
  ],
  { error: 'must be { "fractionOfWindow": n > 0 } or { "afterBreachMinutes": n >= 0 }' },
);

export const EscalationStep = z.strictObject({
  id: ConfigId,
  at: StepTime,
  notify: EscalationAudience,
});
/** One rung of an escalation ladder: when (`at`) and whom to tell (`notify`). */
export type EscalationStep = z.output<typeof EscalationStep>;

/**
 * When an escalation step falls due, in working minutes after the response clock started:
 * `fractionOfWindow × firstResponseMinutes`, or `firstResponseMinutes + afterBreachMinutes`.
 */
export function escalationStepMinutes(
  policy: Pick<PriorityWindow, 'firstResponseMinutes'>,
  step: Pick<EscalationStep, 'at'>,
): number {
  return 'fractionOfWindow' in step.at
    ? step.at.fractionOfWindow * policy.firstResponseMinutes
    : policy.firstResponseMinutes + step.at.afterBreachMinutes;
}

/** One priority's response window and escalation ladder (the hub configuration's `serviceLevels`). */
export interface PriorityWindow {
  /** Working minutes from receipt to the first response. */
  readonly firstResponseMinutes: number;
  readonly escalation: readonly EscalationStep[];
}

/** What service levels are measured with: the hub calendar and a window per priority. */
export interface ServiceLevelConfig {
  readonly calendar: BusinessCalendar;
  readonly serviceLevels: Readonly<Record<Priority, PriorityWindow>>;
}

export interface ScheduledStep {
  readonly step: EscalationStep;
  /** ISO instant the step falls due. */
  readonly at: string;
}

/** The escalation ladder of an enquiry's current window, in time order. */
export function escalationSchedule(
  config: ServiceLevelConfig,
  enquiry: Pick<Enquiry, 'priority' | 'responseDueAt'>,
): ScheduledStep[] {
  const policy = config.serviceLevels[enquiry.priority];
  const due = new Date(enquiry.responseDueAt);
  return policy.escalation.map((step) => ({
    step,
    at: addWorkingMinutes(
      config.calendar,
      due,
      escalationStepMinutes(policy, step) - policy.firstResponseMinutes,
    ).toISOString(),
  }));
}

/** Steps not yet taken in this window, in time order. */
export function pendingSteps(
  config: ServiceLevelConfig,
  enquiry: Pick<Enquiry, 'priority' | 'responseDueAt' | 'escalationSteps'>,
): ScheduledStep[] {
  return escalationSchedule(config, enquiry).filter(
    (scheduled) => !enquiry.escalationSteps.includes(scheduled.step.id),
  );
}

/** Pending steps that have fallen due at `now` (all of them, so a late sweep never skips one). */
export function dueSteps(
  config: ServiceLevelConfig,
  enquiry: Pick<Enquiry, 'priority' | 'responseDueAt' | 'escalationSteps'>,
  now: Date,
): ScheduledStep[] {
  return pendingSteps(config, enquiry).filter((scheduled) => Date.parse(scheduled.at) <= now.getTime());
}

/** The response window of a priority starting at `start`: due time, warning point, first pending step. */
export function clockFor(
  config: ServiceLevelConfig,
  priority: Priority,
  start: string,
  stepsTaken: readonly string[] = [],
): ServiceClock {
  const policy = config.serviceLevels[priority];
  const responseDueAt = addWorkingMinutes(
    config.calendar,
    new Date(start),
    policy.firstResponseMinutes,
  ).toISOString();
  const schedule = escalationSchedule(config, { priority, responseDueAt });
  const warning = schedule.find((scheduled) => Date.parse(scheduled.at) < Date.parse(responseDueAt));
  const next = schedule.find((scheduled) => !stepsTaken.includes(scheduled.step.id));
  return { responseDueAt, warningAt: warning?.at ?? null, nextEscalationAt: next?.at ?? null };
}

/** The {@link ServiceLevelPolicy} the enquiry transitions need, bound to the hub configuration. */
export function hubServiceLevels(config: ServiceLevelConfig): ServiceLevelPolicy {
  return {
    clockFrom: (enquiry, start) => clockFor(config, enquiry.priority, start, enquiry.escalationSteps),
    workingMinutesBetween: (from, to) => workingMinutesBetween(config.calendar, new Date(from), new Date(to)),
    addWorkingMinutes: (from, minutes) =>
      addWorkingMinutes(config.calendar, new Date(from), minutes).toISOString(),
  };
}
