/** Reads every page of a DynamoDB Query, item by item (the caller decides how far to read). */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>> {
  let exclusiveStart: Record<string, unknown> | undefined;
  do {
    const result = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStart }));
    yield* result.Items ?? [];
    exclusiveStart = result.LastEvaluatedKey;
  } while (exclusiveStart !== undefined);
}
