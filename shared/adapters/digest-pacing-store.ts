/**
 * When each person last got a digest (`DIGEST#<recipient>` / `LAST`), so the sweep sends at most
 * one per `workload.digestMinutesApart` (docs/managers.md). Written after a digest is sent; a lost
 * write only means the next digest may come sooner, never that a notice is lost.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressKey } from '../domain/email-address';
import { toInstant } from '../domain/enquiry';
import type { DigestPacingStore } from '../sweep/ports';

function pacingKey(recipient: string) {
  return { PK: `DIGEST#${addressKey(recipient)}`, SK: 'LAST' };
}

/** Kept a few days after the last digest: long enough for any pacing window. */
const KEEP_SECONDS = 7 * 86_400;

export class DynamoDigestPacingStore implements DigestPacingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lastSent(recipient: string): Promise<string | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: pacingKey(recipient), ConsistentRead: true }),
    );
    const sentAt = result.Item?.sentAt;
    return typeof sentAt === 'string' ? sentAt : null;
  }

  async markSent(recipient: string, at: string): Promise<void> {
    const sentAt = toInstant(at);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...pacingKey(recipient),
          kind: 'digest-pacing',
          sentAt,
          expiresAt: Math.floor(Date.parse(sentAt) / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }
}
