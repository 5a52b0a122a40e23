/** Reads every page of a DynamoDB Query, item by item (the caller decides how far to read). */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { itemsOfIndex } from './batch-items';

async function* queryPages(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>[]> {
  let exclusiveStart: Record<string, unknown> | undefined;
  do {
    const result = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStart }));
    yield result.Items ?? [];
    exclusiveStart = result.LastEvaluatedKey;
  } while (exclusiveStart !== undefined);
}

export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>> {
  for await (const page of queryPages(client, input)) yield* page;
}

/**
 * Every item a Query of an index finds, a page at a time: the items themselves, read from the table
 * when the index holds only keys (`itemsOfIndex`).
 */
export async function* queryIndexItems(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput & { TableName: string; IndexName: string },
): AsyncGenerator<Record<string, unknown>> {
  for await (const page of queryPages(client, input)) {
    yield* await itemsOfIndex(client, input.TableName, input.IndexName, page);
  }
}
