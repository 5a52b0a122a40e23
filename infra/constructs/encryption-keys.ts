/**
 * Customer-managed KMS keys, rotated yearly: one for personal data at rest (table, raw mail,
 * reports, queues, the SES feedback topic) and one for operations (logs, alarm topic). Separate
 * keys let the council give operators log access without the power to decrypt enquiries.
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface EncryptionKeysProps {
  readonly stage: string;
  /** Roles (by name pattern, e.g. `send-hub-prod-fn-*`) that may encrypt and decrypt personal data. */
  readonly dataRoles: readonly string[];
}

/** Managing the key, never using it: what the account itself (its administrators) keeps. */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/** Using the key on data. */
export const KEY_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** The name of the break-glass role: people who must read data directly assume it, with MFA. */
export function breakGlassRoleName(stage: string): string {
  return `send-hub-${stage}-break-glass`;
}

export class EncryptionKeys extends Construct {
  /** Personal data: DynamoDB, S3 raw mail and reports, SQS, the SES feedback topic. */
  readonly dataKey: kms.Key;
  /** Operational data: CloudWatch log groups and the alarm topic. */
  readonly opsKey: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    // The data key's policy replaces KMS's default (which lets any IAM principal of the account
    // with kms permissions use the key): administrators manage it but cannot decrypt with it, AWS
    // services may take grants for resources (DynamoDB, Backup), and only the named roles use it.
    const account = new iam.AccountRootPrincipal();
    const roleArns = [...props.dataRoles, breakGlassRoleName(props.stage)].map(
      (name) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`,
    );
    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/send-hub-${props.stage}-data`,
      description: `SEND Hub ${props.stage}: enquiries, raw mail, reports and queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AdministrationByTheAccountWithoutUse',
            principals: [account],
            actions: [...KEY_ADMINISTRATION_ACTIONS],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'GrantsForAwsResourcesOnly',
            principals: [account],
            actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
            resources: ['*'],
            conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          }),
          new iam.PolicyStatement({
            sid: 'UseByTheStageRolesAndBreakGlassOnly',
            principals: [account],
            actions: [...KEY_USE_ACTIONS],
            resources: ['*'],
            conditions: { ArnLike: { 'aws:PrincipalArn': roleArns } },
          }),
        ],
      }),
    });
    // SES publishes bounce and complaint events to the encrypted feedback topic.
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToPublishFeedbackEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.opsKey = new kms.Key(this, 'OpsKey', {
      alias: `alias/send-hub-${props.stage}-ops`,
      description: `SEND Hub ${props.stage}: logs and alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic.
    this.opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
