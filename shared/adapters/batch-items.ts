/**
 * DynamoDB's batch calls with what they leave to the caller done here: requests split to the
 * service's limits (100 keys a read, 25 items a write) and unprocessed keys or items retried with
 * backoff, so a caller sees all or an error.
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableKey } from './dynamo-keys';
import { INDEX_LIST } from './table-definition';

const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function backoff(round: number): Promise<void> {
  return round === 0 ? Promise.resolve() : sleep(Math.min(1000, 25 * 2 ** round));
}

/** The items with these keys that exist (strongly consistent reads), in no particular order. */
export async function getItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly TableKey[],
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const unique = [...new Map(keys.map((key) => [`${key.PK}\u0000${key.SK}`, key])).values()];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    let wanted: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_MAX).map((key) => ({ ...key }));
    for (let round = 0; wanted.length > 0; round += 1) {
      await backoff(round);
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: wanted, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      wanted = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

/**
 * The items behind what a Query of `indexName` returned, in its order. An index projected ALL holds
 * them already; a keys-only one (so that writing an item costs one write unit per index however
 * large the item) holds keys, and the items are read here (one BatchGetItem per 100, strongly
 * consistent). An entry whose item is gone, or no longer carries the index partition it was found
 * under (claimed off a queue, resolved), is then left out: the index lags the table by a moment.
 */
export async function itemsOfIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  indexName: string,
  entries: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const index = INDEX_LIST.find((candidate) => candidate.indexName === indexName);
  if (index === undefined || (index.projection ?? 'ALL') === 'ALL' || entries.length === 0)
    return [...entries];
  const keys = entries.map((entry) => ({ PK: String(entry.PK), SK: String(entry.SK) }));
  const found = new Map<string, Record<string, unknown>>();
  for (const item of await getItems(client, tableName, keys)) found.set(`${item.PK}\u0000${item.SK}`, item);
  return entries.flatMap((entry) => {
    const item = found.get(`${entry.PK}\u0000${entry.SK}`);
    if (item === undefined || item[index.partitionKey] !== entry[index.partitionKey]) return [];
    return [item];
  });
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  all: readonly WriteRequest[],
): Promise<void> {
  for (let i = 0; i < all.length; i += BATCH_WRITE_MAX) {
    let requests: WriteRequest[] = all.slice(i, i + BATCH_WRITE_MAX);
    for (let round = 0; requests.length > 0; round += 1) {
      await backoff(round);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
        if (request.PutRequest?.Item !== undefined)
          return [{ PutRequest: { Item: request.PutRequest.Item } }];
        if (request.DeleteRequest?.Key !== undefined)
          return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
        return [];
      });
    }
  }
}

/** Puts items (unconditional, so give them deterministic keys: writing one twice is one item). */
export async function putItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly (TableKey & Record<string, unknown>)[],
): Promise<void> {
  await writeAll(
    client,
    tableName,
    items.map((item) => ({ PutRequest: { Item: { ...item } } })),
  );
}

/** Deletes items by key. */
export async function deleteItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly TableKey[],
): Promise<void> {
  await writeAll(
    client,
    tableName,
    keys.map((key) => ({ DeleteRequest: { Key: { ...key } } })),
  );
}
