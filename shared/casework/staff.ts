/**
 * Members of staff as the hub knows them. A person signs in through Cognito, whose access token
 * names them by `sub` (and a generated UUID `username`), never by the hub's own ids; the staff
 * record links that sign-in to a staff id (`cw-east-1`, `jo-bloggs`) that enquiries, caseloads and
 * audit events use. Pure: parsing, ids and the Cognito groups a member belongs in.
 */

import { STAFF_ROLES, type StaffRole, TEAM_GROUP_PREFIX } from '../access/principal';
import type { HubConfig } from '../config/hub-config';
import { addressKey } from '../domain/email-address';
import { Topic } from '../domain/taxonomy';
import * as z from '../domain/zod';

/** Staff ids: lower-case letters, digits and single hyphens (also the caseworker id). */
export const STAFF_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Caseload cap of a new caseworker when none is given. */
export const DEFAULT_CASELOAD_CAP = 25;

export const StaffMember = z.object({
  id: z.string().check(z.regex(STAFF_ID_PATTERN)),
  /** Cognito's immutable id of their sign-in (`sub` of their tokens). */
  sub: z.string().check(z.minLength(1)),
  email: z.string(),
  name: z.string(),
  /** None for a safeguarding duty contact, who signs in only to pick up alerts sent to them. */
  roles: z.array(z.enum(STAFF_ROLES)),
  teams: z.array(z.string()),
  active: z.boolean(),
  addedAt: z.string(),
  removedAt: z.nullable(z.string()),
});
export type StaffMember = z.infer<typeof StaffMember>;

/** What an administrator gives to add someone (the CLI, the API and the page all send this). */
export const NewStaffMember = z
  .object({
    email: z.pipe(z.email().check(z.maxLength(254)), z.transform(addressKey)),
    name: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
    /** None: a safeguarding duty contact, who signs in only to pick up the alerts sent to them. */
    roles: z._default(z.array(z.enum(STAFF_ROLES)), []),
    teams: z._default(z.array(z.string().check(z.trim()).check(z.minLength(1))), []),
    /** Their staff id; derived from the email address when left out. */
    id: z.optional(
      z.string().check(z.regex(STAFF_ID_PATTERN, 'must be lower-case letters, digits and single hyphens')),
    ),
    /** For caseworkers: the topics they take (none = any) and their caseload cap. */
    topics: z._default(z.array(Topic), []),
    cap: z._default(z.int().check(z.gte(0)).check(z.lte(1000)), DEFAULT_CASELOAD_CAP),
  })
  .check(
    z.superRefine((input, ctx) => {
      const teams = new Set(input.teams);
      if (teams.size !== input.teams.length) {
        ctx.addIssue({ code: 'custom', path: ['teams'], message: 'names a team twice' });
      }
      if (input.roles.includes('caseworker') && input.teams.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams'],
          message: 'a caseworker works in exactly one team (their roster)',
        });
      } else if (input.roles.includes('manager') && input.teams.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['teams'], message: 'a manager needs the teams they manage' });
      }
    }),
  );
export type NewStaffMember = z.output<typeof NewStaffMember>;
export type NewStaffMemberInput = z.input<typeof NewStaffMember>;

/** A staff id from an email address: `Jo.Bloggs@council.gov.uk` -> `jo-bloggs`. */
export function staffIdFromEmail(email: string): string {
  const local = email.split('@')[0] ?? '';
  const id = local
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'staff' : id;
}

/** The Cognito groups a member belongs in: their roles and a `team:<id>` group per team. */
export function groupsOf(member: { roles: readonly StaffRole[]; teams: readonly string[] }): string[] {
  return [...member.roles, ...member.teams.map((team) => `${TEAM_GROUP_PREFIX}${team}`)];
}

/** Every group the staff user pool has: the roles, and `team:<id>` for each team of the hub. */
export function staffGroupNames(config: Pick<HubConfig, 'teams'>): string[] {
  return [...STAFF_ROLES, ...config.teams.map((team) => `${TEAM_GROUP_PREFIX}${team.id}`)];
}

/** The groups SEND Hub manages (roles and teams); any others a council adds are left alone. */
export function isManagedGroup(group: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(group) || group.startsWith(TEAM_GROUP_PREFIX);
}
