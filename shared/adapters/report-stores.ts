/**
 * Where reports go: the CSV to S3 (`S3ReportFiles`) and, in the table, the marker that makes the
 * weekly email go out once per period even when the schedule fires twice (`DynamoReportMarkers`).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReportFiles } from '../reporting/ports';
import type { MarkerClaim, ReportMarkers } from '../workload/ports';
import { isConditionalCheckFailed } from './condition-failed';
import { reportMarkerKey } from './dynamo-keys';

export class S3ReportFiles implements ReportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}

export class DynamoReportMarkers implements ReportMarkers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(
    kind: string,
    from: string,
    to: string,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<MarkerClaim> {
    const key = reportMarkerKey(kind, from, to);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            kind: 'report-marker',
            report: kind,
            from,
            to,
            status: 'sending',
            owner,
            leaseUntil: nowMs + leaseMs,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': nowMs },
        }),
      );
      return 'claimed' as const;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const current = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return current.Item?.status === 'sent' ? ('already-sent' as const) : ('in-progress' as const);
  }

  async markSent(kind: string, from: string, to: string, owner: string, sentAt: string, messageId: string) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: reportMarkerKey(kind, from, to),
        // Unconditional: once any run has sent the report, the period is done, whoever held the lease.
        UpdateExpression:
          'SET #status = :sent, sentAt = :sentAt, messageId = :messageId, sentBy = :owner REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sentAt': sentAt,
          ':messageId': messageId,
          ':owner': owner,
        },
      }),
    );
  }

  async release(kind: string, from: string, to: string, owner: string) {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: reportMarkerKey(kind, from, to),
          ConditionExpression: '#owner = :owner AND #status = :sending',
          ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
          ExpressionAttributeValues: { ':owner': owner, ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
