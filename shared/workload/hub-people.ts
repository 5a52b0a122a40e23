/**
 * The people the hub emails, from the configuration (team managers, the head of service, the hub
 * manager, duty safeguarding contacts) and the rosters (caseworkers): who can be marked away, who
 * can be a deputy, and who may change whose dates. Pure.
 */

import type { Principal } from '../access/principal';
import type { HubConfig } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import type { Caseworker } from '../domain/enquiry';

export const PERSON_ROLES = [
  'caseworker',
  'team-manager',
  'head-of-service',
  'hub-manager',
  'duty-contact',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** One person the hub emails, by their (lower-case) address. */
export interface HubPerson {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly PersonRole[];
  /** Teams they belong to (caseworkers), manage, or head. */
  readonly teams: readonly string[];
  /** Their caseworker id, when they are one. */
  readonly caseworkerId: string | null;
}

/** Everyone the hub emails, one entry per address, in a stable order. */
export function hubPeople(config: HubConfig, roster: readonly Caseworker[]): HubPerson[] {
  const people = new Map<
    string,
    { email: string; name: string; roles: Set<PersonRole>; teams: Set<string>; caseworkerId: string | null }
  >();
  const add = (
    email: string,
    name: string,
    role: PersonRole,
    teams: readonly string[],
    id: string | null,
  ) => {
    const key = addressKey(email);
    const entry = people.get(key) ?? {
      email: key,
      name,
      roles: new Set<PersonRole>(),
      teams: new Set<string>(),
      caseworkerId: null,
    };
    entry.roles.add(role);
    for (const team of teams) entry.teams.add(team);
    if (id !== null) {
      entry.caseworkerId = id;
      entry.name = name;
    }
    people.set(key, entry);
  };
  for (const caseworker of roster) {
    add(caseworker.email, caseworker.name, 'caseworker', [caseworker.team], caseworker.id);
  }
  for (const team of config.teams) {
    add(team.managerEmail, `Manager, ${team.name}`, 'team-manager', [team.id], null);
  }
  for (const team of config.teams) {
    add(team.headOfServiceEmail, 'Head of service', 'head-of-service', [team.id], null);
  }
  add(config.hub.hubManagerEmail, 'SEND hub manager', 'hub-manager', [], null);
  for (const contact of [...config.safeguarding.dutyContacts, ...config.safeguarding.outOfHours]) {
    add(contact.email, contact.name, 'duty-contact', [], null);
  }
  return [...people.values()].map((entry) => ({
    email: entry.email,
    name: entry.name,
    roles: PERSON_ROLES.filter((role) => entry.roles.has(role)),
    teams: [...entry.teams].sort(),
    caseworkerId: entry.caseworkerId,
  }));
}

/**
 * Whether `principal` may change `person`'s away dates and deputies:
 * - administrators: anyone;
 * - a caseworker: themselves;
 * - a manager: the caseworkers and manager address of the teams they manage, and a head of service
 *   whose every team they manage (the head of service signs in as a manager of every team).
 */
export function mayManageAvailability(principal: Principal, person: HubPerson): boolean {
  if (principal.roles.has('admin')) return true;
  if (principal.roles.has('caseworker') && person.caseworkerId === principal.username) return true;
  if (!principal.roles.has('manager')) return false;
  if (person.roles.includes('caseworker') || person.roles.includes('team-manager')) {
    if (person.teams.some((team) => principal.teams.includes(team))) return true;
  }
  if (person.roles.includes('head-of-service')) {
    return person.teams.length > 0 && person.teams.every((team) => principal.teams.includes(team));
  }
  return false;
}
