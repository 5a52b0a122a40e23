/**
 * The Cognito user pool of hub staff. Administrators create accounts (no self sign-up), every
 * account needs an authenticator app (TOTP), and threat protection blocks risky sign-ins. A
 * person's groups are their roles in the product; the API reads them from the `cognito:groups`
 * claim of the access token, and a safeguarding duty contact is recognised by the `email` claim,
 * which a pre token generation trigger adds to the access token (Cognito puts it only in the ID
 * token by default).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag/acknowledge';
import { logRetentionFor } from './send-hub-function';

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
  /** Key and retention of the token trigger's log group (as every function's). */
  readonly logKey: IKey;
  readonly logRetentionDays: number;
}

/**
 * The pre token generation trigger (event version 2): copies the user's verified `email` attribute
 * into the access token, so the API can tell a safeguarding duty contact by the address on the duty
 * list (docs/safeguarding.md). An unverified or missing address adds nothing. It is plain
 * JavaScript with no dependencies, shipped inline; test/unit/access-token-email.test.ts runs this
 * very text.
 */
export const ACCESS_TOKEN_EMAIL_SOURCE = `exports.handler = async (event) => {
  const attributes = (event.request && event.request.userAttributes) || {};
  const email = attributes.email;
  if (typeof email !== 'string' || email === '' || attributes.email_verified !== 'true') return event;
  event.response = event.response || {};
  const details = event.response.claimsAndScopeOverrideDetails || {};
  const access = details.accessTokenGeneration || {};
  access.claimsToAddOrOverride = Object.assign({}, access.claimsToAddOrOverride, { email: email });
  details.accessTokenGeneration = access;
  event.response.claimsAndScopeOverrideDetails = details;
  return event;
};
`;

export class StaffDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  /** Adds the verified email to access tokens (the pre token generation trigger). */
  readonly accessTokenEmail: lambda.Function;

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
    this.accessTokenEmail = this.addAccessTokenEmail(props);
  }

  /** The trigger: its role may write its own log group and nothing else. */
  private addAccessTokenEmail(props: StaffDirectoryProps): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'AccessTokenEmailLogs', {
      retention: logRetentionFor(props.logRetentionDays),
      encryptionKey: props.logKey,
    });
    const role = new iam.Role(this, 'AccessTokenEmailRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `SEND Hub ${props.stage} access token email claim`,
    });
    logGroup.grantWrite(role);
    const fn = new lambda.Function(this, 'AccessTokenEmail', {
      functionName: `send-hub-${props.stage}-access-token-email`,
      description: 'Adds the verified email to staff access tokens (safeguarding duty contacts)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ACCESS_TOKEN_EMAIL_SOURCE),
      memorySize: 128,
      timeout: Duration.seconds(5),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      fn,
      cognito.LambdaVersion.V2_0,
    );
    acknowledgeRule(
      fn,
      'AwsSolutions-L1',
      'The project runs on Node.js 22 (nodejs22.x, supported until 2027), as every SEND Hub function does.',
    );
    return fn;
  }

  /** The OIDC issuer the API's JWT authoriser trusts. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
