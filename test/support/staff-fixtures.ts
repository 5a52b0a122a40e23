/**
 * Members of staff for tests that call the API handler directly: Cognito-shaped token claims (the
 * sign-in's `sub` and `username` are a UUID, never the staff id) and the staff record that links
 * the sign-in to a staff id, written through the real repository.
 */
import { demoSub } from '../../local/local-auth';
import { STAFF_ROLES, type StaffRole, TEAM_GROUP_PREFIX } from '../../shared/access/principal';
import type { StaffRepository } from '../../shared/adapters/staff-repository';
import type { StaffLogins } from '../../shared/casework/casework-context';
import type { StaffDirectory } from '../../shared/casework/staff-admin';

export interface TestCaller {
  /** Their staff id. */
  readonly username: string;
  readonly groups: readonly string[];
}

/** The claims API Gateway passes on for a Cognito access token of `caller`. */
export function cognitoClaims(caller: TestCaller, groupsAsArray = false): Record<string, unknown> {
  const sub = demoSub(caller.username);
  return {
    sub,
    username: sub,
    token_use: 'access',
    scope: 'send-hub/api',
    client_id: 'send-hub-local-web',
    'cognito:groups': groupsAsArray ? [...caller.groups] : `[${caller.groups.join(' ')}]`,
  };
}

const linked = new WeakMap<StaffRepository, Set<string>>();

/** Records `caller` as a member of staff whose sign-in is their demo sub (once per repository). */
export async function linkStaff(staff: StaffRepository, caller: TestCaller): Promise<void> {
  const done = linked.get(staff) ?? new Set<string>();
  linked.set(staff, done);
  if (done.has(caller.username)) return;
  const roles = caller.groups.filter((group): group is StaffRole =>
    (STAFF_ROLES as readonly string[]).includes(group),
  );
  await staff.save(
    {
      id: caller.username,
      sub: demoSub(caller.username),
      email: `${caller.username}@kent.example.gov.uk`,
      name: caller.username,
      roles: roles.length > 0 ? roles : ['caseworker'],
      teams: caller.groups
        .filter((group) => group.startsWith(TEAM_GROUP_PREFIX))
        .map((group) => group.slice(TEAM_GROUP_PREFIX.length)),
      active: true,
      addedAt: '2026-11-01T09:00:00.000Z',
      removedAt: null,
    },
    null,
  );
  done.add(caller.username);
}

/** A staff directory for tests that never add or remove anyone. */
export const UNUSED_DIRECTORY: StaffDirectory = {
  findByEmail: () => Promise.reject(new Error('no staff directory in this test')),
  invite: () => Promise.reject(new Error('no staff directory in this test')),
  groupsOf: () => Promise.reject(new Error('no staff directory in this test')),
  addToGroup: () => Promise.reject(new Error('no staff directory in this test')),
  removeFromGroup: () => Promise.reject(new Error('no staff directory in this test')),
  remove: () => Promise.reject(new Error('no staff directory in this test')),
};

/**
 * Staff links for handler tests whose tokens name the sign-in by the staff id itself (no `sub`):
 * every sign-in is the member of staff of the same id. The real lookup runs in the e2e suite.
 */
export const SELF_LINKED_LOGINS: StaffLogins = {
  loginOf: async (sub) => ({ staffId: sub, name: null, email: null }),
};
