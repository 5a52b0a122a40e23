/**
 * The retention sweep against the real emulators (DynamoDB Local, fauxqs S3): an enquiry resolved
 * longer ago than the retention period is purged with everything of it (table items of every
 * kind, items elsewhere that point back at it, index entries, raw mail and markers in S3), and an
 * enquiry still inside its period is left whole.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeRetentionHandler } from '../../functions/retention/handler';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoRetentionStore, S3RawMailPurger } from '../../shared/adapters/retention-store';
import { sentMarkerKey } from '../../shared/adapters/s3-raw-mail-store';
import { INDEXES } from '../../shared/adapters/table-definition';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { applyReopen, applyResolve, type Enquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { type Pipeline, startPipeline } from '../support/reliability-pipeline';

let pipeline: Pipeline;

function mail(from: string, subject: string, messageId: string, extra: string[] = []): string {
  return [
    `From: Robin Vale <${from}>`,
    `To: ${pipeline.config.hub.mailbox}`,
    `Date: ${new Date().toUTCString()}`,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    ...extra,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'My son Ellis needs help with his school transport in Margate CT9.',
    '',
  ].join('\r\n');
}

async function emailEnquiry(label: string): Promise<{ enquiry: Enquiry; keys: string[]; messageId: string }> {
  const from = `${label}.${pipeline.tag}@example.org`;
  const messageId = `${label}.${pipeline.tag}@mail.example.org`;
  const first = await pipeline.storeMail(mail(from, 'Transport', messageId));
  await pipeline.ingestEmail(first);
  await pipeline.drained();
  const [enquiry] = await pipeline.enquiriesOf(from);
  if (enquiry === undefined) throw new Error(`no enquiry for ${from}`);
  // A reply that threads by In-Reply-To: a second contact, more pointers, another raw message.
  const second = await pipeline.storeMail(
    mail(from, `Re: ${enquiry.id}`, `${label}.reply.${pipeline.tag}@mail.example.org`, [
      `In-Reply-To: <${messageId}>`,
    ]),
  );
  await pipeline.ingestEmail(second);
  await pipeline.drained();
  const current = await pipeline.enquiries.getEnquiry(enquiry.id);
  if (current === null) throw new Error('enquiry vanished');
  return { enquiry: current, keys: [first, second], messageId };
}

async function partition(id: string): Promise<Record<string, unknown>[]> {
  const result = await pipeline.documents.send(
    new QueryCommand({
      TableName: pipeline.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `ENQ#${id}` },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

async function item(PK: string, SK: string): Promise<Record<string, unknown> | undefined> {
  const result = await pipeline.documents.send(
    new GetCommand({ TableName: pipeline.tableName, Key: { PK, SK }, ConsistentRead: true }),
  );
  return result.Item;
}

async function indexHolds(indexName: string, pk: string, pkValue: string, id: string): Promise<boolean> {
  const result = await pipeline.documents.send(
    new QueryCommand({
      TableName: pipeline.tableName,
      IndexName: indexName,
      KeyConditionExpression: `${pk} = :pk`,
      ExpressionAttributeValues: { ':pk': pkValue },
    }),
  );
  return (result.Items ?? []).some((entry) => entry.PK === `ENQ#${id}`);
}

function sweep() {
  return makeRetentionHandler({
    store: new DynamoRetentionStore(pipeline.documents, pipeline.tableName),
    rawMail: new S3RawMailPurger(pipeline.s3, pipeline.bucket),
    config: pipeline.config,
    logger: new Logger({ serviceName: 'retention-test', logLevel: 'SILENT' }),
  });
}

const LONG_ENOUGH = { getRemainingTimeInMillis: () => 300_000 };

beforeAll(async () => {
  pipeline = await startPipeline({
    dynamo: inject('dynamoEndpoint'),
    fauxqs: inject('fauxqsEndpoint'),
    ses: inject('sesEndpoint'),
  });
  pipeline.startRouter();
});

describe('the retention sweep', () => {
  it('leaves nothing of an enquiry resolved longer ago than the retention period, and keeps one still inside it', async () => {
    const old = await emailEnquiry('purged');
    const young = await emailEnquiry('kept');
    const policy = hubServiceLevels(pipeline.config);
    const resolvedAt = new Date().toISOString();
    for (const { enquiry } of [old, young]) {
      await pipeline.enquiries.modify(enquiry.id, (current) =>
        applyResolve(current, resolvedAt, 'cw-east-1', policy),
      );
    }
    // Item kinds other engineers add: one in the partition (a child record), one elsewhere written
    // with an enquiry change (a search audit entry): neither needs any retention code of its own.
    await pipeline.documents.send(
      new PutCommand({
        TableName: pipeline.tableName,
        Item: { PK: `ENQ#${old.enquiry.id}`, SK: 'CHILD#1', kind: 'child-record', name: 'Ellis Vale' },
      }),
    );
    const audit = {
      PK: `SEARCHAUDIT#${pipeline.tag}`,
      SK: `2026-12-07#${old.enquiry.id}`,
      kind: 'search-audit',
    };
    await pipeline.enquiries.modify(
      old.enquiry.id,
      (current) => ({ enquiry: { ...current, updatedAt: resolvedAt }, events: [] }),
      { alsoPut: () => [audit] },
    );
    // Resolve the young one a year later than the old one: at the sweep's "now" it is still inside.
    const oldPartition = await partition(old.enquiry.id);
    const pointers = oldPartition.filter((entry) => entry.kind === 'back-reference');
    expect(pointers.length).toBeGreaterThanOrEqual(5); // Message-IDs, intake markers, the audit entry
    expect(await indexHolds(INDEXES.retention.indexName, 'GSI7PK', 'RETAIN', old.enquiry.id)).toBe(true);

    const days = pipeline.config.retention.afterResolutionDays;
    const oldEnough = new Date(Date.parse(resolvedAt) + (days + 1) * 86_400_000);
    await pipeline.enquiries.modify(young.enquiry.id, (current) => ({
      enquiry: { ...current, resolvedAt: new Date(oldEnough.getTime() - 86_400_000 * 10).toISOString() },
      events: [],
    }));

    const run = await sweep()({ time: oldEnough.toISOString() }, LONG_ENOUGH);

    expect(run.purged).toBe(1);
    // Table: the partition (enquiry, contacts, events, the child record, back-references)...
    expect(await partition(old.enquiry.id)).toEqual([]);
    // ...every item it pointed at elsewhere (Message-ID pointers, intake markers, the audit entry)...
    for (const pointer of pointers) {
      expect(await item(String(pointer.refPK), String(pointer.refSK)), String(pointer.refPK)).toBeUndefined();
    }
    expect(await item(`INTAKE#email:${old.messageId}`, 'INTAKE')).toBeUndefined();
    expect(await item(`MSGID#${old.messageId}`, 'MSGID')).toBeUndefined();
    expect(await item(audit.PK, audit.SK)).toBeUndefined();
    // ...and every index entry.
    const day = `DAY#${old.enquiry.receivedAt.slice(0, 10)}`;
    expect(await indexHolds(INDEXES.byDay.indexName, 'GSI5PK', day, old.enquiry.id)).toBe(false);
    expect(await indexHolds(INDEXES.retention.indexName, 'GSI7PK', 'RETAIN', old.enquiry.id)).toBe(false);
    // S3: the raw mail and the "already queued" markers.
    for (const key of old.keys) expect(await pipeline.exists(key), key).toBe(false);
    expect(await pipeline.exists(sentMarkerKey(`email:${old.messageId}`))).toBe(false);

    // The enquiry still inside its period is whole.
    expect(await pipeline.enquiries.getEnquiry(young.enquiry.id)).not.toBeNull();
    expect((await partition(young.enquiry.id)).length).toBeGreaterThan(3);
    for (const key of young.keys) expect(await pipeline.exists(key), key).toBe(true);
    expect(await item(`MSGID#${young.messageId}`, 'MSGID')).toBeDefined();

    // Running again finds nothing more to do.
    expect((await sweep()({ time: oldEnough.toISOString() }, LONG_ENOUGH)).purged).toBe(0);
  });

  it('keeps an enquiry that a new contact reopened, and counts what is due in a dry run without deleting', async () => {
    const { enquiry } = await emailEnquiry('reopened');
    const policy = hubServiceLevels(pipeline.config);
    const resolvedAt = new Date().toISOString();
    await pipeline.enquiries.modify(enquiry.id, (current) =>
      applyResolve(current, resolvedAt, 'cw-east-1', policy),
    );
    const later = new Date(
      Date.parse(resolvedAt) + (pipeline.config.retention.afterResolutionDays + 1) * 86_400_000,
    );

    const dry = await sweep()({ time: later.toISOString(), dryRun: true }, LONG_ENOUGH);
    expect(dry.purged).toBeGreaterThanOrEqual(1);
    expect(await pipeline.enquiries.getEnquiry(enquiry.id)).not.toBeNull();

    await pipeline.enquiries.modify(enquiry.id, (current) => ({
      enquiry: { ...current, status: 'open', resolvedAt: null },
      events: [],
    }));
    await sweep()({ time: later.toISOString() }, LONG_ENOUGH);
    expect(await pipeline.enquiries.getEnquiry(enquiry.id)).not.toBeNull();
  });
});

describe('the DynamoDB TTL backstop', () => {
  it('puts expiresAt on a resolved enquiry (retention period plus grace) and takes it off when reopened', async () => {
    const { enquiry } = await emailEnquiry('backstop');
    const repository = new EnquiryRepository(
      pipeline.documents,
      pipeline.tableName,
      retentionRepositoryOptions(pipeline.config),
    );
    const policy = hubServiceLevels(pipeline.config);
    const resolvedAt = '2026-12-07T12:00:00.000Z';
    await repository.modify(enquiry.id, (current) => applyResolve(current, resolvedAt, 'cw-east-1', policy));
    const { afterResolutionDays, ttlGraceDays } = pipeline.config.retention;
    const expected = Date.parse(resolvedAt) / 1000 + (afterResolutionDays + ttlGraceDays) * 86_400;
    expect((await item(`ENQ#${enquiry.id}`, 'META'))?.expiresAt).toBe(expected);

    await repository.modify(enquiry.id, (current) =>
      applyReopen(current, resolvedAt, 'cw-east-1', 'more', policy),
    );
    expect((await item(`ENQ#${enquiry.id}`, 'META'))?.expiresAt).toBeUndefined();
  });
});
