/**
 * Who is told about a safeguarding concern, and when the next person is (docs/safeguarding.md).
 * Pure: configuration, the enquiry and `now` in; the enquiry change, its audit event and the alert
 * to send out.
 *
 * - The list in force at an instant: `safeguarding.dutyContacts` while the hub calendar is open,
 *   `safeguarding.outOfHours` otherwise (an empty list means the hub manager).
 * - The first alert goes to the first person of the list in force; each later one to the next
 *   person of the list in force then, never twice to the same person of a list.
 * - The next person is due when the alert is not picked up in time: `pickupWorkingMinutes` of hub
 *   working time on the duty list, but never later than the hub's closing time (nobody in hours can
 *   pick it up then, so the out-of-hours list takes over); `outOfHoursPickupMinutes` of elapsed time
 *   out of hours (people on call; the clock never stops).
 * - Nobody left on the list: the chain stops (everyone on it has the alert).
 */

import type { DutyContact, HubConfig } from '../config/hub-config';
import { addWorkingMinutes, isOpenAt, workingMinutesBetween } from '../domain/business-calendar';
import {
  type AuditEvent,
  type DutyAlert,
  DutyList,
  type Enquiry,
  Reference,
  type Transition,
  toInstant,
} from '../domain/enquiry';
import { Priority, SafeguardingCategory } from '../domain/taxonomy';
import * as z from '../domain/zod';

const Instant = z.iso.datetime({ offset: true });

/** One duty alert to email: ids, categories and times only, never the enquirer's details or words. */
export const DutyAlertNotice = z.object({
  enquiryId: Reference,
  /** The enquiry's concern number (1 = its first). */
  concern: z.int().check(z.positive()),
  /** 0 for the first person told about this concern, 1 for the next... */
  step: z.int().check(z.nonnegative()),
  list: DutyList,
  recipient: z.string().check(z.minLength(1)),
  recipientName: z.string(),
  categories: z.array(SafeguardingCategory),
  priority: Priority,
  team: z.string(),
  raisedAt: Instant,
  sentAt: Instant,
  /** When the next person is told if nobody picks this up (null: nobody left). */
  nextAlertAt: z.nullable(Instant),
  /** Who that will be, for the email ("then X is told"). */
  nextRecipientName: z.nullable(z.string()),
});
export type DutyAlertNotice = z.infer<typeof DutyAlertNotice>;

export interface DutyAlertPlan {
  readonly transition: Transition;
  readonly notice: DutyAlertNotice;
}

/** Who writes the router's and sweep's safeguarding events. */
const ALERT_ACTOR_DEFAULT = 'router';

/** The list in force at an instant: the duty list in the hub's open hours, otherwise out of hours. */
export function dutyListAt(config: HubConfig, at: string): DutyList {
  return isOpenAt(config.calendar, new Date(at)) ? 'duty' : 'out-of-hours';
}

/** The people on a list, first to last; the hub manager when the list is empty (nothing is dropped). */
export function dutyContactsOf(config: HubConfig, list: DutyList): readonly DutyContact[] {
  const contacts = list === 'duty' ? config.safeguarding.dutyContacts : config.safeguarding.outOfHours;
  return contacts.length > 0 ? contacts : [{ name: 'Hub manager', email: config.hub.hubManagerEmail }];
}

/** The next person of `list` not yet told about this concern, with their place on the list. */
function nextOnList(
  config: HubConfig,
  told: DutyAlert['told'],
  list: DutyList,
): { contact: DutyContact; index: number } | null {
  const index = told.filter((entry) => entry.list === list).length;
  const contact = dutyContactsOf(config, list)[index];
  return contact === undefined ? null : { contact, index };
}

/**
 * The instant the hub first closes after `at` (open at `at`), within `limitMinutes`: until then
 * working time equals elapsed time, so halve on that (to the millisecond).
 */
function closingWithin(config: HubConfig, at: Date, limitMinutes: number): Date {
  let open = 0;
  let closed = limitMinutes * 60_000;
  while (closed - open > 1) {
    const middle = Math.floor((open + closed) / 2);
    const worked = workingMinutesBetween(config.calendar, at, new Date(at.getTime() + middle)) * 60_000;
    if (worked >= middle - 0.5) open = middle;
    else closed = middle;
  }
  // `open` is the last instant still counted as working time: the close itself (a span excludes its end).
  return new Date(at.getTime() + open);
}

/** When the next person is due if an alert sent at `sentAt` on `list` is not picked up. */
export function pickupDueAt(config: HubConfig, list: DutyList, sentAt: string): string {
  const start = new Date(sentAt);
  if (list === 'out-of-hours') {
    return new Date(start.getTime() + config.safeguarding.outOfHoursPickupMinutes * 60_000).toISOString();
  }
  const minutes = config.safeguarding.pickupWorkingMinutes;
  const due = addWorkingMinutes(config.calendar, start, minutes);
  // Past closing time the hub is shut: the out-of-hours list takes over at the close.
  if (due.getTime() - start.getTime() <= minutes * 60_000) return due.toISOString();
  return closingWithin(config, start, minutes).toISOString();
}

