/**
 * Use cases: adding a member of staff (sign-in, groups, staff record and roster in one step),
 * removing a leaver everywhere, and listing who works at the hub. The CLI (`send-hub staff`), the
 * API (`/staff`, administrators only) and the page all run these.
 *
 * Adding is idempotent and safe to repeat after a failure part-way: an existing sign-in with the
 * same email address is linked rather than duplicated (the "verified email" match), groups are
 * brought to what the member should have, and the records are written in one transaction.
 */

import type { HubConfig } from '../config/hub-config';
import { teamById } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import type { Caseworker, CaseworkerProfile, Enquiry } from '../domain/enquiry';
import {
  FieldsValidationError,
  fieldProblems,
  NotAssigneeError,
  NotFoundError,
  ValidationError,
} from '../domain/errors';
import * as z from '../domain/zod';
import type { AddedStaff, RemovedStaff } from './response-schemas';
import {
  groupsOf,
  isManagedGroup,
  NewStaffMember,
  type NewStaffMemberInput,
  type StaffMember,
  staffIdFromEmail,
} from './staff';

export type { AddedStaff, RemovedStaff } from './response-schemas';

/** A sign-in in the staff directory (Cognito, or the local stand-in). */
export interface StaffAccount {
  /** Cognito's username: a UUID when people sign in with their email address. */
  readonly username: string;
  readonly sub: string;
  readonly email: string;
}

/** The staff directory (Cognito user pool) as these use cases need it. */
export interface StaffDirectory {
  findByEmail(email: string): Promise<StaffAccount | null>;
  /** Creates the sign-in and has the directory email them an invitation with a temporary password. */
  invite(person: { email: string; name: string }): Promise<StaffAccount>;
  groupsOf(username: string): Promise<string[]>;
  addToGroup(username: string, group: string): Promise<void>;
  removeFromGroup(username: string, group: string): Promise<void>;
  /** Signs them out everywhere and deletes the sign-in; a sign-in already gone is fine. */
  remove(username: string): Promise<void>;
}

/** Where members of staff are recorded (`StaffRepository`). */
export interface StaffStore {
  get(staffId: string): Promise<StaffMember | null>;
  listCurrent(): Promise<StaffMember[]>;
  save(member: StaffMember, caseworker: CaseworkerProfile | null): Promise<StaffMember>;
  remove(member: StaffMember, now: string, isCaseworker: boolean): Promise<StaffMember>;
}

export interface StaffAdminDeps {
  readonly directory: StaffDirectory;
  readonly staff: StaffStore;
  readonly caseworkers: {
    getCaseworker(id: string): Promise<Caseworker | null>;
  };
  readonly enquiries: {
    listCaseload(
      caseworkerId: string,
      options?: { limit?: number; cursor?: string | null },
    ): Promise<{ items: Enquiry[]; cursor: string | null }>;
    release(id: string, caseworkerId: string, now: string): Promise<Enquiry>;
  };
  readonly config: HubConfig;
}

function parseNewMember(input: NewStaffMemberInput | unknown, config: HubConfig): NewStaffMember {
  const parsed = NewStaffMember.safeParse(input);
  if (!parsed.success) {
    const fields = fieldProblems(parsed.error.issues);
    const first = fields[0];
    throw new FieldsValidationError(
      first === undefined ? 'not valid' : `${first.path}: ${first.message}`,
      fields,
      {
        cause: parsed.error,
      },
    );
  }
  for (const [index, team] of parsed.data.teams.entries()) {
    if (teamById(config, team) === undefined) {
      throw new ValidationError(`teams[${index}]: ${team} is not a team of this hub`, {
        field: `teams[${index}]`,
      });
    }
  }
  return parsed.data;
}

/**
 * Adds (or brings up to date) a member of staff: their sign-in, their role and team groups, the
 * staff record that links the sign-in to their staff id, and their place on the roster when they
 * are a caseworker.
 * @throws FieldsValidationError bad input; StaffConflictError the staff id is someone else's.
 */
export async function addStaff(deps: StaffAdminDeps, input: unknown, now: string): Promise<AddedStaff> {
  const person = parseNewMember(input, deps.config);
  const id = person.id ?? staffIdFromEmail(person.email);
  const existing = await deps.directory.findByEmail(person.email);
  const account = existing ?? (await deps.directory.invite({ email: person.email, name: person.name }));

  const wanted = groupsOf(person);
  const current = (await deps.directory.groupsOf(account.username)).filter(isManagedGroup);
  for (const group of wanted.filter((group) => !current.includes(group))) {
    await deps.directory.addToGroup(account.username, group);
  }
  for (const group of current.filter((group) => !wanted.includes(group))) {
    await deps.directory.removeFromGroup(account.username, group);
  }

  const before = await deps.staff.get(id);
  const member: StaffMember = {
    id,
    sub: account.sub,
    email: person.email,
    name: person.name,
    roles: person.roles,
    teams: person.teams,
    active: true,
    addedAt: before?.active === true && before.sub === account.sub ? before.addedAt : now,
    removedAt: null,
  };
  const team = person.teams[0];
  const caseworker: CaseworkerProfile | null =
    person.roles.includes('caseworker') && team !== undefined
      ? {
          id,
          name: person.name,
          email: person.email,
          team,
          topics: person.topics,
          cap: person.cap,
          active: true,
        }
      : null;
  const saved = await deps.staff.save(member, caseworker);
  return {
    member: saved,
    invited: existing === null,
    caseworker: caseworker === null ? null : await deps.caseworkers.getCaseworker(id),
  };
}

/** The member named by staff id or email address. @throws NotFoundError */
async function findMember(deps: Pick<StaffAdminDeps, 'staff'>, who: string): Promise<StaffMember> {
  const key = addressKey(who);
  const member = key.includes('@')
    ? (await deps.staff.listCurrent()).find((candidate) => candidate.email === key)
    : await deps.staff.get(key);
  if (member === undefined || member === null) throw new NotFoundError(`no member of staff ${who}`);
  return member;
}

/**
 * Removes a leaver everywhere: signed out and their sign-in deleted, the link from it removed (the
 * API refuses their remaining token at once), off the roster, and every enquiry they held back in
 * the team queue for someone else. Repeating it is harmless.
 * @throws NotFoundError nobody by that id or email address.
 */
export async function removeStaff(deps: StaffAdminDeps, who: string, now: string): Promise<RemovedStaff> {
  const member = await findMember(deps, who);
  const account = await deps.directory.findByEmail(member.email);
  if (account !== null && account.sub === member.sub) await deps.directory.remove(account.username);
  const caseworker = await deps.caseworkers.getCaseworker(member.id);
  const removed = await deps.staff.remove(member, now, caseworker !== null);
  const released: string[] = [];
  if (caseworker !== null) {
    // Read the whole caseload first: releasing while paging would shift the pages under the cursor.
    const held: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await deps.enquiries.listCaseload(member.id, { limit: 100, cursor });
      held.push(...page.items.map((enquiry) => enquiry.id));
      cursor = page.cursor;
    } while (cursor !== null);
    for (const id of held) {
      try {
        await deps.enquiries.release(id, member.id, now);
        released.push(id);
      } catch (error) {
        // Released or reassigned meanwhile (the index lags the table): nothing left to do.
        if (!(error instanceof NotAssigneeError)) throw error;
      }
    }
  }
  return { member: removed, released };
}

/** Everyone currently working at the hub. */
export async function listStaff(deps: Pick<StaffAdminDeps, 'staff'>): Promise<StaffMember[]> {
  return deps.staff.listCurrent();
}
