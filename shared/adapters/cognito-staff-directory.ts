/**
 * The staff directory on Amazon Cognito (the user pool's admin API). People sign in with their
 * email address, so Cognito names each user by a generated UUID (`username`, equal to `sub`);
 * this adapter finds them by their email attribute. The local stack answers the same calls.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  UserNotFoundException,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StaffAccount, StaffDirectory } from '../casework/staff-admin';
import { addressKey } from '../domain/email-address';
import { InternalError } from '../domain/errors';

function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((candidate) => candidate.Name === name)?.Value;
}

function toAccount(user: UserType): StaffAccount {
  const sub = attribute(user, 'sub');
  const email = attribute(user, 'email');
  if (user.Username === undefined || sub === undefined || email === undefined) {
    throw new InternalError('the user pool returned a user without username, sub or email');
  }
  return { username: user.Username, sub, email: email.toLowerCase() };
}

/** Cognito's ListUsers filter language: a double-quoted value, with `"` and `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export class CognitoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async findByEmail(email: string): Promise<StaffAccount | null> {
    const result = await this.client.send(
      new ListUsersCommand({
        UserPoolId: this.userPoolId,
        Filter: `email = ${quoted(addressKey(email))}`,
        Limit: 2,
      }),
    );
    const [user] = result.Users ?? [];
    return user === undefined ? null : toAccount(user);
  }

  async invite(person: { email: string; name: string }): Promise<StaffAccount> {
    const result = await this.client.send(
      new AdminCreateUserCommand({
        UserPoolId: this.userPoolId,
        Username: person.email,
        UserAttributes: [
          { Name: 'email', Value: person.email },
          // The administrator vouches for the council address; Cognito sends the invitation there.
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: person.name },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    if (result.User === undefined) throw new InternalError('the user pool created no user');
    return toAccount(result.User);
  }

  async groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          NextToken: token,
        }),
      );
      groups.push(
        ...(page.Groups ?? []).flatMap((group) => (group.GroupName === undefined ? [] : [group.GroupName])),
      );
      token = page.NextToken;
    } while (token !== undefined);
    return groups;
  }

  async addToGroup(username: string, group: string): Promise<void> {
    await this.client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }),
    );
  }

  async removeFromGroup(username: string, group: string): Promise<void> {
    await this.client.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        GroupName: group,
      }),
    );
  }

  async remove(username: string): Promise<void> {
    const target = { UserPoolId: this.userPoolId, Username: username };
    try {
      // Refresh tokens die with the sign-out; the API refuses the access token once the staff link is gone.
      await this.client.send(new AdminUserGlobalSignOutCommand(target));
      await this.client.send(new AdminDisableUserCommand(target));
      await this.client.send(new AdminDeleteUserCommand(target));
    } catch (error) {
      if (!(error instanceof UserNotFoundException)) throw error;
    }
  }
}
