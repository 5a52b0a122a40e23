/**
 * Who may see and do what with enquiries. Pure functions of the principal and the enquiry.
 *
 * Team isolation: an enquiry outside the caller's teams (and not held by them) is answered exactly
 * like one that does not exist (404), so nobody can learn that a reference exists in another team.
 * A listing asked for another team's name (`/queue?team=south`) is a 403: team ids are
 * configuration, not personal data, and saying "not your team" is more helpful than pretending.
 *
 * One exception, for safeguarding: the duty contacts are often not in the enquiry's team, so
 * managers (the head of service included) and anyone whose sign-in email is on the safeguarding
 * duty or out-of-hours list may open an enquiry that has (or had) a concern and pick up its alert,
 * whatever its team (docs/safeguarding.md). Nothing else is opened to them.
 */

import type { HubConfig } from '../config/hub-config';
import type { Enquiry } from '../domain/enquiry';
import { EnquiryNotFoundError, ForbiddenError, NotAssigneeError, ValidationError } from '../domain/errors';
import * as z from '../domain/zod';
import { hasAnyRole, type Principal, type StaffRole } from './principal';

/** Roles that work enquiries (see queues, enquiries, caseloads). */
export const CASEWORK_ROLES: readonly StaffRole[] = ['caseworker', 'manager'];

/** @throws ForbiddenError unless the principal holds one of `roles`. */
export function requireRole(principal: Principal, roles: readonly StaffRole[]): void {
  if (!hasAnyRole(principal, roles)) {
    throw new ForbiddenError(`this needs the ${roles.join(' or ')} role`);
  }
}

/** `true` when the principal works enquiries in `team`. */
export function worksInTeam(principal: Principal, team: string): boolean {
  return hasAnyRole(principal, CASEWORK_ROLES) && principal.teams.includes(team);
}

/** `true` when the principal manages `team`. */
export function managesTeam(principal: Principal, team: string): boolean {
  return principal.roles.has('manager') && principal.teams.includes(team);
}

/** `true` when the principal is a caseworker holding the enquiry. */
export function holds(principal: Principal, enquiry: Pick<Enquiry, 'assignee'>): boolean {
  return principal.roles.has('caseworker') && enquiry.assignee === principal.username;
}

/** `true` when the principal may see the enquiry: it is in one of their teams, or they hold it. */
export function canView(principal: Principal, enquiry: Pick<Enquiry, 'team' | 'assignee'>): boolean {
  return worksInTeam(principal, enquiry.team) || holds(principal, enquiry);
}

/**
 * The enquiry, if the principal may see it.
 * @throws EnquiryNotFoundError when it does not exist or lies outside their teams (same answer for both).
 */
export function visibleEnquiry(principal: Principal, id: string, enquiry: Enquiry | null): Enquiry {
  if (enquiry === null || !canView(principal, enquiry)) throw new EnquiryNotFoundError(id);
  return enquiry;
}

/** Everyone on the safeguarding duty and out-of-hours lists, by email (lower case). */
export function safeguardingDutyEmails(config: Pick<HubConfig, 'safeguarding'>): ReadonlySet<string> {
  return new Set(
    [...config.safeguarding.dutyContacts, ...config.safeguarding.outOfHours].map((contact) =>
      contact.email.toLowerCase(),
    ),
  );
}

/**
 * May pick up any team's safeguarding alert: a manager (the head of service included), or someone
 * whose sign-in email is on the duty or out-of-hours list.
 */
export function isSafeguardingResponder(
  principal: Principal,
  config: Pick<HubConfig, 'safeguarding'>,
): boolean {
  if (principal.roles.has('manager')) return true;
  return principal.email !== null && safeguardingDutyEmails(config).has(principal.email);
}

/** The enquiry is a safeguarding matter: it has a concern, or a duty alert went out about one. */
export function isSafeguardingMatter(enquiry: Pick<Enquiry, 'safeguarding'>): boolean {
  return enquiry.safeguarding.concern || enquiry.safeguarding.alert !== null;
}

/**
 * The enquiry, if the principal may open it: as {@link visibleEnquiry}, or as a safeguarding
 * responder while it is a safeguarding matter.
 * @throws EnquiryNotFoundError otherwise (the same answer as for one that does not exist).
 */
