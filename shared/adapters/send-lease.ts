/**
 * A "sending" lease: whoever holds it may send one piece of outgoing mail from an outbox and then
 * clear it; anyone else skips. Taken with a conditional put (absent, or expired by the wall
 * clock), given back by its owner only. The escalator's digests and the safeguarding duty alerts
 * both go out under it (docs/escalation.md, "Phase 2: send").
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './condition-failed';
import type { TableKey } from './dynamo-keys';

/**
 * Takes the lease at `key` for `owner` until `nowMs + leaseMs`.
 * @returns `false` when someone else holds an unexpired lease.
 */
export async function claimSendLease(
  client: DynamoDBDocumentClient,
  tableName: string,
  lease: { key: TableKey; kind: string; owner: string; nowMs: number; leaseMs: number },
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...lease.key,
          kind: lease.kind,
          owner: lease.owner,
          leaseUntil: lease.nowMs + lease.leaseMs,
          // Tidy-up only; correctness never waits for TTL.
          expiresAt: Math.floor((lease.nowMs + lease.leaseMs) / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': lease.nowMs },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** Gives the lease back, only if `owner` still holds it (an expired lease may be someone else's now). */
export async function releaseSendLease(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: TableKey,
  owner: string,
): Promise<void> {
  try {
    await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: key,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}
