/**
 * The Cognito user pool of hub staff. Administrators create accounts (no self sign-up), every
 * account needs an authenticator app (TOTP), and threat protection blocks risky sign-ins. A
 * person's groups are their roles in the product; the API reads them from the `cognito:groups`
 * claim of the access token.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The roles of hub staff, as Cognito groups. */
export const STAFF_GROUPS = {
  caseworker: 'Works the team queue: claims, responds to and resolves enquiries.',
  manager: 'Team manager or head of service: reassigns work, receives escalations, sees reports.',
  callhandler: 'Logs phone calls.',
  admin: 'Manages teams, rosters and hub settings.',
} as const;

export type StaffGroup = keyof typeof STAFF_GROUPS;

export interface StaffDirectoryProps {
  readonly stage: string;
  readonly domainPrefix: string;
}

export class StaffDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: StaffDirectoryProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `send-hub-${props.stage}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      userInvitation: {
        emailSubject: 'Your SEND Hub account',
        emailBody:
          'An account has been created for you on SEND Hub. Your username is {username} and your temporary password is {####}. You will set a new password and an authenticator app when you first sign in.',
      },
    });
    let precedence = 0;
    for (const [groupName, description] of Object.entries(STAFF_GROUPS)) {
      this.userPool.addGroup(`Group-${groupName}`, { groupName, description, precedence: precedence++ });
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
  }

  /** The OIDC issuer the API's JWT authoriser trusts. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
