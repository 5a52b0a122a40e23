/**
 * Fixed-window attempt counters in the table: one item per key and window
 * (`RATE#<key>#<window start>`), raised with an atomic `ADD` so concurrent attempts each count,
 * and deleted by TTL a window after it ends (TTL is lazy: the window start in the key, not the
 * deletion, is what makes an old counter stop counting).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimits } from '../finding/ports';
import type { ItemKind } from './dynamo-keys';
import { TTL_ATTRIBUTE } from './table-definition';

export class DynamoRateLimits implements RateLimits {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(key: string, windowSeconds: number, now: Date): Promise<number> {
    const windowStart = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: `RATE#${key}#${windowStart}`, SK: 'RATE' },
        UpdateExpression: 'ADD #count :one SET #kind = :kind, #expires = if_not_exists(#expires, :expires)',
        ExpressionAttributeNames: { '#count': 'count', '#kind': 'kind', '#expires': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':kind': 'rate-limit' satisfies ItemKind,
          ':expires': windowStart + 2 * windowSeconds,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = result.Attributes?.count;
    return typeof count === 'number' ? count : 1;
  }
}
