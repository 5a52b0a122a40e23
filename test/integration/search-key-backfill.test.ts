/**
 * `send-hub search-keys backfill` against DynamoDB Local: enquiries stored before search keys
 * existed (written as the repository wrote them then: the enquiry item and its index keys, none of
 * the people fields, no FIND# items) become findable; a dry run writes nothing; a second run
 * writes nothing; reads go through the received-per-day index, never a Scan; numbers stored as
 * typed (`07700 900411`) are stored in E.164; and a change made while the backfill runs is never
 * overwritten with older keys.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { registerSearchKeysCommand } from '../../cli/commands/search-keys';
import { type AwsCall, dynamoDocumentClient, onAwsCall } from '../../shared/adapters/aws-clients';
import { enquiryKey, indexKeysFor } from '../../shared/adapters/dynamo-keys';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoRetentionStore } from '../../shared/adapters/retention-store';
import { exactPartition } from '../../shared/adapters/search-keys';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { applyDetails, applyResolve, type Enquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { testContact } from '../support/enquiry-fixtures';
import { buildOpenEnquiry, freshTable, seedOpenEnquiry } from '../support/escalation-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
const config = defaultHubConfig();
let table = '';
let repository: EnquiryRepository;

/** The enquiry item as the repository stored it before issue 15: no people fields, no search keys. */
async function storeAsBefore(enquiry: Enquiry): Promise<void> {
  const { child, childId, childLink, knownEmails, knownPhones, chaserRepliedOn, pickedUpNotifiedAt, ...old } =
    enquiry;
  await documents.send(
    new PutCommand({
      TableName: table,
      Item: { ...old, ...enquiryKey(enquiry.id), ...indexKeysFor(enquiry), kind: 'enquiry' },
    }),
  );
}

function oldEnquiry(receivedAt: string, requester: Enquiry['requester']): Enquiry {
  return { ...buildOpenEnquiry(config, { receivedAt, team: 'east' }), requester };
}

/** Runs `send-hub search-keys ...` in this process and returns what it printed and the AWS calls it made. */
async function sendHub(...args: string[]): Promise<{ printed: string; calls: AwsCall[] }> {
  const program = new Command().exitOverride();
  registerSearchKeysCommand(program);
  let printed = '';
  const calls: AwsCall[] = [];
  const stop = onAwsCall((call) => calls.push(call));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(
      ['search-keys', ...args, '--endpoint-dynamodb', dynamoEndpoint, '--table', table],
      { from: 'user' },
    );
  } finally {
    write.mockRestore();
    stop();
  }
  return { printed, calls };
}

const ann = oldEnquiry('2026-11-23T09:00:00.000Z', {
  name: 'Ann Archer',
  email: 'ann.archer@example.org',
  phone: null,
});
const ben = oldEnquiry('2026-11-24T10:30:00.000Z', {
  name: 'Ben Bowman',
  email: null,
  phone: '07700 900411',
});
const cat = oldEnquiry('2026-11-24T23:59:00.000Z', {
  name: 'Cat Cooper',
  email: 'Cat.Cooper@Example.org',
  phone: '+44 7700 900412',
});
/** Outside the days backfilled: stays without keys. */
const dan = oldEnquiry('2026-11-10T12:00:00.000Z', {
  name: 'Dan Dale',
  email: 'dan.dale@example.org',
  phone: null,
});

/** The days backfilled in these tests (Dan's enquiry falls outside them). */
const DAYS = ['--from', '2026-11-20', '--to', '2026-11-25'];

async function idsFor(partition: string): Promise<string[]> {
  return repository.findIdsByKey(partition);
}

beforeAll(async () => {
  table = await freshTable(dynamoEndpoint, 'backfill');
  repository = new EnquiryRepository(documents, table);
  for (const enquiry of [ann, ben, cat, dan]) await storeAsBefore(enquiry);
  // One stored by today's repository: its keys are already there.
  await seedOpenEnquiry(repository, config, { receivedAt: '2026-11-25T11:00:00.000Z', team: 'east' });
});

