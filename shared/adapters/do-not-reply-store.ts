/**
 * Do-not-reply marks: an address whose mail bounced or drew a complaint is sent nothing automatic
 * (`DNR#<address>`). Apart from the enquiry repository, which reads the marks with the rest of an
 * intake, so that ses-feedback (which only writes marks) bundles this and no enquiry code.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressKey } from '../domain/email-address';
import { toInstant } from '../domain/instant';
import { isConditionalCheckFailed } from './condition-failed';
import { doNotReplyKey, type ItemKind } from './dynamo-keys';

export interface DoNotReplyMark {
  email: string;
  reason: string;
  at: string;
}

export class DoNotReplyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** `true` when mail to this address bounced or drew a complaint: send it nothing automatic. */
  async isDoNotReply(email: string): Promise<boolean> {
    return (await this.getDoNotReply(email)) !== null;
  }

  /** Marks an address do-not-reply (bounce or complaint handling). Idempotent; the first mark's reason is kept. */
  async markDoNotReply(email: string, reason: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...doNotReplyKey(email),
            kind: 'do-not-reply' satisfies ItemKind,
            email: addressKey(email),
            reason,
            at: toInstant(at),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** The do-not-reply mark of an address, or `null`. */
  async getDoNotReply(email: string): Promise<DoNotReplyMark | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: doNotReplyKey(email), ConsistentRead: true }),
    );
    const item = result.Item;
    if (item === undefined) return null;
    return { email: String(item.email), reason: String(item.reason), at: String(item.at) };
  }
}
