/**
 * A person corrects triage: priority, topic, district (which moves the enquiry to that district's
 * team, keeping its clock) and the safeguarding flag (set with categories, or cleared), always with
 * a reason. Each changed label is one `corrected` audit event with before and after, and is counted
 * once in `correctedLabels` (the council's live measure of triage accuracy). Pure.
 */
import {
  type AuditEvent,
  type CorrectableLabel,
  type Enquiry,
  NO_ENQUIRY_SAFEGUARDING,
  type ServiceLevelPolicy,
  type Transition,
  toInstant,
} from './enquiry';
import { ValidationError } from './errors';
import type { District, Priority, SafeguardingCategory, Topic } from './taxonomy';
import { applyTeamMove } from './team-move';

export interface TriageCorrection {
  readonly priority?: Priority | undefined;
  readonly topic?: Topic | undefined;
  readonly district?: District | undefined;
  readonly safeguarding?:
    | { readonly concern: boolean; readonly categories: readonly SafeguardingCategory[] }
    | undefined;
  readonly reason: string;
}

/**
 * Applies a correction. `teamOf` names the team serving a district (configuration).
 * @returns null when nothing differs from what the enquiry already says.
 * @throws ValidationError (field named) for a correction that contradicts itself, e.g. a concern
 *   without categories, or lowering the priority of an enquiry that keeps a concern.
 */
export function applyTriageCorrection(
  enquiry: Enquiry,
  correction: TriageCorrection,
  teamOf: (district: District) => string,
  at: string,
  actor: string,
  policy: ServiceLevelPolicy,
): Transition | null {
  const when = toInstant(at);
  const events: AuditEvent[] = [];
  const labels: CorrectableLabel[] = [];
  let next: Enquiry = { ...enquiry };
  const record = (label: CorrectableLabel, from: string | string[], to: string | string[]) => {
    labels.push(label);
    events.push({
      enquiryId: enquiry.id,
      at: when,
      type: 'corrected',
      actor,
      detail: { label, from, to, reason: correction.reason },
    });
  };

  const flag = correction.safeguarding;
  if (flag !== undefined) {
    if (flag.concern && flag.categories.length === 0) {
      throw new ValidationError('safeguarding.categories: name at least one category of concern', {
        field: 'safeguarding.categories',
      });
    }
    const current = enquiry.safeguarding;
    const sameCategories =
      current.categories.length === flag.categories.length &&
      flag.categories.every((category) => current.categories.includes(category));
    if (flag.concern !== current.concern || (flag.concern && !sameCategories)) {
      next = {
        ...next,
        safeguarding: flag.concern
          ? {
              concern: true,
              categories: [...flag.categories],
              reasons: [`set by ${actor}: ${correction.reason}`],
              raisedAt: current.concern ? current.raisedAt : when,
              raisedByContact: current.concern ? current.raisedByContact : null,
              raisedBy: actor,
              alert: current.alert,
            }
          : {
              ...NO_ENQUIRY_SAFEGUARDING,
              // Cleared: nobody further is told; what was sent stays on the record.
              alert: current.alert === null ? null : { ...current.alert, nextAlertAt: null },
            },
      };
      record(
        'safeguarding',
        current.concern ? [...current.categories] : 'none',
        flag.concern ? [...flag.categories] : 'none',
      );
    }
  }

  const wanted: Priority | undefined = next.safeguarding.concern ? 'urgent' : correction.priority;
  if (next.safeguarding.concern && correction.priority !== undefined && correction.priority !== 'urgent') {
    throw new ValidationError(
      'priority: an enquiry with a safeguarding concern is urgent; clear the concern first',
      {
        field: 'priority',
      },
    );
  }
  if (wanted !== undefined && wanted !== enquiry.priority) {
    next = { ...next, priority: wanted };
    // The response window is re-planned from its start at the new priority (a lower one gives more time).
    if (next.status === 'open') {
      const clock = policy.clockFrom(next, next.clockStartedAt);
      next = {
        ...next,
        responseDueAt: toInstant(clock.responseDueAt),
        warningAt: clock.warningAt === null ? null : toInstant(clock.warningAt),
        nextEscalationAt: clock.nextEscalationAt === null ? null : toInstant(clock.nextEscalationAt),
      };
    }
    record('priority', enquiry.priority, wanted);
  }

  if (correction.topic !== undefined && correction.topic !== enquiry.topic) {
    next = { ...next, topic: correction.topic };
    record('topic', enquiry.topic, correction.topic);
  }

  if (correction.district !== undefined && correction.district !== enquiry.district) {
    next = { ...next, district: correction.district };
    record('district', enquiry.district, correction.district);
    // Another team serves it: the same move as a manager's transfer (the clock is kept).
    const moved = applyTeamMove(next, teamOf(correction.district), when, actor);
    if (moved !== null) {
      next = moved.enquiry;
      events.push(...moved.events);
    }
  }

  if (events.length === 0) return null;
  return {
    enquiry: {
      ...next,
      correctedLabels: [...new Set([...enquiry.correctedLabels, ...labels])],
      updatedAt: when,
    },
    events,
  };
}
