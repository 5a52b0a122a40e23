/**
 * The claim timers the enquiry repository writes with each change that (re)starts a holder's quiet
 * time (`CLAIMIDLE` / `<quietSince>#<enquiryId>`, docs/data-model.md). The sweep reads the ones that
 * went quiet long enough ago with one key-condition Query, never a Scan, and deletes what it is done
 * with or finds stale.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toInstant } from '../domain/enquiry';
import type { ClaimTimer, ClaimTimerStore } from '../workload/ports';
import { deleteItems } from './batch-delete';
import { CLAIM_TIMER_PARTITION, claimTimerKey } from './dynamo-keys';
import { queryAll } from './query-all';

export class DynamoClaimTimerStore implements ClaimTimerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *quietSince(upTo: string): AsyncGenerator<ClaimTimer> {
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      // '~' sorts after every character of a reference, so a timer at exactly `upTo` is included.
      KeyConditionExpression: 'PK = :pk AND SK <= :upTo',
      ExpressionAttributeValues: { ':pk': CLAIM_TIMER_PARTITION, ':upTo': `${toInstant(upTo)}#~` },
    })) {
      if (typeof item.enquiryId === 'string' && typeof item.quietSince === 'string') {
        yield { enquiryId: item.enquiryId, quietSince: item.quietSince };
      }
    }
  }

  async remove(timers: readonly ClaimTimer[]): Promise<void> {
    await deleteItems(
      this.client,
      this.tableName,
      timers.map((timer) => claimTimerKey(timer.quietSince, timer.enquiryId)),
    );
  }
}
