/**
 * Everything that holds data or an address people and other systems rely on: keys, table, queues,
 * buckets, the staff user pool, SES identity and receipt rule, the web distribution and the alarm
 * topic. All retained on deletion; redeploying code (the stateless stack) never touches them.
 */
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { AccessLogBucket, RawMailBucket, ReportsBucket } from '../constructs/buckets';
import { breakGlassRoleName, EncryptionKeys, KEY_USE_ACTIONS } from '../constructs/encryption-keys';
import {
  EnquiryTable,
  indexRolloutFrom,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from '../constructs/enquiry-table';
import { HubMail, sesWriterRoleName } from '../constructs/hub-mail';
import { IntakeQueues } from '../constructs/intake-queues';
import { functionRolePattern } from '../constructs/send-hub-function';
import { STAFF_ADMIN_ACTIONS, StaffDirectory } from '../constructs/staff-directory';
import { backupRoleName, TableBackup } from '../constructs/table-backup';
import { WebAcl } from '../constructs/web-acl';
import { WebDistribution } from '../constructs/web-distribution';
import { acknowledgeFindings, acknowledgeRule } from '../nag/acknowledge';
import type { StageParams } from '../stages';

export interface StatefulStackProps extends StackProps {
  readonly params: StageParams;
  /** The edge stack's WAF web ACL (us-east-1), for the staff page's distribution. */
  readonly frontDoorWebAclArn: string;
  /** Teams of the hub configuration (each gets a `team:<id>` group in the user pool). */
  readonly teams: readonly { readonly id: string; readonly name: string }[];
  /** The hub's name, in the staff invitation and as the sender's name. */
  readonly hubName: string;
}

export class StatefulStack extends Stack {
  readonly params: StageParams;
  readonly keys: EncryptionKeys;
  readonly data: EnquiryTable;
  readonly queues: IntakeQueues;
  readonly accessLogs: AccessLogBucket;
  readonly rawMail: RawMailBucket;
  readonly reports: ReportsBucket;
  readonly mail: HubMail;
  readonly staff: StaffDirectory;
  readonly web: WebDistribution;
  readonly alarmTopic: sns.Topic;
  readonly signInWebAcl: WebAcl;
  readonly backup: TableBackup;
  readonly breakGlassRole: iam.Role;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { params } = props;
    this.params = params;

    this.keys = new EncryptionKeys(this, 'Keys', {
      stage: params.stage,
      dataRoles: [
        functionRolePattern(params.stage),
        sesWriterRoleName(params.stage),
        backupRoleName(params.stage),
      ],
    });
    this.data = new EnquiryTable(this, 'Enquiries', {
      key: this.keys.dataKey,
      indexRollout: indexRolloutFrom((key) => this.node.tryGetContext(key)),
    });
    this.queues = new IntakeQueues(this, 'Queues', { stage: params.stage, key: this.keys.dataKey });

    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      retentionDays: params.retentionDays.accessLogs,
    });
    acknowledgeRule(
      this.accessLogs.bucket,
      'AwsSolutions-S1',
      'This bucket is the destination of the other buckets\u2019 access logs; logging it into itself would loop.',
    );
    const bucketProps = {
      key: this.keys.dataKey,
      accessLogs: this.accessLogs.bucket,
      retention: params.retentionDays,
    };
    this.rawMail = new RawMailBucket(this, 'RawMail', bucketProps);
    this.reports = new ReportsBucket(this, 'Reports', bucketProps);

    this.mail = new HubMail(this, 'Mail', {
      params,
      rawMailBucket: this.rawMail.bucket,
      dataKey: this.keys.dataKey,
    });
    const signInDomain =
      params.auth.customDomain === undefined
        ? `https://${params.auth.domainPrefix}.auth.${params.region}.amazoncognito.com`
        : `https://${params.auth.customDomain}`;
    this.web = new WebDistribution(this, 'Web', {
      params,
      accessLogs: this.accessLogs.bucket,
      signInUrl: signInDomain,
      webAclArn: props.frontDoorWebAclArn,
    });
    this.staff = new StaffDirectory(this, 'Staff', {
      stage: params.stage,
      domainPrefix: params.auth.domainPrefix,
      ...(params.auth.customDomain === undefined || params.auth.certificateArn === undefined
        ? {}
        : { customDomain: { name: params.auth.customDomain, certificateArn: params.auth.certificateArn } }),
      teams: props.teams,
      hubName: props.hubName,
      logKey: this.keys.opsKey,
      logRetentionDays: params.retentionDays.logs,
      signInPage: `${this.web.origin}/`,
      ses: params.mail.domainVerified
        ? {
            fromAddress: params.mail.fromAddress,
            domain: params.mail.domain,
            configurationSetName: this.mail.configurationSet.configurationSetName,
          }
        : undefined,
    });

    // WAF in front of the staff sign-in (hosted page and Cognito's API), in the pool's region.
    this.signInWebAcl = new WebAcl(this, 'SignInWebAcl', {
      scope: 'REGIONAL',
      name: `send-hub-${params.stage}-sign-in`,
      description: `SEND Hub ${params.stage} - the staff sign-in, Cognito user pool`,
      rateLimitPer5Minutes: params.waf.rateLimitPer5Minutes,
    });
    new wafv2.CfnWebACLAssociation(this, 'SignInWebAclAssociation', {
      resourceArn: this.staff.userPool.userPoolArn,
      webAclArn: this.signInWebAcl.arn,
    });

    this.backup = new TableBackup(this, 'Backup', {
      stage: params.stage,
      table: this.data.table,
      key: this.keys.dataKey,
      dailyDays: params.backup.dailyDays,
      monthlyDays: params.backup.monthlyDays,
    });
    this.breakGlassRole = this.breakGlass(params);

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `SEND Hub ${params.stage} alarms`,
      masterKey: this.keys.opsKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without
    // this Allow, CloudWatch could not publish and no alarm would ever reach anyone.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    if (params.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new EmailSubscription(params.alarmEmail));
    }

    this.outputs();
  }

  /**
   * The one role people use to reach personal data directly (restores, the first administrator,
   * redriving dead letters): assumable by the account's own principals with MFA, and the only
   * human role the data key's policy names.
   */
  private breakGlass(params: StageParams): iam.Role {
    const role = new iam.Role(this, 'BreakGlassRole', {
      roleName: breakGlassRoleName(params.stage),
      description: `SEND Hub ${params.stage}: break-glass access to personal data (MFA; every use is in CloudTrail)`,
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    const tableArns = [this.data.table.tableArn, `${this.data.table.tableArn}/index/*`];
    const policy = new iam.Policy(this, 'BreakGlassPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: [...KEY_USE_ACTIONS], resources: [this.keys.dataKey.keyArn] }),
        new iam.PolicyStatement({
          actions: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, 'dynamodb:RestoreTableToPointInTime'],
          resources: tableArns,
        }),
        new iam.PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:SendMessage',
            'sqs:GetQueueUrl',
            'sqs:GetQueueAttributes',
          ],
          resources: [
            this.queues.intake.queueArn,
            this.queues.deadLetters.queueArn,
            this.queues.asyncFailures.queueArn,
          ],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:ListBucket'],
          resources: [this.rawMail.bucket.bucketArn, this.rawMail.bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          actions: [...STAFF_ADMIN_ACTIONS],
          resources: [this.staff.userPool.userPoolArn],
        }),
      ],
    });
    acknowledgeFindings(
      policy,
      'AwsSolutions-IAM5',
      "Break-glass access covers the table's indexes (index/*) and every stored message (the object keys are not known in advance); it is assumable only with MFA and logged by CloudTrail.",
    );
    return role;
  }

  private outputs(): void {
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    out('WebUrl', this.web.origin, 'Staff web page');
    out(
      'WebDistributionDomain',
      this.web.distribution.distributionDomainName,
      'CNAME target of the staff page custom domain',
    );
    out(
      'UserPoolId',
      this.staff.userPool.userPoolId,
      'Cognito user pool of hub staff (add users to groups here)',
    );
    out('SignInUrl', this.staff.domain.baseUrl(), 'Cognito hosted sign-in');
    if (this.params.auth.customDomain !== undefined) {
      out(
        'SignInDomainTarget',
        this.staff.domain.cloudFrontEndpoint,
        `CNAME target of ${this.params.auth.customDomain} (Cognito's CloudFront distribution)`,
      );
    }
    out('InboundAddress', this.params.mail.inboundAddress, 'Point the mailbox redirect here');
    const inboundDomain = this.params.mail.inboundAddress.split('@')[1] ?? this.params.mail.domain;
    out(
      'InboundMxRecord',
      `${inboundDomain} MX 10 inbound-smtp.${this.region}.amazonaws.com`,
      'DNS record that routes the inbound domain to SES',
    );
    out(
      'MailFromRecords',
      `${this.params.mail.mailFromSubdomain}.${this.params.mail.domain} MX 10 feedback-smtp.${this.region}.amazonses.com; TXT "v=spf1 include:amazonses.com ~all"`,
      'DNS records of the custom MAIL FROM domain (SPF alignment)',
    );
    out('ReceiptRuleSet', this.mail.receiptRuleSetName, 'SES receipt rule set holding the hub rule');
    out(
      'MailConfigurationSet',
      this.mail.configurationSet.configurationSetName,
      'SES configuration set of the hub mail (send-hub escalate --aws --configuration-set)',
    );
    this.identityOutputs();
    out('IntakeQueueUrl', this.queues.intake.queueUrl, 'Intake queue (ingest functions to router)');
    out('IntakeDeadLetterQueueUrl', this.queues.deadLetters.queueUrl, 'Messages the router gave up on');
    out(
      'AsyncFailuresQueueUrl',
      this.queues.asyncFailures.queueUrl,
      'Events ingest-email, ses-feedback or reporter gave up on',
    );
    out('RawMailBucket', this.rawMail.bucket.bucketName, 'Raw received mail');
    out('ReportsBucket', this.reports.bucket.bucketName, 'Weekly reports');
    out('TableName', this.data.table.tableName, 'Enquiry table');
    out(
      'BreakGlassRoleArn',
      this.breakGlassRole.roleArn,
      'Assume (with MFA) to reach personal data directly',
    );
    out('BackupVault', this.backup.vault.backupVaultName, 'AWS Backup vault of the enquiry table');
  }

  private identityOutputs(): void {
    this.mail.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: 'DNS record SES needs to verify the sending domain (Easy DKIM)',
      });
    });
  }
}
