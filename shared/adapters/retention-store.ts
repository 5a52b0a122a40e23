/**
 * The retention sweep's adapters: the table (the retention index, an enquiry's partition, deletes)
 * and the raw-mail bucket (raw messages and their "already queued" markers). No Scan: the due
 * enquiries come from a key-condition Query on the sparse retention index, an enquiry's items from
 * a Query on its partition.
 */
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Enquiry } from '../domain/enquiry';
import { InternalError } from '../domain/errors';
import type { PartitionItem, RawMailPurger, RawObject, RetentionStore } from '../retention/retention-sweep';
import { deleteItems } from './batch-delete';
import { enquiryKey, enquiryPartition, RETENTION_PARTITION, type TableKey } from './dynamo-keys';
import { queryAll } from './query-all';
import { sentMarkerKey } from './s3-raw-mail-store';
import { INDEXES } from './table-definition';

export class DynamoRetentionStore implements RetentionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  enquiryKey(id: string): TableKey {
    return enquiryKey(id);
  }

  async resolvedBefore(cutoff: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEXES.retention.indexName,
          // The sort key is `<resolvedAt>#<id>`: `<= '<cutoff>#~'` keeps everything resolved by then.
          KeyConditionExpression: 'GSI7PK = :pk AND GSI7SK <= :upTo',
          ExpressionAttributeValues: { ':pk': RETENTION_PARTITION, ':upTo': `${cutoff}#~` },
          Limit: limit - ids.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const pk = String(item.PK ?? '');
        if (pk.startsWith('ENQ#')) ids.push(pk.slice('ENQ#'.length));
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined && ids.length < limit);
    return ids;
  }

  async getEnquiry(id: string): Promise<Enquiry | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: enquiryKey(id), ConsistentRead: true }),
    );
    if (result.Item === undefined) return null;
    const parsed = Enquiry.safeParse(result.Item);
    if (!parsed.success)
      throw new InternalError('stored enquiry does not match its schema', { cause: parsed.error });
    return parsed.data;
  }

  async partitionItems(id: string): Promise<PartitionItem[]> {
    const items: PartitionItem[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': enquiryPartition(id) },
      ProjectionExpression: 'PK, SK, kind, refPK, refSK, refs, #raw, intakeId, channel',
      ExpressionAttributeNames: { '#raw': 'raw' },
      ConsistentRead: true,
    })) {
      items.push(item as unknown as PartitionItem);
    }
    return items;
  }

  async deleteKeys(keys: readonly TableKey[]): Promise<void> {
    await deleteItems(this.client, this.tableName, keys);
  }

  async deleteEnquiry(id: string, version: number): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: enquiryKey(id),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

export class S3RawMailPurger implements RawMailPurger {
  constructor(
    private readonly s3: S3Client,
    /** The raw-mail bucket, where the "already queued" markers are. */
    private readonly markerBucket: string,
  ) {}

  async delete(rawMail: readonly RawObject[], emailIntakeIds: readonly string[]): Promise<void> {
    const objects = [
      ...rawMail,
      ...emailIntakeIds.map((intakeId) => ({ bucket: this.markerBucket, key: sentMarkerKey(intakeId) })),
    ];
    // One request per object: an enquiry has a handful, and deleting a missing key succeeds.
    for (const object of objects) {
      await this.s3.send(new DeleteObjectCommand({ Bucket: object.bucket, Key: object.key }));
    }
  }
}
