/** Creates the table from the shared definition against DynamoDB Local (local stack and tests). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { InternalError } from '../domain/errors';
import {
  INDEX_LIST,
  type IndexDefinition,
  keyAttributeNames,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from './table-definition';

function indexSpec(index: IndexDefinition) {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: {
      ProjectionType: index.projection ?? 'ALL',
      NonKeyAttributes: index.projection === 'INCLUDE' ? [...(index.include ?? [])] : undefined,
    },
  };
}

function sameProjection(
  present: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined,
  index: IndexDefinition,
): boolean {
  const wanted = indexSpec(index).Projection;
  return (
    present?.ProjectionType === wanted.ProjectionType &&
    [...(present.NonKeyAttributes ?? [])].sort().join() === [...(wanted.NonKeyAttributes ?? [])].sort().join()
  );
}

async function indexStatus(client: DynamoDBClient, tableName: string, indexName: string): Promise<string> {
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const index = described.Table?.GlobalSecondaryIndexes?.find(
    (candidate) => candidate.IndexName === indexName,
  );
  return index?.IndexStatus ?? 'ABSENT';
}

/** Waits (polling, 2 minutes at most) until an index update has finished. */
async function settled(client: DynamoDBClient, tableName: string, indexName: string, wanted: string) {
  for (let round = 0; round < 1200; round += 1) {
    if ((await indexStatus(client, tableName, indexName)) === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new InternalError(`index ${indexName} of ${tableName} did not become ${wanted}`);
}

/**
 * A table kept from an earlier version (`.data/`) gains the indexes added since, and an index whose
 * projection changed is deleted and created again, one at a time (DynamoDB takes one index update
 * per UpdateTable, and a projection cannot be changed in place: docs/data-model.md has the same
 * rollout for AWS); DynamoDB fills a new index from the items already there.
 */
async function updateIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Map(
    (described.Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.Projection]),
  );
  for (const index of INDEX_LIST) {
    if (present.has(index.indexName) && sameProjection(present.get(index.indexName), index)) continue;
    if (present.has(index.indexName)) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.indexName } }],
        }),
      );
      await settled(client, tableName, index.indexName, 'ABSENT');
    }
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    );
    await settled(client, tableName, index.indexName, 'ACTIVE');
  }
}

/** Creates the table if it does not exist yet; safe to call on every start. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributeNames().map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: INDEX_LIST.map(indexSpec),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await updateIndexes(client, tableName);
    return;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
