/**
 * The Cognito user pool of hub staff. Administrators create accounts (no self sign-up), every
 * account needs an authenticator app (TOTP), and threat protection blocks risky sign-ins. A
 * person's groups are their roles and teams (`team:<id>`, one per team of the hub configuration);
 * the API reads them from the `cognito:groups` claim of the access token, and a safeguarding duty
 * contact is recognised by the `email` claim, which a pre token generation trigger adds to the
 * access token (Cognito puts it only in the ID token by default). People sign in with their email
 * address, so Cognito names each user by a UUID; the staff record in the table links that `sub` to
 * their staff id (`send-hub staff add`, docs/deploy.md "Give staff their accounts").
 *
 * Mail (invitations, password resets) goes through SES from the hub's From address once the
 * sending domain is verified (`mail.domainVerified`): Cognito checks the identity when the pool is
 * created or updated, so the first deployment uses Cognito's own sender and the second switches.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '../../shared/access/principal';
import { staffInvitation } from '../../shared/mail/staff-invitation';
import { acknowledgeRule } from '../nag/acknowledge';
import { logRetentionFor, type SendHubFunction } from './send-hub-function';

/** The roles of hub staff, as Cognito groups. */
export const STAFF_GROUPS: Record<StaffRole, string> = {
  caseworker: 'Works the team queue: claims, responds to and resolves enquiries.',
  manager: 'Team manager or head of service: reassigns work, receives escalations, sees reports.',
  callhandler: 'Logs phone calls.',
  admin: 'Manages staff, teams, rosters and hub settings.',
};

export type StaffGroup = StaffRole;

/** What the user pool's admin API lets the api function do (adding and removing staff). */
export const STAFF_ADMIN_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminDeleteUser',
] as const;

export interface StaffDirectoryProps {
  readonly stage: string;
  readonly domainPrefix: string;
  /** The hosted sign-in on the council's domain, with its ACM certificate (us-east-1). */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
  /** Key and retention of the token trigger's log group (as every function's). */
  readonly logKey: IKey;
  readonly logRetentionDays: number;
  /** Team ids of the hub configuration: each gets a `team:<id>` group. */
  readonly teams: readonly { readonly id: string; readonly name: string }[];
  readonly hubName: string;
  /** The staff page, named in the invitation. */
  readonly signInPage: string;
  /** SES sending, once the domain identity is verified; Cognito's own sender until then. */
  readonly ses?: {
    readonly fromAddress: string;
    readonly domain: string;
    readonly configurationSetName: string;
  };
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
  readonly groupNames: string[];
  /** Adds the verified email to access tokens (the pre token generation trigger). */
  readonly accessTokenEmail: lambda.Function;

  constructor(scope: Construct, id: string, props: StaffDirectoryProps) {
    super(scope, id);
    const invitation = staffInvitation(props.hubName, props.signInPage);
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
      userInvitation: { emailSubject: invitation.subject, emailBody: invitation.body },
      ...(props.ses === undefined
        ? {}
        : {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: props.ses.fromAddress,
              fromName: props.hubName,
              sesVerifiedDomain: props.ses.domain,
              configurationSetName: props.ses.configurationSetName,
            }),
          }),
    });
    const groups: [string, string][] = [
      ...STAFF_ROLES.map((role): [string, string] => [role, STAFF_GROUPS[role]]),
      ...props.teams.map((team): [string, string] => [`team:${team.id}`, `Works in the ${team.name} team.`]),
    ];
    this.groupNames = groups.map(([name]) => name);
    groups.forEach(([groupName, description], precedence) => {
      this.userPool.addGroup(`Group-${groupName.replace(/[^A-Za-z0-9]/g, '-')}`, {
        groupName,
        description,
        precedence,
      });
    });
    // One sign-in address: the council's own domain when given, else Cognito's prefix address.
    this.domain =
      props.customDomain === undefined
        ? this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } })
        : this.userPool.addDomain('SignInCustom', {
            customDomain: {
              domainName: props.customDomain.name,
              certificate: acm.Certificate.fromCertificateArn(
                this,
                'SignInCertificate',
                props.customDomain.certificateArn,
              ),
            },
          });
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

  /** Lets `fn` add and remove staff in this pool (and nothing else); sets USER_POOL_ID. */
  grantStaffAdmin(fn: SendHubFunction): void {
    fn.setEnvironment('USER_POOL_ID', this.userPool.userPoolId);
    fn.allow(
      new iam.PolicyStatement({
        actions: [...STAFF_ADMIN_ACTIONS],
        resources: [this.userPool.userPoolArn],
        conditions: { StringEquals: { 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
