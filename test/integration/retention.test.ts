/**
 * The retention sweep against the real emulators (DynamoDB Local, fauxqs S3): an enquiry resolved
 * longer ago than the retention period is purged with everything of it (table items of every
 * kind, items elsewhere that point back at it, index entries, raw mail and markers in S3), and an
 * enquiry still inside its period is left whole.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeRetentionHandler } from '../../functions/retention/handler';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { dutyAlertItems } from '../../shared/adapters/outbox-items';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { DynamoRetentionStore, S3RawMailPurger } from '../../shared/adapters/retention-store';
import { sentMarkerKey } from '../../shared/adapters/s3-raw-mail-store';
import { DynamoStatutoryStore } from '../../shared/adapters/statutory-store';
import { INDEXES } from '../../shared/adapters/table-definition';
import { retentionRepositoryOptions } from '../../shared/config/hub-config';
import { applyClaim, applyReopen, applyResolve, DUTY_LISTS, type Enquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import type { Mailer } from '../../shared/mail/outgoing-email';
import type { DutyAlertNotice } from '../../shared/safeguarding/duty-alert-plan';
import { startStatutoryProcess } from '../../shared/statutory/statutory-casework';
import { runEscalationSweep } from '../../shared/sweep/run-sweep';
import { type Pipeline, startPipeline } from '../support/reliability-pipeline';

let pipeline: Pipeline;

const TRANSPORT = 'My son Ellis needs help with his school transport in Margate CT9.';

function mail(
  from: string,
  subject: string,
  messageId: string,
  extra: string[] = [],
  body: string = TRANSPORT,
): string {
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
    body,
    '',
  ].join('\r\n');
}

async function emailEnquiry(
  label: string,
  body: string = TRANSPORT,
): Promise<{ enquiry: Enquiry; keys: string[]; messageId: string }> {
  const from = `${label}.${pipeline.tag}@example.org`;
  const messageId = `${label}.${pipeline.tag}@mail.example.org`;
  const first = await pipeline.storeMail(mail(from, 'Transport', messageId, [], body));
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
    expect(pointers.length).toBeGreaterThanOrEqual(4); // Message-IDs, intake markers, the audit entry
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
    // Its email's Message-ID still threads to it (through the intake marker, which stands for it).
    expect(await item(`INTAKE#email:${young.messageId}`, 'INTAKE')).toMatchObject({
      messageId: young.messageId,
      enquiryId: young.enquiry.id,
    });

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

/** Every item anywhere in the table that names the enquiry (a test-only Scan of the test's table). */
async function itemsNaming(id: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await pipeline.documents.send(
      new ScanCommand({ TableName: pipeline.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const entry of page.Items ?? []) if (JSON.stringify(entry).includes(id)) found.push(entry);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return found;
}

/** Whether any secondary index still returns an item of the enquiry under one of these partitions. */
async function indexesHolding(id: string, partitions: [string, string, string][]): Promise<string[]> {
  const holding: string[] = [];
  for (const [indexName, attribute, value] of partitions) {
    const result = await pipeline.documents.send(
      new QueryCommand({
        TableName: pipeline.tableName,
        IndexName: indexName,
        KeyConditionExpression: `${attribute} = :pk`,
        ExpressionAttributeValues: { ':pk': value },
      }),
    );
    if ((result.Items ?? []).some((entry) => JSON.stringify(entry).includes(id))) {
      holding.push(`${indexName} ${value}`);
    }
  }
  return holding;
}

/** Mail that fails for a while: notices stay pending in the outbox, as after an SES outage. */
const failingMailer: Mailer = {
  async send() {
    throw new Error('SES unavailable');
  },
};

describe('the retention sweep and every kind of item an enquiry has', () => {
  it('leaves nothing of an enquiry that was claimed, escalated, had a duty alert waiting and a statutory process with alerts', async () => {
    const { enquiry, keys, messageId } = await emailEnquiry(
      'everything',
      'My son Ellis said last night he wants to kill himself. He has been out of school since October and we have asked for an EHC needs assessment. We live in Margate CT9.',
    );
    const config = pipeline.config;
    const policy = hubServiceLevels(config);
    const statutory = new DynamoStatutoryStore(pipeline.documents, pipeline.tableName);
    const claimedAt = new Date(Date.parse(enquiry.receivedAt) + 60_000).toISOString();
    const holder = config.caseworkers.find((caseworker) => caseworker.team === enquiry.team);
    if (holder === undefined) throw new Error(`no caseworker in ${enquiry.team}`);
    await pipeline.caseworkers.putCaseworker({ ...holder, active: true });
    // A caseworker holds it (caseload entry, claim timer) and starts the assessment clock.
    await pipeline.enquiries.modify(enquiry.id, (current) => applyClaim(current, holder.id, claimedAt));
    await startStatutoryProcess(
      { enquiries: pipeline.enquiries, config, caseworkers: pipeline.caseworkers, statutory },
      {
        principal: {
          username: holder.id,
          sub: holder.id,
          name: null,
          roles: new Set(['caseworker']),
          teams: [enquiry.team],
          email: null,
        },
        caseworker: null,
        now: claimedAt,
        requestId: 'req-retention',
      },
      enquiry.id,
      { process: 'ehc-assessment' },
    );
    // A duty alert still waiting to go out (the mail service was down when the router decided it),
    // written with an enquiry change as the router and the duty sweep write them.
    const notice: DutyAlertNotice = {
      enquiryId: enquiry.id,
      concern: 9,
      step: 0,
      list: DUTY_LISTS[0],
      recipient: 'duty.lead@kent.example.gov.uk',
      recipientName: 'Duty safeguarding lead',
      categories: enquiry.safeguarding.categories,
      priority: 'urgent',
      team: enquiry.team,
      raisedAt: claimedAt,
      sentAt: claimedAt,
      nextAlertAt: new Date(Date.parse(claimedAt) + 3_600_000).toISOString(),
      nextRecipientName: 'Deputy safeguarding lead',
    };
    await pipeline.enquiries.modify(
      enquiry.id,
      (current) => ({ enquiry: { ...current, updatedAt: claimedAt }, events: [] }),
      { alsoPut: () => dutyAlertItems(notice) },
    );
    // Months pass without an answer: escalation steps and statutory alerts are recorded; the
    // mail service is down, so their notices wait in the outbox.
    const later = new Date(Date.parse(enquiry.receivedAt) + 120 * 86_400_000).toISOString();
    await runEscalationSweep(
      {
        config,
        enquiries: pipeline.enquiries,
        store: new DynamoEscalationStore(pipeline.documents, pipeline.tableName),
        caseworkers: tableCaseworkerDirectory(pipeline.caseworkers, config),
        mailer: failingMailer,
        clock: () => new Date(),
        timeouts: FUNCTION_TIMEOUTS,
        sweepId: 'retention-sweep-test',
        statutory,
      },
      later,
    );
    const resolvedAt = new Date(Date.parse(later) + 86_400_000).toISOString();
    await pipeline.enquiries.modify(enquiry.id, (current) =>
      applyResolve(current, resolvedAt, holder.id, policy),
    );

    // What the enquiry has now, by kind: in its partition and pointed at from it.
    const before = await partition(enquiry.id);
    const inPartition = new Set(before.map((entry) => String(entry.kind)));
    const outside = new Set<string>();
    for (const reference of before.filter((entry) => entry.kind === 'back-reference')) {
      const target = await item(String(reference.refPK), String(reference.refSK));
      if (target !== undefined) outside.add(String(target.kind));
    }
    expect([...inPartition].sort()).toEqual(
      expect.arrayContaining([
        'back-reference',
        'contact',
        'enquiry',
        'event',
        'search-key',
        'statutory-process',
      ]),
    );
    expect([...outside].sort()).toEqual(
      expect.arrayContaining([
        'claim-timer',
        'escalation-log',
        'escalation-notice',
        'intake-marker',
        'message-pointer',
      ]),
    );
    const statutoryNotices = (await itemsNaming(enquiry.id)).filter(
      (entry) => entry.kind === 'escalation-notice' && String(entry.stepId).startsWith('statutory'),
    );
    expect(statutoryNotices.length).toBeGreaterThan(0);
    const indexPartitions: [string, string, string][] = [
      [INDEXES.queue.indexName, 'GSI1PK', `CASELOAD#${holder.id}`],
      [INDEXES.queue.indexName, 'GSI1PK', `QUEUE#${enquiry.team}`],
      [INDEXES.queue.indexName, 'GSI1PK', `STATTEAM#${enquiry.team}`],
      [INDEXES.byEmail.indexName, 'GSI3PK', `EMAIL#${enquiry.requester.email}`],
      [INDEXES.byDay.indexName, 'GSI5PK', `DAY#${enquiry.receivedAt.slice(0, 10)}`],
      [INDEXES.byDay.indexName, 'GSI5PK', `STATMONTH#${enquiry.receivedAt.slice(0, 7)}`],
      [INDEXES.find.indexName, 'GSI6PK', `FIND#EMAIL#${enquiry.requester.email}`],
      [INDEXES.retention.indexName, 'GSI7PK', 'RETAIN'],
    ];
    expect(await indexesHolding(enquiry.id, indexPartitions)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DAY#'),
        expect.stringContaining('STATTEAM#'),
        expect.stringContaining('STATMONTH#'),
        expect.stringContaining('FIND#EMAIL#'),
        expect.stringContaining('RETAIN'),
      ]),
    );

    const due = new Date(Date.parse(resolvedAt) + (config.retention.afterResolutionDays + 1) * 86_400_000);
    const run = await sweep()({ time: due.toISOString() }, LONG_ENOUGH);

    expect(run.purged).toBeGreaterThanOrEqual(1);
    // Nothing in the table names it any more: not in its partition, not outside, not in any index.
    expect(await itemsNaming(enquiry.id)).toEqual([]);
    expect(await indexesHolding(enquiry.id, indexPartitions)).toEqual([]);
    expect(await item(`MSGID#${messageId}`, 'MSGID')).toBeUndefined();
    // Nor in S3: its raw mail and the "already queued" markers.
    for (const key of keys) expect(await pipeline.exists(key), key).toBe(false);
    expect(await pipeline.exists(sentMarkerKey(`email:${messageId}`))).toBe(false);
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
