/**
 * Statutory processes in the single table (keys: `dynamo-keys.ts`, "Statutory processes";
 * docs/data-model.md). Every change is one TransactWriteItems: the process item conditioned on the
 * version read, with any outbox notices of the escalation alerts it takes, so a step is recorded
 * exactly once whatever the concurrency. Reads are GetItem and Query only: the enquiry's processes
 * (its partition), a team's running processes (GSI1), the alerts due (GSI2, sparse) and processes
 * started per day (GSI5).
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toInstant } from '../domain/enquiry';
import { InternalError, VersionConflictError } from '../domain/errors';
import type { NoticeOutbox } from '../escalation/ports';
import { StatutoryProcessExistsError, type StatutoryStore } from '../statutory/ports';
import { StatutoryProcessRecord } from '../statutory/statutory-process';
import {
  AWAIT_SHARDS,
  backReferencesFor,
  enquiryKey,
  STATUTORY_SK_PREFIX,
  statutoryAlertPartition,
  statutoryIndexKeys,
  statutoryMonthPartition,
  statutoryProcessKey,
  statutoryTeamPartition,
  utcDay,
} from './dynamo-keys';
import { outboxItems } from './outbox-items';
import { queryAll, queryIndexItems } from './query-all';
import { INDEXES } from './table-definition';

function parse(item: Record<string, unknown>): StatutoryProcessRecord {
  const parsed = StatutoryProcessRecord.safeParse(item);
  if (!parsed.success) {
    throw new InternalError('stored statutory process does not match its schema', { cause: parsed.error });
  }
  return parsed.data;
}

function nextMonth(month: string): string {
  const [year = 1970, number = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 7);
}

export class DynamoStatutoryStore implements StatutoryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(record: StatutoryProcessRecord): Record<string, unknown> {
    return {
      ...record,
      ...statutoryProcessKey(record.enquiryId, record.id),
      ...statutoryIndexKeys(record),
      kind: 'statutory-process',
    };
  }

  async create(record: StatutoryProcessRecord): Promise<StatutoryProcessRecord> {
    const stored = parse({ ...record, version: 1 });
    try {
      // No request token here: a second start of the same process must fail, not pass as a retry.
      await this.write(
        [
          {
            Put: {
              TableName: this.tableName,
              Item: this.item(stored),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
        false,
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new StatutoryProcessExistsError(record.id);
      throw error;
    }
    return stored;
  }

  async get(enquiryId: string, processId: string): Promise<StatutoryProcessRecord | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: statutoryProcessKey(enquiryId, processId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? null : parse(result.Item);
  }

  async listForEnquiry(enquiryId: string): Promise<StatutoryProcessRecord[]> {
    const records: StatutoryProcessRecord[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': enquiryKey(enquiryId).PK, ':prefix': STATUTORY_SK_PREFIX },
      ConsistentRead: true,
    })) {
      records.push(parse(item));
    }
    return records;
  }

  async update(
    before: StatutoryProcessRecord,
    after: StatutoryProcessRecord,
    outbox?: NoticeOutbox,
  ): Promise<StatutoryProcessRecord> {
    const stored = parse({ ...after, version: before.version + 1 });
    const notices = outboxItems(outbox);
    try {
      await this.write([
        {
          Put: {
            TableName: this.tableName,
            Item: this.item(stored),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': before.version },
          },
        },
        ...notices.map((item) => ({ Put: { TableName: this.tableName, Item: item } })),
        // Notices in the escalation outbox are the enquiry's: the retention purge follows these.
        ...backReferencesFor(before.enquiryId, notices).map((item) => ({
          Put: { TableName: this.tableName, Item: item },
        })),
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new VersionConflictError(`${before.enquiryId}/${before.id}`, before.version, { cause: error });
      }
      throw error;
    }
    return stored;
  }

  async *dueForAlerts(now: string): AsyncGenerator<StatutoryProcessRecord> {
    for (let shard = 0; shard < AWAIT_SHARDS; shard += 1) {
      for await (const item of queryIndexItems(this.client, {
        TableName: this.tableName,
        IndexName: INDEXES.awaiting.indexName,
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :upTo',
        ExpressionAttributeValues: { ':pk': statutoryAlertPartition(shard), ':upTo': `${toInstant(now)}#~` },
      })) {
        yield parse(item);
      }
    }
  }

  async listRunningForTeam(team: string): Promise<StatutoryProcessRecord[]> {
    const records: StatutoryProcessRecord[] = [];
    for await (const item of queryIndexItems(this.client, {
      TableName: this.tableName,
      IndexName: INDEXES.queue.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': statutoryTeamPartition(team) },
    })) {
      records.push(parse(item));
    }
    return records;
  }

  async *startedBetween(from: string, to: string): AsyncGenerator<StatutoryProcessRecord> {
    const start = toInstant(from);
    const end = toInstant(to);
    if (start >= end) return;
    const lastMonth = utcDay(new Date(Date.parse(end) - 1).toISOString()).slice(0, 7);
    for (let month = start.slice(0, 7); month <= lastMonth; month = nextMonth(month)) {
      for await (const item of queryIndexItems(this.client, {
        TableName: this.tableName,
        IndexName: INDEXES.byDay.indexName,
        KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :start AND :end',
        ExpressionAttributeValues: { ':pk': statutoryMonthPartition(month), ':start': start, ':end': end },
      })) {
        yield parse(item);
      }
    }
  }

  private async write(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
    idempotent = true,
  ) {
    // With a token, a retry of the very same request (after a lost response) is a no-op success.
    const token = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 36);
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: items,
        ...(idempotent ? { ClientRequestToken: token } : {}),
      }),
    );
  }
}
