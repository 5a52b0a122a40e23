/**
 * The product's S3 buckets, all private, TLS-only and logged:
 * - access logs: destination of S3 server access logs and CloudFront logs (S3-managed keys,
 *   because S3 log delivery cannot write to a bucket whose default encryption is SSE-KMS);
 * - raw mail: what SES received, KMS-encrypted, expiring per prefix on the retention schedule;
 * - reports: weekly KPI CSVs, KMS-encrypted, kept longer.
 * Each data bucket has a bind helper that grants one prefix's actions and sets its variable.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RESOURCES } from '../../shared/adapters/resource-definitions';
import type { StageParams } from '../stages';
import type { SendHubFunction } from './send-hub-function';

const PRIVATE_BUCKET = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** KMS-encrypted with S3 Bucket Keys (one KMS call per bucket per period, not per object). */
function kmsEncrypted(key: IKey) {
  return { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true } as const;
}

/** Removes old versions and unfinished uploads so versioning never outlives the retention schedule. */
const HOUSEKEEPING: s3.LifecycleRule[] = [
  {
    id: 'housekeeping',
    noncurrentVersionExpiration: Duration.days(7),
    abortIncompleteMultipartUploadAfter: Duration.days(1),
    expiredObjectDeleteMarker: true,
  },
];

export class AccessLogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { readonly retentionDays: number }) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      // CloudFront standard logging writes with an ACL, which needs ACLs enabled for the owner.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(props.retentionDays) }],
    });
  }
}

export interface DataBucketProps {
  readonly key: IKey;
  readonly accessLogs: s3.IBucket;
  readonly retention: StageParams['retentionDays'];
}

export class RawMailBucket extends Construct {
  readonly bucket: s3.Bucket;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.key = props.key;
    const prefixes = RESOURCES.buckets.rawMail;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      ...kmsEncrypted(props.key),
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/raw-mail/',
      lifecycleRules: [
        ...HOUSEKEEPING,
        {
          id: 'expire-inbound',
          prefix: prefixes.inboundPrefix,
          expiration: Duration.days(props.retention.inbound),
        },
        {
          id: 'expire-quarantine',
          prefix: prefixes.quarantinePrefix,
          expiration: Duration.days(props.retention.quarantine),
        },
        {
          id: 'expire-failed',
          prefix: prefixes.failedPrefix,
          expiration: Duration.days(props.retention.failed),
        },
        // Markers ingest-email wrote before it stopped (the router's intake marker does their job).
        {
          id: 'expire-sent-markers',
          prefix: prefixes.sentMarkerPrefix,
          expiration: Duration.days(props.retention.inbound),
        },
      ],
    });
  }

  /**
   * What ingest-email needs: read what SES wrote under `inbound/`, copy aside to `quarantine/` and
   * `failed/`. Sets RAW_MAIL_BUCKET. (It keeps no "already queued" markers: the router's intake
   * marker makes a message queued twice one enquiry.)
   */
  grantIngest(fn: SendHubFunction): void {
    const prefixes = RESOURCES.buckets.rawMail;
    fn.setEnvironment('RAW_MAIL_BUCKET', this.bucket.bucketName);
    fn.allowWithWildcard(
      'ReadInboundMail',
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${prefixes.inboundPrefix}*`)],
      }),
      'Object keys under inbound/ are SES message ids, unknown in advance; read-only and limited to that prefix.',
    );
    fn.allowWithWildcard(
      'SetAsideMail',
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [
          this.bucket.arnForObjects(`${prefixes.quarantinePrefix}*`),
          this.bucket.arnForObjects(`${prefixes.failedPrefix}*`),
        ],
      }),
      'Quarantined and unparseable messages are written under their own key; write-only, limited to quarantine/ and failed/.',
    );
    fn.allow(
      // Without ListBucket, S3 answers 403 rather than 404 for a message that is no longer there.
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
  }

  /**
   * The retention sweep: delete a purged enquiry's raw mail (under inbound/) and its "already
   * queued" markers (under intake-sent/); nothing else. Sets RAW_MAIL_BUCKET. The bucket is
   * versioned: a deleted object's old version goes with the housekeeping rule (7 days).
   */
  grantPurge(fn: SendHubFunction): void {
    const prefixes = RESOURCES.buckets.rawMail;
    fn.setEnvironment('RAW_MAIL_BUCKET', this.bucket.bucketName);
    fn.allowWithWildcard(
      'PurgeRawMail',
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [
          this.bucket.arnForObjects(`${prefixes.inboundPrefix}*`),
          this.bucket.arnForObjects(`${prefixes.sentMarkerPrefix}*`),
        ],
      }),
      'A purged enquiry names its raw messages by key (SES message ids) and markers by hash; delete-only, limited to inbound/ and intake-sent/.',
    );
  }
}

export class ReportsBucket extends Construct {
  readonly bucket: s3.Bucket;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.key = props.key;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      ...kmsEncrypted(props.key),
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 's3/reports/',
      lifecycleRules: [
        ...HOUSEKEEPING,
        {
          id: 'expire-reports',
          prefix: RESOURCES.buckets.reports.reportsPrefix,
          expiration: Duration.days(props.retention.reports),
        },
      ],
    });
  }

  /** The reporter writes report files under `reports/`; sets REPORTS_BUCKET. */
  grantWrite(fn: SendHubFunction): void {
    fn.setEnvironment('REPORTS_BUCKET', this.bucket.bucketName);
    fn.allowWithWildcard(
      'WriteReports',
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${RESOURCES.buckets.reports.reportsPrefix}*`)],
      }),
      'Each weekly report is a new object named by its week; write-only, limited to reports/.',
    );
    fn.allow(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [this.key.keyArn] }));
  }
}
