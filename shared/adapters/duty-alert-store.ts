/**
 * DynamoDB side of the safeguarding duty alerts (docs/safeguarding.md): the alert outbox and the
 * "next person due" index, both written in the same transaction as the enquiry change that decides
 * them (the enquiry repository's `dutyAlerts`, as items from `outbox-items.ts`), and the per-alert sending lease shared with the
 * escalator's digests (`send-lease.ts`). Every read is a GetItem or a Query; nothing scans.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { InternalError } from '../domain/errors';
import * as z from '../domain/zod';
import { DutyAlertNotice } from '../safeguarding/duty-alert-plan';
import { DutyAlertDue, type DutyAlertStore } from '../safeguarding/ports';
import { deleteItems } from './batch-delete';
import {
  DUTY_ALERT_DUE_PARTITION,
  DUTY_ALERT_OUTBOX_PARTITION,
  dutyAlertDueKey,
  dutyAlertEnquiryPrefix,
  dutyAlertLeaseKey,
  dutyAlertOutboxKey,
  type TableKey,
} from './dynamo-keys';
import type { DutyAlertItemKind } from './outbox-items';
import { queryAll } from './query-all';
import { claimSendLease, releaseSendLease } from './send-lease';

function parsed<T>(schema: z.core.$ZodType<T>, item: unknown, what: string): T {
  const result = z.safeParse(schema, item);
  if (!result.success) {
    throw new InternalError(`stored ${what} does not match its schema`, { cause: result.error });
  }
  return result.data;
}

export class DynamoDutyAlertStore implements DutyAlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pendingAlerts(enquiryId?: string): Promise<DutyAlertNotice[]> {
    const alerts: DutyAlertNotice[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: enquiryId === undefined ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': DUTY_ALERT_OUTBOX_PARTITION,
        ...(enquiryId === undefined ? {} : { ':prefix': dutyAlertEnquiryPrefix(enquiryId) }),
      },
      ConsistentRead: true,
    })) {
      alerts.push(parsed(DutyAlertNotice, item, 'duty alert'));
    }
    return alerts;
  }

  async getAlert(notice: DutyAlertNotice): Promise<DutyAlertNotice | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: dutyAlertOutboxKey(notice.enquiryId, notice.concern, notice.step),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? null : parsed(DutyAlertNotice, result.Item, 'duty alert');
  }

  async claimSend(notice: DutyAlertNotice, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return claimSendLease(this.client, this.tableName, {
      key: dutyAlertLeaseKey(notice.enquiryId, notice.concern, notice.step),
      kind: 'duty-alert-lease' satisfies DutyAlertItemKind,
      owner,
      nowMs,
      leaseMs,
    });
  }

  async releaseSend(notice: DutyAlertNotice, owner: string): Promise<void> {
    await releaseSendLease(
      this.client,
      this.tableName,
      dutyAlertLeaseKey(notice.enquiryId, notice.concern, notice.step),
      owner,
    );
  }

  async clearAlert(notice: DutyAlertNotice): Promise<void> {
    await this.deleteAll([dutyAlertOutboxKey(notice.enquiryId, notice.concern, notice.step)]);
  }

  async *dueEntries(now: string): AsyncGenerator<DutyAlertDue> {
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      // SK is `<dueAt>#...`: '~' sorts after every character of the rest.
      KeyConditionExpression: 'PK = :pk AND SK <= :now',
      ExpressionAttributeValues: {
        ':pk': DUTY_ALERT_DUE_PARTITION,
        ':now': `${new Date(now).toISOString()}#~`,
      },
      ConsistentRead: true,
    })) {
      yield parsed(DutyAlertDue, item, 'duty alert index entry');
    }
  }

  async clearDue(entries: readonly DutyAlertDue[]): Promise<void> {
    await this.deleteAll(
      entries.map((entry) => dutyAlertDueKey(entry.dueAt, entry.enquiryId, entry.concern, entry.told)),
    );
  }

  private async deleteAll(keys: readonly TableKey[]): Promise<void> {
    await deleteItems(this.client, this.tableName, keys);
  }
}
