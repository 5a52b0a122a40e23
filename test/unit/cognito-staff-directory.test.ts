/**
 * The Cognito adapter of the staff directory sends exactly the admin calls the user pool expects
 * (aws-sdk-client-mock). The same adapter runs against the local stand-in in the e2e suite.
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoStaffDirectory } from '../../shared/adapters/cognito-staff-directory';

const POOL = 'eu-west-2_AbCdEf123';
const SUB = '6f1c2a4e-3b5d-4e7f-9a1b-2c3d4e5f6a7b';
const cognito = mockClient(CognitoIdentityProviderClient);
const directory = new CognitoStaffDirectory(new CognitoIdentityProviderClient({ region: 'eu-west-2' }), POOL);

const user = {
  Username: SUB,
  Attributes: [
    { Name: 'sub', Value: SUB },
    { Name: 'email', Value: 'Jo.Bloggs@kent.example.gov.uk' },
  ],
};

beforeEach(() => {
  cognito.reset();
});

describe('the Cognito staff directory', () => {
  it('finds a person by their email attribute, escaping the filter value', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [user] });
    const found = await directory.findByEmail(' Jo.Bloggs@Kent.example.gov.uk ');
    expect(found).toEqual({ username: SUB, sub: SUB, email: 'jo.bloggs@kent.example.gov.uk' });
    expect(cognito).toReceiveCommandWith(ListUsersCommand, {
      UserPoolId: POOL,
      Filter: 'email = "jo.bloggs@kent.example.gov.uk"',
    });
    cognito.on(ListUsersCommand).resolves({ Users: [] });
    expect(await directory.findByEmail('a"b@example.org')).toBeNull();
    expect(cognito).toReceiveCommandWith(ListUsersCommand, { Filter: 'email = "a\\"b@example.org"' });
  });

  it('invites by email: the address is the username, marked verified, and the invitation goes by email', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: user });
    const account = await directory.invite({ email: 'jo.bloggs@kent.example.gov.uk', name: 'Jo Bloggs' });
    expect(account.sub).toBe(SUB);
    expect(cognito).toReceiveCommandWith(AdminCreateUserCommand, {
      UserPoolId: POOL,
      Username: 'jo.bloggs@kent.example.gov.uk',
      UserAttributes: [
        { Name: 'email', Value: 'jo.bloggs@kent.example.gov.uk' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Jo Bloggs' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito).not.toReceiveCommandWith(AdminCreateUserCommand, {
      TemporaryPassword: expect.anything(),
    });
  });

  it("reads every page of a user's groups and changes them one by one", async () => {
    cognito
      .on(AdminListGroupsForUserCommand)
      .resolvesOnce({ Groups: [{ GroupName: 'caseworker' }], NextToken: 'next' })
      .resolvesOnce({ Groups: [{ GroupName: 'team:east' }] });
    expect(await directory.groupsOf(SUB)).toEqual(['caseworker', 'team:east']);
    expect(cognito).toReceiveCommandWith(AdminListGroupsForUserCommand, { Username: SUB, NextToken: 'next' });
    await directory.addToGroup(SUB, 'team:north');
    await directory.removeFromGroup(SUB, 'team:east');
    expect(cognito).toReceiveCommandWith(AdminAddUserToGroupCommand, {
      UserPoolId: POOL,
      Username: SUB,
      GroupName: 'team:north',
    });
    expect(cognito).toReceiveCommandWith(AdminRemoveUserFromGroupCommand, {
      UserPoolId: POOL,
      Username: SUB,
      GroupName: 'team:east',
    });
  });

  it('removes a leaver: signed out everywhere, disabled, then deleted; a user already gone is fine', async () => {
    await directory.remove(SUB);
    const target = { UserPoolId: POOL, Username: SUB };
    expect(cognito).toReceiveCommandWith(AdminUserGlobalSignOutCommand, target);
    expect(cognito).toReceiveCommandWith(AdminDisableUserCommand, target);
    expect(cognito).toReceiveCommandWith(AdminDeleteUserCommand, target);
    const order = cognito.calls().map((call) => call.args[0].constructor.name);
    expect(order).toEqual([
      'AdminUserGlobalSignOutCommand',
      'AdminDisableUserCommand',
      'AdminDeleteUserCommand',
    ]);

    cognito.reset();
    cognito
      .on(AdminUserGlobalSignOutCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    await expect(directory.remove(SUB)).resolves.toBeUndefined();
  });
});