describe('send-hub search-keys backfill', () => {
  it('finds nothing for enquiries stored before search keys, and a dry run changes that for none', async () => {
    expect(await idsFor(exactPartition('email', 'ann.archer@example.org'))).toEqual([]);
    const { printed, calls } = await sendHub('backfill', ...DAYS, '--dry-run');
    expect(printed).toContain('dry run: nothing written');
    expect(printed).toMatch(/Enquiries read: +4/);
    expect(printed).toMatch(/Would be updated: +3 \(/);
    expect(printed).toMatch(/Already current: +1/);
    expect(printed).toMatch(/Phones made E\.164: +2 /);
    expect(calls.some((call) => call.command === 'TransactWriteItemsCommand')).toBe(false);
    expect(await idsFor(exactPartition('email', 'ann.archer@example.org'))).toEqual([]);
  });

  it('writes the keys of the days asked for, reading through an index and never scanning', async () => {
    const { printed, calls } = await sendHub('backfill', ...DAYS, '--json');
    const summary = JSON.parse(printed);
    expect(summary).toMatchObject({
      enquiries: 4,
      updated: 3,
      current: 1,
      keysDeleted: 0,
      phonesNormalised: 2,
      dryRun: false,
    });
    expect(summary.keysPut).toBeGreaterThan(3 * 3);
    const commands = new Set(calls.map((call) => call.command));
    expect(commands.has('ScanCommand')).toBe(false);
    expect(commands.has('QueryCommand')).toBe(true);

    expect(await idsFor(exactPartition('email', 'ann.archer@example.org'))).toEqual([ann.id]);
    expect(await idsFor(exactPartition('phone', '+447700900411'))).toEqual([ben.id]);
    expect(await idsFor(exactPartition('email', 'cat.cooper@example.org'))).toEqual([cat.id]);
    expect(await idsFor(exactPartition('phone', '+447700900412'))).toEqual([cat.id]);
    expect(await repository.findIdsByNameWord('bowman')).toEqual([ben.id]);
    // Numbers stored as typed before they were normalised are stored in E.164 now, at a new version,
    // and the phone index finds the open enquiry by the number a call gives.
    const stored = await repository.requireEnquiry(ben.id);
    expect(stored.requester.phone).toBe('+447700900411');
    expect(stored.version).toBe(ben.version + 1);
    expect((await repository.requireEnquiry(cat.id)).requester.phone).toBe('+447700900412');
    expect((await repository.findOpenByPhone('+447700900411')).map((e) => e.id)).toEqual([ben.id]);
    // A day outside --from/--to is left alone.
    expect(await idsFor(exactPartition('email', 'dan.dale@example.org'))).toEqual([]);
  });

  it('writes nothing the second time', async () => {
    const { printed, calls } = await sendHub('backfill', ...DAYS, '--json');
    expect(JSON.parse(printed)).toMatchObject({
      enquiries: 4,
      updated: 0,
      current: 4,
      keysPut: 0,
      phonesNormalised: 0,
    });
    expect(calls.some((call) => call.command === 'TransactWriteItemsCommand')).toBe(false);
  });

  it('never puts back keys a change made meanwhile took away', async () => {
    // The backfill read Cat's enquiry; then a caseworker corrected the child and added a number.
    const seen = await repository.requireEnquiry(cat.id);
    await repository.modify(cat.id, (current) =>
      applyDetails(
        current,
        { phones: ['+447700900499'], correctChild: { name: 'Sky Cooper' } },
        '2026-11-26T09:00:00Z',
        'cw',
      ),
    );
    const result = await repository.refreshSearchKeys(
      { ...seen, child: { ...seen.child, name: 'Old Name' } },
      false,
    );
    expect(result.outcome).toBe('changed');
    expect(await repository.findIdsByNameWord('old')).toEqual([]);
    expect(await repository.findIdsByNameWord('sky')).toEqual([cat.id]);
    expect(await idsFor(exactPartition('phone', '+447700900499'))).toEqual([cat.id]);
  });

  it('names a bad date', async () => {
    await expect(sendHub('backfill', '--from', '2026-13-01')).rejects.toThrow(
      /--from: from must be a date like/,
    );
  });
});

describe('send-hub search-keys backfill and the retention index (GSI7)', () => {
  /** Resolved on 2025-03-04, stored as the repository wrote enquiries before the retention index existed. */
  const resolvedBefore = (() => {
    const open = oldEnquiry('2025-03-03T09:00:00.000Z', {
      name: 'Eve Ellis',
      email: 'eve.ellis@example.org',
      phone: null,
    });
    return applyResolve(open, '2025-03-04T15:00:00.000Z', 'cw-east-1', hubServiceLevels(config)).enquiry;
  })();
  const DAY = ['--from', '2025-03-03', '--to', '2025-03-03'];
  const cutoffAfterPeriod = new Date(
    Date.parse('2025-03-04T15:00:00.000Z') + (config.retention.afterResolutionDays + 1) * 86_400_000,
  ).toISOString();

  it('gives an enquiry resolved before GSI7 existed its retention entry and TTL, once, so the sweep finds it', async () => {
    const { GSI7PK, GSI7SK, ...withoutRetention } = indexKeysFor(resolvedBefore);
    expect(GSI7PK).toBe('RETAIN');
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...resolvedBefore, ...enquiryKey(resolvedBefore.id), ...withoutRetention, kind: 'enquiry' },
      }),
    );
    const sweepStore = new DynamoRetentionStore(documents, table);
    // What the retention sweep reads: nothing, however old the enquiry.
    expect(await sweepStore.resolvedBefore(cutoffAfterPeriod, 10)).not.toContain(resolvedBefore.id);

    const dry = JSON.parse((await sendHub('backfill', ...DAY, '--dry-run', '--json')).printed);
    expect(dry).toMatchObject({ enquiries: 1, updated: 1, indexesFixed: 1 });
    expect(await sweepStore.resolvedBefore(cutoffAfterPeriod, 10)).not.toContain(resolvedBefore.id);

    const { printed, calls } = await sendHub('backfill', ...DAY, '--json');
    expect(JSON.parse(printed)).toMatchObject({ enquiries: 1, updated: 1, indexesFixed: 1 });
    expect(calls.some((call) => call.command === 'ScanCommand')).toBe(false);
    expect(await sweepStore.resolvedBefore(cutoffAfterPeriod, 10)).toContain(resolvedBefore.id);
    const stored = (
      await documents.send(
        new GetCommand({ TableName: table, Key: enquiryKey(resolvedBefore.id), ConsistentRead: true }),
      )
    ).Item;
    const { afterResolutionDays, ttlGraceDays } = config.retention;
    expect(stored).toMatchObject({
      GSI7SK: GSI7SK,
      // Derived attributes only: the enquiry's version is untouched, so no writer is disturbed.
      version: resolvedBefore.version,
      expiresAt:
        Date.parse('2025-03-04T15:00:00.000Z') / 1000 + (afterResolutionDays + ttlGraceDays) * 86_400,
    });

    const again = JSON.parse((await sendHub('backfill', ...DAY, '--json')).printed);
    expect(again).toMatchObject({ enquiries: 1, updated: 0, current: 1, indexesFixed: 0 });
  });

  it('leaves the enquiry alone when it changed after it was read', async () => {
    const seen = await repository.requireEnquiry(resolvedBefore.id);
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: enquiryKey(resolvedBefore.id),
        UpdateExpression: 'SET #version = :next REMOVE GSI7PK, GSI7SK',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':next': seen.version + 1 },
      }),
    );
    expect((await repository.refreshSearchKeys(seen, false)).outcome).toBe('changed');
    const stored = (
      await documents.send(
        new GetCommand({ TableName: table, Key: enquiryKey(resolvedBefore.id), ConsistentRead: true }),
      )
    ).Item;
    expect(stored?.GSI7PK).toBeUndefined();
  });
});