export function openableEnquiry(
  principal: Principal,
  id: string,
  enquiry: Enquiry | null,
  responder: boolean,
): Enquiry {
  if (enquiry !== null && responder && isSafeguardingMatter(enquiry)) return enquiry;
  return visibleEnquiry(principal, id, enquiry);
}

/**
 * Acting on the enquiry's substance (respond, resolve, reopen, release) belongs to whoever holds
 * it, or to a manager of its team.
 * @throws NotAssigneeError otherwise (they can see it, so saying who must act is no leak).
 */
export function requireHolderOrManager(principal: Principal, enquiry: Enquiry): void {
  if (holds(principal, enquiry) || managesTeam(principal, enquiry.team)) return;
  throw new NotAssigneeError(enquiry.id, principal.username);
}

/**
 * The team a team-scoped listing is about: the one asked for, or the caller's only team.
 * @throws ValidationError (field `team`) when they work in several teams and named none, or none at all.
 * @throws ForbiddenError when they asked for a team they do not work in.
 */
export function chooseTeam(principal: Principal, requested: string | undefined, everyTeam = false): string {
  if (requested !== undefined) {
    if (!everyTeam && !principal.teams.includes(requested)) {
      throw new ForbiddenError(`you do not work in team ${requested}`);
    }
    return requested;
  }
  const [only, ...others] = principal.teams;
  if (only === undefined || others.length > 0) {
    throw new ValidationError('team is required: say which team (e.g. ?team=north)', { field: 'team' });
  }
  return only;
}

/** What the principal may do with an enquiry now, so the page shows only buttons that will work. */
export const EnquiryPermissions = z.object({
  claim: z.boolean(),
  release: z.boolean(),
  respond: z.boolean(),
  note: z.boolean(),
  resolve: z.boolean(),
  reopen: z.boolean(),
  reassign: z.boolean(),
  /** Move it to another team's queue (managers of its team). */
  transfer: z.boolean(),
  /** Correct triage's labels (priority, topic, district, the safeguarding flag). */
  correct: z.boolean(),
  /** Pick up the safeguarding duty alert ("I'm dealing with this"): one is out and nobody has yet. */
  acknowledge: z.boolean(),
  /** Resend the acknowledgement email SES refused (the enquiry shows the failure). */
  resendAcknowledgement: z.boolean(),
});
export type EnquiryPermissions = z.infer<typeof EnquiryPermissions>;

/** `true` while the enquiry's duty alert is out and nobody has picked it up. */
export function alertAwaitingPickup(enquiry: Pick<Enquiry, 'safeguarding'>): boolean {
  const { concern, alert } = enquiry.safeguarding;
  return concern && alert !== null && alert.pickedUpAt === null;
}

/**
 * What the principal may do now; `responder` (see {@link isSafeguardingResponder}) adds picking up
 * the safeguarding alert of an enquiry outside their teams.
 */
export function permissionsFor(
  principal: Principal,
  enquiry: Enquiry,
  responder = false,
): EnquiryPermissions {
  const actor = holds(principal, enquiry) || managesTeam(principal, enquiry.team);
  const unresolved = enquiry.status !== 'resolved';
  return {
    claim:
      principal.roles.has('caseworker') &&
      principal.teams.includes(enquiry.team) &&
      enquiry.assignee === null &&
      unresolved,
    release: actor && enquiry.assignee !== null && unresolved,
    respond: actor && unresolved,
    note: canView(principal, enquiry),
    resolve: actor && unresolved,
    reopen: actor && (enquiry.status === 'answered' || enquiry.status === 'resolved'),
    reassign: managesTeam(principal, enquiry.team) && unresolved,
    transfer: managesTeam(principal, enquiry.team) && unresolved,
    correct: worksInTeam(principal, enquiry.team),
    acknowledge: (worksInTeam(principal, enquiry.team) || responder) && alertAwaitingPickup(enquiry),
    resendAcknowledgement:
      worksInTeam(principal, enquiry.team) &&
      enquiry.acknowledgedAt === null &&
      enquiry.acknowledgementFailedAt !== undefined &&
      enquiry.acknowledgementFailedAt !== null,
  };
}
