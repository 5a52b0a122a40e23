/**
 * Amazon SES for the hub, both ways.
 *
 * Receiving: a receipt rule for the hub's inbound address whose only action writes the raw message
 * to the raw-mail bucket under `inbound/`; the bucket's ObjectCreated event then triggers
 * ingest-email. The S3 action takes messages up to 40 MB; the SNS and Lambda actions would bounce
 * anything over 150 KB, which rules out forwarded letters and reports. Spam and virus scanning is
 * on (the verdicts travel in the message headers) and TLS is required from the sending server.
 *
 * SES writes through a role of its own, SES's documented way to write to a bucket whose default
 * encryption is a customer-managed KMS key: the role may only put objects under `inbound/` and
 * encrypt with the data key, and only the hub's receipt rule can assume it. (SES's
 * `KmsKeyArn` option is not used: it encrypts client-side, readable only with the S3 Encryption
 * Client, which the JavaScript SDK v3 does not have. The bucket's SSE-KMS encrypts the mail instead.)
 *
 * Sending: a domain identity with Easy DKIM and a custom MAIL FROM, and a configuration set that
 * delivers only over TLS (acknowledgements carry a child's case reference), suppresses bounced and
 * complaining addresses, and publishes bounces and complaints to a topic for ses-feedback.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { awsResourceName, RESOURCES } from '../../shared/adapters/resource-definitions';
import { acknowledgeFindings } from '../nag/acknowledge';
import type { StageParams } from '../stages';
import type { SendHubFunction } from './send-hub-function';

/** The role SES stores received mail with; named so that the data key's policy can name it. */
export function sesWriterRoleName(stage: string): string {
  return `send-hub-${stage}-ses-writer`;
}

export interface HubMailProps {
  readonly params: StageParams;
  readonly rawMailBucket: s3.IBucket;
  readonly dataKey: IKey;
}

export class HubMail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  readonly receiptRuleSetName: string;
  readonly receiptRule: ses.CfnReceiptRule;
  /** True when the stack created its own rule set, which someone must activate once. */
  readonly ownsRuleSet: boolean;
  /** Verified test recipients while in the SES sandbox. */
  readonly sandboxRecipients: ses.EmailIdentity[];
  /** The only address the functions may send from (the hub configuration's `hub.fromAddress`). */
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: HubMailProps) {
    super(scope, id);
    const { params } = props;
    const stage = params.stage;
    this.fromAddress = params.mail.fromAddress;

    // Sending.
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: awsResourceName(stage, 'mail'),
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(params.mail.domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: `${params.mail.mailFromSubdomain}.${params.mail.domain}`,
    });
    // Bounce notifications name the recipient, so the topic is encrypted with the data key.
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: `SEND Hub ${stage} SES bounces and complaints`,
      masterKey: props.dataKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.sandboxRecipients = params.mail.sandboxRecipients.map(
      (address, index) =>
        new ses.EmailIdentity(this, `SandboxRecipient${index}`, { identity: ses.Identity.email(address) }),
    );

    // Receiving.
    this.ownsRuleSet = params.mail.existingReceiptRuleSetName === undefined;
    const ruleSetName = params.mail.existingReceiptRuleSetName ?? awsResourceName(stage, 'inbound');
    let ruleSetDependency: Construct | undefined;
    if (this.ownsRuleSet) {
      ruleSetDependency = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });
    }
    this.receiptRuleSetName = ruleSetName;
    const ruleName = awsResourceName(stage, 'inbound-mail');
    const inboundPrefix = RESOURCES.buckets.rawMail.inboundPrefix;

    const writer = new iam.Role(this, 'InboundWriterRole', {
      roleName: sesWriterRoleName(stage),
      description: `Lets SES store mail received for the SEND Hub ${stage} inbound address`,
      assumedBy: new iam.ServicePrincipal('ses.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${ruleSetName}:receipt-rule/${ruleName}`,
          },
        },
      }),
    });
    const writePolicy = new iam.Policy(this, 'InboundWriterPolicy', {
      roles: [writer],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.rawMailBucket.arnForObjects(`${inboundPrefix}*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
          resources: [props.dataKey.keyArn],
        }),
      ],
    });
    acknowledgeFindings(
      writePolicy,
      'AwsSolutions-IAM5',
      'SES names each stored message by its message id; the role can only put objects under inbound/.',
    );

    this.receiptRule = new ses.CfnReceiptRule(this, 'InboundRule', {
      ruleSetName,
      rule: {
        name: ruleName,
        enabled: true,
        recipients: [params.mail.inboundAddress],
        scanEnabled: true,
        tlsPolicy: ses.TlsPolicy.REQUIRE,
        // Store, and nothing else: the S3 event starts ingest-email.
        actions: [
          {
            s3Action: {
              bucketName: props.rawMailBucket.bucketName,
              objectKeyPrefix: inboundPrefix,
              iamRoleArn: writer.roleArn,
            },
          },
        ],
      },
    });
    // SES test-writes to the bucket when the rule is created, so the permission must exist first.
    this.receiptRule.node.addDependency(writePolicy);
    if (ruleSetDependency !== undefined) this.receiptRule.node.addDependency(ruleSetDependency);
  }

  /** ARN of the configuration set (SES has no attribute for it). */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /**
   * Lets `fn` send through the configuration set, and only from the hub's From address (the
   * `ses:FromAddress` condition): the domain identity alone would let it send as anyone at the
   * council. Sets SES_CONFIGURATION_SET.
   */
  grantSend(fn: SendHubFunction): void {
    fn.setEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.allow(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          this.identity.emailIdentityArn,
          this.configurationSetArn,
          ...this.sandboxRecipients.map((recipient) => recipient.emailIdentityArn),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
      }),
    );
  }

  /** Delivers bounce and complaint events to `fn` (ses-feedback). */
  subscribeToFeedback(fn: SendHubFunction): void {
    this.feedbackTopic.addSubscription(new LambdaSubscription(fn.function));
  }
}
