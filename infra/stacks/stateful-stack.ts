/**
 * Everything that holds data or an address people and other systems rely on: keys, table, queues,
 * buckets, the staff user pool, SES identity and receipt rule, the web distribution and the alarm
 * topic. All retained on deletion; redeploying code (the stateless stack) never touches them.
 */
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { AccessLogBucket, RawMailBucket, ReportsBucket } from '../constructs/buckets';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { EnquiryTable } from '../constructs/enquiry-table';
import { HubMail } from '../constructs/hub-mail';
import { IntakeQueues } from '../constructs/intake-queues';
import { StaffDirectory } from '../constructs/staff-directory';
import { WebDistribution } from '../constructs/web-distribution';
import { acknowledgeRule } from '../nag/acknowledge';
import type { StageParams } from '../stages';

export interface StatefulStackProps extends StackProps {
  readonly params: StageParams;
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

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { params } = props;
    this.params = params;

    this.keys = new EncryptionKeys(this, 'Keys', { stage: params.stage });
    this.data = new EnquiryTable(this, 'Enquiries', { key: this.keys.dataKey });
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
    const signInDomain = `https://${params.auth.domainPrefix}.auth.${params.region}.amazoncognito.com`;
    this.web = new WebDistribution(this, 'Web', {
      params,
      accessLogs: this.accessLogs.bucket,
      signInUrl: signInDomain,
    });
    this.staff = new StaffDirectory(this, 'Staff', {
      stage: params.stage,
      domainPrefix: params.auth.domainPrefix,
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

  private outputs(): void {
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    out('WebUrl', this.web.origin, 'Staff web page');
    out(
      'UserPoolId',
      this.staff.userPool.userPoolId,
      'Cognito user pool of hub staff (add users to groups here)',
    );
    out('SignInUrl', this.staff.domain.baseUrl(), 'Cognito hosted sign-in');
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
