/**
 * DynamoDB side of the escalator: recording escalation steps on an enquiry together with their
 * outbox notices and escalation-log entries (one transaction, through the enquiry repository's
 * `alsoPut`), the pending-notice outbox, and the per-recipient "sending" leases (the log's reads
 * are `escalation-log.ts`, for functions that only report). Keys:
 * `shared/adapters/dynamo-keys.ts` (docs/data-model.md, "Escalation outbox, digest leases, escalation
 * log, report markers"). Every read is a GetItem or a Query; nothing scans.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Enquiry, Transition } from '../domain/enquiry';
import { InternalError } from '../domain/errors';
import { EscalationNotice } from '../escalation/escalation-plan';
import type { EscalationLog, EscalationRecord } from '../escalation/ports';
import type { EscalationStore } from '../sweep/ports';
import { deleteItems } from './batch-delete';
import {
  digestLeaseKey,
  type ExtraItem,
  escalationLogKey,
  OUTBOX_PARTITION,
  outboxKey,
  outboxRecipientPrefix,
} from './dynamo-keys';
import { EnquiryRepository } from './enquiry-repository';
import { DynamoEscalationLog } from './escalation-log';
import { type EscalationItemKind, outboxItem } from './outbox-items';
import { queryAll } from './query-all';
import { claimSendLease, releaseSendLease } from './send-lease';

/** Escalation-log entries are aggregate history for reports: kept two years, like the reports. */
const LOG_RETENTION_SECONDS = 730 * 24 * 60 * 60;

function epochSeconds(instant: string): number {
  return Math.floor(Date.parse(instant) / 1000);
}

export class DynamoEscalationStore implements EscalationStore, EscalationLog {
  private readonly enquiries: EnquiryRepository;
  private readonly log: DynamoEscalationLog;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.enquiries = new EnquiryRepository(client, tableName);
    this.log = new DynamoEscalationLog(client, tableName);
  }

  async recordEscalation(
    before: Enquiry,
    transition: Transition,
    notices: readonly EscalationNotice[],
    sweepId: string,
  ): Promise<Enquiry> {
    const alsoPut: ExtraItem[] = [];
    for (const notice of notices) {
      const checked = EscalationNotice.parse(notice);
      alsoPut.push(outboxItem(checked, sweepId));
      const record: EscalationRecord = {
        enquiryId: checked.enquiryId,
        stepId: checked.stepId,
        stepAt: checked.stepAt,
        escalatedAt: checked.escalatedAt,
        breach: checked.breach,
        pastDue: checked.pastDue,
        priority: checked.priority,
        team: checked.team,
        recipientRole: checked.recipientRole,
      };
      alsoPut.push({
        ...record,
        ...escalationLogKey(checked.stepAt, checked.enquiryId, checked.windowStart, checked.stepId),
        kind: 'escalation-log' satisfies EscalationItemKind,
        recordedBy: sweepId,
        expiresAt: epochSeconds(checked.stepAt) + LOG_RETENTION_SECONDS,
      });
    }
    // One transaction: the enquiry (conditioned on its version), its events and these items. The
    // repository derives the request token from the content; `recordedBy` makes two sweeps'
    // otherwise identical writes different requests, so the loser fails its version condition
    // instead of being taken for a retry of the winner.
    return this.enquiries.update({ before, after: transition.enquiry, events: transition.events, alsoPut });
  }

  async pendingRecipients(): Promise<string[]> {
    const recipients = new Set<string>();
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': OUTBOX_PARTITION },
      ProjectionExpression: 'recipient',
      ConsistentRead: true,
    })) {
      if (typeof item.recipient === 'string') recipients.add(item.recipient);
    }
    return [...recipients].sort();
  }

  async pendingNotices(recipient: string, limit: number): Promise<EscalationNotice[]> {
    const notices: EscalationNotice[] = [];
    for await (const item of queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': OUTBOX_PARTITION, ':prefix': outboxRecipientPrefix(recipient) },
      ConsistentRead: true,
    })) {
      const parsed = EscalationNotice.safeParse(item);
      if (!parsed.success) {
        throw new InternalError('stored escalation notice does not match its schema', {
          cause: parsed.error,
        });
      }
      notices.push(parsed.data);
      if (notices.length >= limit) break;
    }
    return notices;
  }

  async clearNotices(notices: readonly EscalationNotice[]): Promise<void> {
    await deleteItems(
      this.client,
      this.tableName,
      notices.map((notice) =>
        outboxKey(notice.recipient, notice.enquiryId, notice.windowStart, notice.stepId),
      ),
    );
  }

  async claimDigest(recipient: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return claimSendLease(this.client, this.tableName, {
      key: digestLeaseKey(recipient),
      kind: 'digest-lease' satisfies EscalationItemKind,
      owner,
      nowMs,
      leaseMs,
    });
  }

  async releaseDigest(recipient: string, owner: string): Promise<void> {
    await releaseSendLease(this.client, this.tableName, digestLeaseKey(recipient), owner);
  }

  /** Escalation-log entries whose step fell due in [from, to), for reports (`DynamoEscalationLog`). */
  escalationsBetween(from: string, to: string): Promise<EscalationRecord[]> {
    return this.log.escalationsBetween(from, to);
  }
}
