/**
 * What the escalator does with one enquiry at one instant: which steps of its ladder fell due, who
 * each step tells, and the enquiry change that records them. Pure: configuration, the enquiry, the
 * sweep's `now` and a caseworker lookup in; a decision out. The sweep (`shared/sweep/run-sweep.ts`) stores the
 * decision in one transaction and emails the notices in per-recipient digests.
 */

import { type EscalationAudience, type HubConfig, teamById } from '../config/hub-config';
import { RETURN_REASONS } from '../domain/claim-expiry';
import { addressKey } from '../domain/email-address';
import { applyEscalation, type Enquiry, type Transition, toInstant } from '../domain/enquiry';
import { dueSteps, escalationSchedule, pendingSteps, type ScheduledStep } from '../domain/service-level';
import { Priority, Topic } from '../domain/taxonomy';
import * as z from '../domain/zod';
import { RecipientRole } from './recipient-role';

export { RECIPIENT_ROLES, RecipientRole } from './recipient-role';

/** The actor name on escalation audit events. */
export const ESCALATOR_ACTOR = 'escalator';

/** A member of staff as the escalator needs them. */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly active: boolean;
}

export interface Recipient {
  /** Lower-case address. */
  readonly email: string;
  readonly role: RecipientRole;
}

const Instant = z.iso.datetime({ offset: true });

/**
 * One escalation step of one enquiry for one recipient: what a digest row shows. It holds no
 * enquirer data (no names, addresses or message text): the recipient follows the link.
 */
export const EscalationNotice = z.object({
  recipient: z.string().check(z.minLength(3)),
  recipientRole: RecipientRole,
  enquiryId: z.string().check(z.minLength(1)),
  /** Start of the response window the step belongs to (`clockStartedAt`). */
  windowStart: Instant,
  stepId: z.string().check(z.minLength(1)),
  /** When the step fell due. */
  stepAt: Instant,
  /** The step falls at or after the response due time. */
  pastDue: z.boolean(),
  /** The step is the enquiry's breach: the first step at or after the due time. */
  breach: z.boolean(),
  priority: Priority,
  topic: Topic,
  team: z.string().check(z.minLength(1)),
  assignee: z.nullable(z.string()),
  /** The assignee's name (staff), for the digest. */
  assigneeName: z.nullable(z.string()),
  contactCount: z.int().check(z.nonnegative()),
  receivedAt: Instant,
  responseDueAt: Instant,
  /** When the sweep recorded the step. */
  escalatedAt: Instant,
  /**
   * Set when the notice is about a statutory deadline (an EHC assessment, annual review or complaint
   * milestone due soon or missed) rather than the first response: the digest shows it in its own
   * section (`shared/statutory/statutory-digest.ts`).
   */
  statutory: z.optional(
    z.object({
      processId: z.string().check(z.minLength(1)),
      processLabel: z.string().check(z.minLength(1)),
      milestone: z.string().check(z.minLength(1)),
      milestoneLabel: z.string().check(z.minLength(1)),
      step: z.enum(['due-soon', 'missed']),
      /** `YYYY-MM-DD` (calendar clocks) or an instant (working days). */
      due: z.string().check(z.minLength(10)),
      statutoryDue: z.nullable(z.string()),
      pausedDays: z.number().check(z.nonnegative()),
    }),
  ),
  /**
   * Set when the notice says an enquiry left its holder without them letting go: their claim
   * expired, or they are away (returned to the queue or handed to a colleague). The digest shows
   * these in their own section (docs/managers.md).
   */
  returned: z.optional(
    z.object({
      reason: z.enum(RETURN_REASONS),
      from: z.string().check(z.minLength(1)),
      fromName: z.nullable(z.string()),
      /** The colleague it was handed to; null when it went back to the team queue. */
      to: z.nullable(z.string()),
      toName: z.nullable(z.string()),
      /** Working minutes the holder had been quiet (claim expiry). */
      quietWorkingMinutes: z.nullable(z.number().check(z.nonnegative())),
      /** A transfer: the team it came from and the manager's reason. */
      fromTeam: z.optional(z.nullable(z.string())),
      note: z.optional(z.nullable(z.string().check(z.maxLength(500)))),
    }),
  ),
});
export type EscalationNotice = z.infer<typeof EscalationNotice>;

/** What to do with one enquiry found on the awaiting index. */
export type EscalationDecision =
  | {
      readonly kind: 'nothing';
      /** `not-open`: answered, paused or resolved since the index was read; `not-due`: already escalated. */
      readonly reason: 'not-open' | 'not-due';
    }
  | {
      /** Its index entry points at a step that is no longer pending (e.g. the ladder changed): move it on. */
      readonly kind: 'reschedule';
      readonly transition: Transition;
    }
  | {
      readonly kind: 'escalate';
      readonly transition: Transition;
      readonly notices: readonly EscalationNotice[];
    };