/** Who would be told next, and when, after `told` (null when nobody is left). */
function nextAfter(
  config: HubConfig,
  told: DutyAlert['told'],
  list: DutyList,
  sentAt: string,
): { at: string; name: string } | null {
  const at = pickupDueAt(config, list, sentAt);
  const next = nextOnList(config, told, dutyListAt(config, at));
  return next === null ? null : { at, name: next.contact.name };
}

function alertEvent(enquiry: Enquiry, at: string, actor: string, detail: AuditEvent['detail']): AuditEvent {
  return { enquiryId: enquiry.id, at, type: 'safeguarding-alerted', actor, detail };
}

function plan(
  config: HubConfig,
  enquiry: Enquiry,
  alert: DutyAlert,
  now: string,
  actor: string,
): DutyAlertPlan | null {
  const list = dutyListAt(config, now);
  const next = nextOnList(config, alert.told, list);
  if (next === null) return null;
  const told = [...alert.told, { list, index: next.index, email: next.contact.email, at: now }];
  const after = nextAfter(config, told, list, now);
  const updated: DutyAlert = { ...alert, told, nextAlertAt: after?.at ?? null };
  const changed: Enquiry = {
    ...enquiry,
    safeguarding: { ...enquiry.safeguarding, alert: updated },
    updatedAt: now,
  };
  const step = told.length - 1;
  return {
    transition: {
      enquiry: changed,
      events: [
        alertEvent(enquiry, now, actor, {
          concern: alert.concern,
          step,
          list,
          listPlace: next.index + 1,
          categories: [...enquiry.safeguarding.categories],
          nextAlertAt: updated.nextAlertAt,
        }),
      ],
    },
    notice: {
      enquiryId: enquiry.id,
      concern: alert.concern,
      step,
      list,
      recipient: next.contact.email,
      recipientName: next.contact.name,
      categories: [...enquiry.safeguarding.categories],
      priority: enquiry.priority,
      team: enquiry.team,
      raisedAt: alert.raisedAt,
      sentAt: now,
      nextAlertAt: updated.nextAlertAt,
      nextRecipientName: after?.name ?? null,
    },
  };
}

/**
 * The first duty alert of a new concern on `enquiry` (its flag already says `concern`): a new
 * concern number, the first person of the list in force at `now`.
 * @returns null when the enquiry has no concern.
 */
export function planConcernAlert(
  config: HubConfig,
  enquiry: Enquiry,
  now: string,
  actor = ALERT_ACTOR_DEFAULT,
): DutyAlertPlan | null {
  if (!enquiry.safeguarding.concern) return null;
  const at = toInstant(now);
  const alert: DutyAlert = {
    concern: (enquiry.safeguarding.alert?.concern ?? 0) + 1,
    raisedAt: enquiry.safeguarding.raisedAt ?? at,
    told: [],
    nextAlertAt: null,
    pickedUpAt: null,
    pickedUpBy: null,
    pickedUpHow: null,
  };
  return plan(config, enquiry, alert, at, actor);
}

/** `true` when the next person is due at `now`: an alert nobody picked up, on an enquiry still open. */
export function nextAlertDue(enquiry: Enquiry, now: string): boolean {
  const alert = enquiry.safeguarding.alert;
  return (
    enquiry.safeguarding.concern &&
    enquiry.status !== 'resolved' &&
    alert !== null &&
    alert.pickedUpAt === null &&
    alert.nextAlertAt !== null &&
    Date.parse(alert.nextAlertAt) <= Date.parse(now)
  );
}

/**
 * The next person told about an alert nobody picked up in time, or null when none is due (picked
 * up, resolved, cleared, not yet due) or nobody is left.
 */
export function planNextAlert(
  config: HubConfig,
  enquiry: Enquiry,
  now: string,
  actor = 'escalator',
): DutyAlertPlan | null {
  const alert = enquiry.safeguarding.alert;
  if (alert === null || !nextAlertDue(enquiry, now)) return null;
  return plan(config, enquiry, alert, toInstant(now), actor);
}

/**
 * The chain stops (nobody is left to tell, or the concern was resolved or cleared): the enquiry's
 * `nextAlertAt` goes to null. Returns null when there is nothing to stop.
 */
export function stopAlertChain(enquiry: Enquiry, now: string): Transition | null {
  const alert = enquiry.safeguarding.alert;
  if (alert === null || alert.nextAlertAt === null) return null;
  return {
    enquiry: {
      ...enquiry,
      safeguarding: { ...enquiry.safeguarding, alert: { ...alert, nextAlertAt: null } },
      updatedAt: toInstant(now),
    },
    events: [],
  };
}
