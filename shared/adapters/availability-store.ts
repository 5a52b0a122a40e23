/**
 * Away dates and deputies (`AVAILABILITY` / `<email>`), and the sparse "away period starting" entries
 * (`AWAYSTART` / `<startsAt>#<email>#<from>`) the sweep acts on when a caseworker's leave begins.
 * Everyone's availability is one small partition, read whole with one Query (a hub has tens to a
 * few hundred staff); nothing scans (docs/data-model.md).
 */
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toInstant } from '../domain/enquiry';
import { InternalError } from '../domain/errors';
import { Availability } from '../workload/availability';
import type { AvailabilityStore, AwayStart } from '../workload/ports';
import { deleteItems } from './batch-delete';
import {
  AVAILABILITY_PARTITION,
  AWAY_START_PARTITION,
  availabilityKey,
  awayStartKey,
  type ItemKind,
} from './dynamo-keys';
import { queryAll } from './query-all';

function parseRecord(item: Record<string, unknown>): Availability {
  const parsed = Availability.safeParse(item);
  if (!parsed.success) {
    throw new InternalError('stored availability does not match its schema', { cause: parsed.error });
  }
  return parsed.data;
}

export class DynamoAvailabilityStore implements AvailabilityStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async all(): Promise<Availability[]> {
    const records: Availability[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': AVAILABILITY_PARTITION },
      ConsistentRead: true,
    })) {
      records.push(parseRecord(item));
    }
    return records;
  }

  async get(email: string): Promise<Availability | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: availabilityKey(email), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : parseRecord(result.Item);
  }

  async put(record: Availability, starts: readonly AwayStart[]): Promise<void> {
    const checked = Availability.parse(record);
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...checked,
                ...availabilityKey(checked.email),
                email: checked.email.toLowerCase(),
                kind: 'availability' satisfies ItemKind,
              },
            },
          },
          ...starts.map((start) => ({
            Put: {
              TableName: this.tableName,
              Item: {
                ...awayStartKey(start.startsAt, start.email, start.from),
                kind: 'away-start' satisfies ItemKind,
                startsAt: toInstant(start.startsAt),
                email: start.email.toLowerCase(),
                from: start.from,
              },
            },
          })),
        ],
      }),
    );
  }

  async *dueAwayStarts(now: string): AsyncGenerator<AwayStart> {
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK <= :upTo',
      ExpressionAttributeValues: { ':pk': AWAY_START_PARTITION, ':upTo': `${toInstant(now)}#~` },
    })) {
      if (
        typeof item.startsAt === 'string' &&
        typeof item.email === 'string' &&
        typeof item.from === 'string'
      ) {
        yield { startsAt: item.startsAt, email: item.email, from: item.from };
      }
    }
  }

  async removeAwayStarts(starts: readonly AwayStart[]): Promise<void> {
    await deleteItems(
      this.client,
      this.tableName,
      starts.map((start) => awayStartKey(start.startsAt, start.email, start.from)),
    );
  }
}