/**
 * Who a step of this enquiry tells:
 * - `assignee-or-team`: the caseworker holding it, or the team manager when nobody (active) holds it;
 * - `team-manager`, `head-of-service`: the serving team's addresses;
 * - `hub-manager`: the hub's manager.
 * An enquiry whose team is missing from the configuration goes to the hub manager, so nothing is lost.
 */
export function recipientFor(
  config: HubConfig,
  enquiry: Pick<Enquiry, 'team' | 'assignee'>,
  audience: EscalationAudience,
  assignee: StaffMember | null,
): Recipient {
  const hubManager: Recipient = { email: config.hub.hubManagerEmail.toLowerCase(), role: 'hub-manager' };
  const team = teamById(config, enquiry.team);
  if (audience === 'hub-manager' || team === undefined) return hubManager;
  const manager: Recipient = { email: team.managerEmail.toLowerCase(), role: 'team-manager' };
  switch (audience) {
    case 'assignee-or-team':
      return enquiry.assignee !== null && assignee?.active === true && assignee.email.trim() !== ''
        ? { email: addressKey(assignee.email), role: 'assignee' }
        : manager;
    case 'team-manager':
      return manager;
    case 'head-of-service':
      return { email: team.headOfServiceEmail.toLowerCase(), role: 'head-of-service' };
  }
}

/** The first step of the ladder that falls at or after the due time: crossing it is the breach. */
function breachStepId(schedule: readonly ScheduledStep[], responseDueAt: string): string | null {
  const due = Date.parse(responseDueAt);
  return schedule.find((scheduled) => Date.parse(scheduled.at) >= due)?.step.id ?? null;
}

/**
 * Decides what the escalator does with `enquiry` at `now`: every pending step that has fallen due
 * (all of them, so a late sweep skips none), each recorded once on the enquiry with an `escalated`
 * event naming the step and the recipient's role, and one notice per step for the digests.
 * `nextEscalationAt` moves to the first step still ahead (null when none), which takes the enquiry
 * past `now` on the awaiting index.
 * @param assignee the caseworker holding the enquiry (looked up by the caller), or null.
 */
export function planEscalation(
  config: HubConfig,
  enquiry: Enquiry,
  now: string,
  assignee: StaffMember | null,
): EscalationDecision {
  if (enquiry.status !== 'open') return { kind: 'nothing', reason: 'not-open' };
  const at = toInstant(now);
  const nowMs = Date.parse(at);
  const due = dueSteps(config, enquiry, new Date(nowMs));
  const ahead = pendingSteps(config, enquiry).find((scheduled) => Date.parse(scheduled.at) > nowMs);
  const nextEscalationAt = ahead === undefined ? null : toInstant(ahead.at);

  if (due.length === 0) {
    const stale =
      enquiry.nextEscalationAt !== null &&
      Date.parse(enquiry.nextEscalationAt) <= nowMs &&
      enquiry.nextEscalationAt !== nextEscalationAt;
    if (!stale) return { kind: 'nothing', reason: 'not-due' };
    // No event: nothing happened to the enquiry, only its place on the awaiting index was wrong.
    return { kind: 'reschedule', transition: { enquiry: { ...enquiry, nextEscalationAt }, events: [] } };
  }

  const schedule = escalationSchedule(config, enquiry);
  const breachId = breachStepId(schedule, enquiry.responseDueAt);
  const dueMs = Date.parse(enquiry.responseDueAt);
  let current = enquiry;
  const events: Transition['events'] = [];
  const notices: EscalationNotice[] = [];
  for (const scheduled of due) {
    const recipient = recipientFor(config, enquiry, scheduled.step.notify, assignee);
    const stepAt = toInstant(scheduled.at);
    const transition = applyEscalation(current, scheduled.step.id, at, nextEscalationAt, ESCALATOR_ACTOR, {
      recipientRole: recipient.role,
      audience: scheduled.step.notify,
      stepDueAt: stepAt,
    });
    if (transition === null) continue;
    current = transition.enquiry;
    events.push(...transition.events);
    notices.push({
      recipient: recipient.email,
      recipientRole: recipient.role,
      enquiryId: enquiry.id,
      windowStart: toInstant(enquiry.clockStartedAt),
      stepId: scheduled.step.id,
      stepAt,
      pastDue: Date.parse(stepAt) >= dueMs,
      breach: scheduled.step.id === breachId,
      priority: enquiry.priority,
      topic: enquiry.topic,
      team: enquiry.team,
      assignee: enquiry.assignee,
      assigneeName: enquiry.assignee === null ? null : (assignee?.name ?? null),
      contactCount: enquiry.contactCount,
      receivedAt: toInstant(enquiry.receivedAt),
      responseDueAt: toInstant(enquiry.responseDueAt),
      escalatedAt: at,
    });
  }
  return { kind: 'escalate', transition: { enquiry: current, events }, notices };
}