describe('send-hub search-keys backfill and the child-record index (GSI8)', () => {
  /** Linked to a child record before GSI8 existed: the record was a `FIND#CHILD#` search-key item. */
  const linkedBefore: Enquiry = {
    ...oldEnquiry('2025-06-02T09:00:00.000Z', {
      name: 'Fay Ford',
      email: 'fay.ford@example.org',
      phone: null,
    }),
    childId: 'CH-7K3M9Q',
  };
  const DAY = ['--from', '2025-06-02', '--to', '2025-06-02'];

  async function childKeyItems(enquiryId: string): Promise<unknown[]> {
    const item = await documents.send(
      new GetCommand({
        TableName: table,
        Key: { PK: enquiryKey(enquiryId).PK, SK: `FIND#CHILD#${linkedBefore.childId}` },
        ConsistentRead: true,
      }),
    );
    return item.Item === undefined ? [] : [item.Item];
  }

  it('finds the record through the old search key until the backfill moves it onto the enquiry item', async () => {
    const { GSI8PK, GSI8SK, ...withoutChildIndex } = indexKeysFor(linkedBefore);
    expect(GSI8PK).toBe('CHILD#CH-7K3M9Q');
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...linkedBefore, ...enquiryKey(linkedBefore.id), ...withoutChildIndex, kind: 'enquiry' },
      }),
    );
    const sort = `${linkedBefore.receivedAt}#${linkedBefore.id}`;
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          PK: enquiryKey(linkedBefore.id).PK,
          SK: `FIND#CHILD#${linkedBefore.childId}`,
          kind: 'search-key',
          term: 'child',
          enquiryId: linkedBefore.id,
          GSI6PK: `FIND#CHILD#${linkedBefore.childId}`,
          GSI6SK: sort,
        },
      }),
    );
    // A later enquiry about the same child, stored by today's repository (GSI8 only).
    const enquiry = {
      ...buildOpenEnquiry(config, { receivedAt: '2025-07-01T10:00:00.000Z', team: 'east' }),
      childId: linkedBefore.childId,
    };
    const intakeId = `email:${enquiry.id}@seed.example.org`;
    const later = await repository.createEnquiry({
      enquiry,
      events: [],
      contact: testContact(enquiry, { intakeId }),
      intakeId,
    });
    expect(await repository.findIdsOfChild('CH-7K3M9Q')).toEqual([later.id, linkedBefore.id]);

    const { printed } = await sendHub('backfill', ...DAY, '--json');
    expect(JSON.parse(printed)).toMatchObject({ enquiries: 1, updated: 1, indexesFixed: 1 });
    const stored = (
      await documents.send(
        new GetCommand({ TableName: table, Key: enquiryKey(linkedBefore.id), ConsistentRead: true }),
      )
    ).Item;
    expect(stored).toMatchObject({ GSI8PK, GSI8SK, version: linkedBefore.version });
    expect(await childKeyItems(linkedBefore.id)).toEqual([]);
    // Now through GSI8 alone, once each, newest first.
    expect(await repository.findIdsOfChild('CH-7K3M9Q')).toEqual([later.id, linkedBefore.id]);
    expect(JSON.parse((await sendHub('backfill', ...DAY, '--json')).printed)).toMatchObject({ updated: 0 });
  });
});

