/** Members of staff as the hub knows them: ids, groups and what an administrator must give. */
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../shared/access/principal';
import { groupsOf, isManagedGroup, NewStaffMember, staffIdFromEmail } from '../../shared/casework/staff';

describe('a new member of staff', () => {
  it('gets a staff id from their email address unless one is given', () => {
    expect(staffIdFromEmail('Jo.Bloggs@kent.example.gov.uk')).toBe('jo-bloggs');
    expect(staffIdFromEmail('o_brien+send@kent.example.gov.uk')).toBe('o-brien-send');
  });

  it('belongs in a group per role and a team:<id> group per team; other groups are not ours', () => {
    expect(groupsOf({ roles: ['manager'], teams: ['north', 'east'] })).toEqual([
      'manager',
      'team:north',
      'team:east',
    ]);
    expect(isManagedGroup('team:north')).toBe(true);
    expect(isManagedGroup('it-helpdesk')).toBe(false);
  });

  it('needs exactly one team as a caseworker and at least one as a manager, naming the field', () => {
    const base = { email: 'A@Kent.example.gov.uk', name: 'A' };
    expect(NewStaffMember.parse({ ...base, roles: ['caseworker'], teams: ['east'] })).toMatchObject({
      email: 'a@kent.example.gov.uk',
      cap: 25,
      topics: [],
    });
    const two = NewStaffMember.safeParse({ ...base, roles: ['caseworker'], teams: ['east', 'west'] });
    expect(two.success ? [] : two.error.issues.map((issue) => issue.path.join('.'))).toEqual(['teams']);
    expect(NewStaffMember.safeParse({ ...base, roles: ['manager'] }).success).toBe(false);
    expect(NewStaffMember.safeParse({ ...base, roles: ['admin'] }).success).toBe(true);
    // A safeguarding duty contact holds no role: they sign in only to pick up alerts.
    expect(NewStaffMember.safeParse({ ...base, roles: [] }).success).toBe(true);
  });
});

describe('a Cognito access token', () => {
  it('names the sign-in by sub; the username claim is a UUID, not a staff id', () => {
    const sub = '6f1c2a4e-3b5d-4e7f-9a1b-2c3d4e5f6a7b';
    const principal = principalFromClaims({
      sub,
      username: sub,
      token_use: 'access',
      scope: 'send-hub/api',
      client_id: 'abc',
      'cognito:groups': '[caseworker team:east]',
    });
    expect(principal.sub).toBe(sub);
    expect([...principal.roles]).toEqual(['caseworker']);
    expect(principal.teams).toEqual(['east']);
  });
});
