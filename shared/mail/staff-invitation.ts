/**
 * The email a new member of staff gets with their temporary password. Cognito sends it (through
 * SES, from the hub's From address) and fills in `{####}` (the password) and `{username}` (which
 * it requires in the text, and which is a UUID when people sign in with their email address, so it
 * is shown as a reference only). The local stack's stand-in sends the same words.
 */

export interface StaffInvitation {
  readonly subject: string;
  readonly body: string;
}

/** Cognito's placeholders, both required in an invitation. */
export const PASSWORD_PLACEHOLDER = '{####}';
export const USERNAME_PLACEHOLDER = '{username}';

export function staffInvitation(hubName: string, signInPage: string): StaffInvitation {
  return {
    subject: `Your ${hubName} account`,
    body: [
      `An account has been made for you on SEND Hub, the ${hubName}.`,
      '',
      `Sign in at ${signInPage} with your council email address and this temporary password: ${PASSWORD_PLACEHOLDER}`,
      '',
      'The temporary password works for 3 days. When you first sign in you will choose your own password and set up an authenticator app.',
      '',
      `Account reference: ${USERNAME_PLACEHOLDER} (you do not need it to sign in).`,
    ].join('\n'),
  };
}