describe('postcode keys: one per enquiry for its postcode and its outward code', () => {
  /** Stored before one key served both: a `FIND#POSTCODE#` and a `FIND#OUTWARD#` search-key item. */
  const before: Enquiry = {
    ...oldEnquiry('2025-09-01T09:00:00.000Z', {
      name: 'Gil Grey',
      email: 'gil.grey@example.org',
      phone: null,
    }),
    child: { name: 'Hal Grey', dateOfBirth: null, school: null, postcode: 'ME15 6AA' },
  };
  const DAY = ['--from', '2025-09-01', '--to', '2025-09-01'];

  async function putLegacyKey(partition: string): Promise<void> {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          PK: enquiryKey(before.id).PK,
          SK: partition,
          kind: 'search-key',
          enquiryId: before.id,
          GSI6PK: partition,
          GSI6SK: `${before.receivedAt}#${before.id}`,
        },
      }),
    );
  }

  async function storedKeys(enquiryId: string): Promise<string[]> {
    const keys: string[] = [];
    for (const sk of ['FIND#POSTCODE#ME156AA', 'FIND#OUTWARD#ME15']) {
      const found = await documents.send(
        new GetCommand({
          TableName: table,
          Key: { PK: enquiryKey(enquiryId).PK, SK: sk },
          ConsistentRead: true,
        }),
      );
      if (found.Item !== undefined) keys.push(`${sk} -> ${String(found.Item.GSI6PK)}`);
    }
    return keys;
  }

  it('finds the newest of an outward code across its postcodes, and old keys until the backfill replaces them', async () => {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...before, ...enquiryKey(before.id), ...indexKeysFor(before), kind: 'enquiry' },
      }),
    );
    await putLegacyKey('FIND#POSTCODE#ME156AA');
    await putLegacyKey('FIND#OUTWARD#ME15');
    // Stored by today's repository: one key each, in ME15's partition under the inward code.
    const stored: Enquiry[] = [];
    for (const [receivedAt, postcode] of [
      ['2025-09-02T09:00:00.000Z', 'ME15 6AA'],
      ['2025-09-03T09:00:00.000Z', 'ME15 9ZZ'],
      ['2025-09-04T09:00:00.000Z', 'ME15 1AB'],
    ] as const) {
      const built = buildOpenEnquiry(config, { receivedAt, team: 'east' });
      const enquiry = { ...built, child: { ...built.child, postcode } };
      const intakeId = `email:${enquiry.id}@seed.example.org`;
      stored.push(
        await repository.createEnquiry({
          enquiry,
          events: [],
          contact: testContact(enquiry, { intakeId }),
          intakeId,
        }),
      );
    }
    const [second, third, fourth] = stored.map((enquiry) => enquiry.id);
    expect(await repository.findIdsByFact('postcode', 'ME156AA')).toEqual([second, before.id]);
    expect(await repository.findIdsByFact('outward-code', 'ME15')).toEqual([
      fourth,
      third,
      second,
      before.id,
    ]);
    // The newest, whatever their postcodes' order in the partition.
    expect(await repository.findIdsByFact('outward-code', 'ME15', 2)).toEqual([fourth, third]);
    expect(await repository.findIdsByFact('postcode', 'ME159ZZ')).toEqual([third]);

    const { printed } = await sendHub('backfill', ...DAY, '--json');
    expect(JSON.parse(printed)).toMatchObject({ enquiries: 1, updated: 1 });
    // The postcode's item now sits in ME15's partition; the outward code's is gone.
    expect(await storedKeys(before.id)).toEqual(['FIND#POSTCODE#ME156AA -> FIND#PC#ME15']);
    expect(await repository.findIdsByFact('postcode', 'ME156AA')).toEqual([second, before.id]);
    expect(await repository.findIdsByFact('outward-code', 'ME15')).toEqual([
      fourth,
      third,
      second,
      before.id,
    ]);
  });
});
