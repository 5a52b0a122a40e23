/**
 * The access log: who searched for what and who opened which record, one item per act, kept for
 * `accessAudit.retentionDays` (DynamoDB TTL). What was searched is personal data: it lives only
 * here (never in logs or metrics). Items: `ACCESS#<UTC day>` / `<at>#<user>#<request id>`.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { toInstant } from '../domain/enquiry';
import type { AccessAction, AccessEntry, AccessLog } from '../finding/ports';
import { type ItemKind, utcDay } from './dynamo-keys';
import { TTL_ATTRIBUTE } from './table-definition';

export const accessLogPartition = (day: string): string => `ACCESS#${day}`;

export class DynamoAccessLog implements AccessLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AccessEntry, retentionDays: number): Promise<void> {
    const at = toInstant(entry.at);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: accessLogPartition(utcDay(at)),
          SK: `${at}#${entry.who}#${entry.requestId}#${entry.action}`,
          kind: 'access-audit' satisfies ItemKind,
          ...entry,
          at,
          roles: [...entry.roles],
          records: [...entry.records],
          [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + retentionDays * 86_400,
        },
      }),
    );
  }

  /** Every entry of one UTC day, in time order (for audits and tests). */
  async entriesOn(day: string): Promise<AccessEntry[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': accessLogPartition(day) },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => ({
      at: String(item.at),
      who: String(item.who),
      roles: Array.isArray(item.roles) ? item.roles.map(String) : [],
      action: item.action as AccessAction,
      query: typeof item.query === 'string' ? item.query : null,
      records: Array.isArray(item.records) ? item.records.map(String) : [],
      requestId: String(item.requestId),
    }));
  }
}
