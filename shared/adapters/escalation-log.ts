/**
 * Reading the escalation log (`ESCLOG#<day>`, written with each escalation step by
 * `escalation-store.ts`) for the reports: apart from the store, so a function that only reports
 * bundles none of the enquiry writes. Every read is a Query; nothing scans.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InternalError } from '../domain/errors';
import { toInstant } from '../domain/instant';
import { type EscalationLog, EscalationRecord } from '../escalation/ports';
import { escalationLogPartition, nextUtcDay, utcDay } from './dynamo-keys';
import { queryAll } from './query-all';

export class DynamoEscalationLog implements EscalationLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Entries whose step fell due in [from, to), for reports (one Query per UTC day). */
  async escalationsBetween(from: string, to: string): Promise<EscalationRecord[]> {
    const start = toInstant(from);
    const end = toInstant(to);
    const records: EscalationRecord[] = [];
    if (start >= end) return records;
    const lastDay = utcDay(new Date(Date.parse(end) - 1).toISOString());
    for (let day = utcDay(start); day <= lastDay; day = nextUtcDay(day)) {
      for await (const item of queryAll(this.client, {
        TableName: this.tableName,
        // SK is `<stepAt>#...`: '#' sorts before every digit, so BETWEEN keeps [start, end).
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :start AND :end',
        ExpressionAttributeValues: { ':pk': escalationLogPartition(day), ':start': start, ':end': end },
      })) {
        const parsed = EscalationRecord.safeParse(item);
        if (!parsed.success) {
          throw new InternalError('stored escalation log entry does not match its schema', {
            cause: parsed.error,
          });
        }
        records.push(parsed.data);
      }
    }
    return records;
  }
}
