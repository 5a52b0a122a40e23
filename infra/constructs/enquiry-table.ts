/**
 * The single DynamoDB table, built from `shared/adapters/table-definition.ts` (the same definition
 * the local stack uses), with point-in-time recovery, deletion protection, TTL for the retention
 * schedule and the customer-managed data key. Its bind helpers grant exact actions on the table
 * and its named indexes (no `index/*`) and set TABLE_NAME.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { STAFF_LOGIN_PREFIX } from '../../shared/adapters/dynamo-keys';
import { INDEX_LIST, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/adapters/table-definition';
import { StageConfigError } from '../stages';
import type { SendHubFunction } from './send-hub-function';

export interface EnquiryTableProps {
  readonly key: IKey;
  /**
   * For changing index projections on a deployed table, one index per deployment
   * (docs/data-model.md, "Changing a projection on a live table"): indexes to leave out of this
   * deployment (CloudFormation deletes them), and indexes to keep projected ALL as before.
   */
  readonly indexRollout?: IndexRollout;
}

export interface IndexRollout {
  readonly leftOut: readonly string[];
  readonly asBefore: readonly string[];
}

/**
 * The rollout named by the CDK context `indexesLeftOut` and `indexesAsBefore` (comma-separated
 * index names, e.g. `-c indexesLeftOut=GSI2 -c indexesAsBefore=GSI1,GSI3,GSI4`).
 * @throws StageConfigError naming an index the table does not have.
 */
export function indexRolloutFrom(context: (key: string) => unknown): IndexRollout {
  const names = (key: string): string[] => {
    const value = context(key);
    if (value === undefined || value === '') return [];
    const list = String(value)
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const unknown = list.filter((name) => !INDEX_LIST.some((index) => index.indexName === name));
    if (unknown.length > 0)
      throw new StageConfigError(`Context "${key}": no index named ${unknown.join(', ')}`);
    return list;
  };
  return { leftOut: names('indexesLeftOut'), asBefore: names('indexesAsBefore') };
}

/** Reads only: queries, gets. No Scan: nothing in the product needs one. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/** Writes, including the parts of TransactWriteItems (which IAM authorises per item action). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export class EnquiryTable extends Construct {
  readonly table: dynamodb.Table;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: EnquiryTableProps) {
    super(scope, id);
    this.key = props.key;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const rollout = props.indexRollout ?? { leftOut: [], asBefore: [] };
    for (const index of INDEX_LIST) {
      if (rollout.leftOut.includes(index.indexName)) continue;
      const projection = rollout.asBefore.includes(index.indexName) ? 'ALL' : (index.projection ?? 'ALL');
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType[projection],
        nonKeyAttributes: projection === 'INCLUDE' ? [...(index.include ?? [])] : undefined,
      });
    }
  }

  private resourceArns(): string[] {
    return [
      this.table.tableArn,
      ...INDEX_LIST.map((index) => `${this.table.tableArn}/index/${index.indexName}`),
    ];
  }

  /** Read-only access (reporter); sets TABLE_NAME. */
  grantRead(fn: SendHubFunction): void {
    fn.setEnvironment('TABLE_NAME', this.table.tableName);
    fn.allow(
      new iam.PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: this.resourceArns() }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.keyArn] }),
    );
  }

  /**
   * Write access limited to items whose partition key starts with `partitionPrefix` (IAM's
   * `dynamodb:LeadingKeys` condition), e.g. the reporter's "report sent" markers: it can record
   * its own runs and cannot touch an enquiry. Combine with `grantRead`.
   */
  grantWriteToPartitions(fn: SendHubFunction, partitionPrefix: string): void {
    fn.allow(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${partitionPrefix}*`] } },
      }),
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
  }

  /**
   * The retention sweep: read (the retention index, partitions) and delete, never put or update;
   * sets TABLE_NAME.
   */
  grantReadAndDelete(fn: SendHubFunction): void {
    fn.setEnvironment('TABLE_NAME', this.table.tableName);
    fn.allow(
      new iam.PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: this.resourceArns() }),
      new iam.PolicyStatement({
        actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [this.table.tableArn],
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.keyArn] }),
    );
  }

  /**
   * GetItem on the staff links only (`LOGIN#<sub>` items, IAM's `dynamodb:LeadingKeys`): who a
   * sign-in is, for ingest-phone's `handledBy`, without any access to enquiries. Sets TABLE_NAME.
   */
  grantReadStaffLogins(fn: SendHubFunction): void {
    fn.setEnvironment('TABLE_NAME', this.table.tableName);
    fn.allow(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${STAFF_LOGIN_PREFIX}*`] } },
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.keyArn] }),
    );
  }

  /** Read and write access (router, escalator, api, ses-feedback); sets TABLE_NAME. */
  grantReadWrite(fn: SendHubFunction): void {
    fn.setEnvironment('TABLE_NAME', this.table.tableName);
    fn.allow(
      new iam.PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: this.resourceArns() }),
      // Indexes are read-only; writes go to the table.
      new iam.PolicyStatement({ actions: [...TABLE_WRITE_ACTIONS], resources: [this.table.tableArn] }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
