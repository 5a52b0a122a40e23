/**
 * Service levels on the hub calendar: when a response is due, when each escalation step falls due,
 * and the policy object the enquiry transitions use. Pure: configuration in, instants out.
 *
 * Every step instant is measured from the enquiry's `responseDueAt` in working time (a warning at
 * 75% of the window is a quarter-window before it; "one working day after breach" is 480 working
 * minutes after it). Because transitions move `responseDueAt` when the clock pauses, the steps move
 * with it, without any extra bookkeeping.
 */
import { type EscalationStep, escalationStepMinutes, type HubConfig } from '../config/hub-config';
import { addWorkingMinutes, workingMinutesBetween } from './business-calendar';
import type { Enquiry, ServiceClock, ServiceLevelPolicy } from './enquiry';
import type { Priority } from './taxonomy';

export interface ScheduledStep {
  readonly step: EscalationStep;
  /** ISO instant the step falls due. */
  readonly at: string;
}

/** The escalation ladder of an enquiry's current window, in time order. */
export function escalationSchedule(
  config: HubConfig,
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
  config: HubConfig,
  enquiry: Pick<Enquiry, 'priority' | 'responseDueAt' | 'escalationSteps'>,
): ScheduledStep[] {
  return escalationSchedule(config, enquiry).filter(
    (scheduled) => !enquiry.escalationSteps.includes(scheduled.step.id),
  );
}

/** Pending steps that have fallen due at `now` (all of them, so a late sweep never skips one). */
export function dueSteps(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'priority' | 'responseDueAt' | 'escalationSteps'>,
  now: Date,
): ScheduledStep[] {
  return pendingSteps(config, enquiry).filter((scheduled) => Date.parse(scheduled.at) <= now.getTime());
}

/** The response window of a priority starting at `start`: due time, warning point, first pending step. */
export function clockFor(
  config: HubConfig,
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
export function hubServiceLevels(config: HubConfig): ServiceLevelPolicy {
  return {
    clockFrom: (enquiry, start) => clockFor(config, enquiry.priority, start, enquiry.escalationSteps),
    workingMinutesBetween: (from, to) => workingMinutesBetween(config.calendar, new Date(from), new Date(to)),
    addWorkingMinutes: (from, minutes) =>
      addWorkingMinutes(config.calendar, new Date(from), minutes).toISOString(),
  };
}
