import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { dynamoDocumentClient, onAwsCall } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { ensureTable } from '../../shared/adapters/create-table';
import { awaitShard } from '../../shared/adapters/dynamo-keys';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { searchKeyItems } from '../../shared/adapters/search-keys';
import {
  applyAcknowledged,
  applyContact,
  applyEscalation,
  applyNote,
  applyResolve,
  applyResponse,
  type Enquiry,
  ReportedEnquiry,
} from '../../shared/domain/enquiry';
import {
  AlreadyClaimedError,
  CaseloadFullError,
  DuplicateIntakeError,
  InvalidCursorError,
  NotAssigneeError,
  ReferenceTakenError,
  VersionConflictError,
} from '../../shared/domain/errors';
import { NO_SAFEGUARDING_CONCERN } from '../../shared/domain/taxonomy';
import { applyTriageCorrection } from '../../shared/domain/triage-correction';
import {
  openTestEnquiry,
  plusMinutes,
  testContact,
  testReference,
  wallClockPolicy,
} from '../support/enquiry-fixtures';

const endpoint = inject('dynamoEndpoint');
const tableName = `enquiry-repo-${process.pid}-${Date.now()}`;
const documentClient = dynamoDocumentClient({ endpoint });
const enquiries = new EnquiryRepository(documentClient, tableName);
const caseworkers = new CaseworkerRepository(documentClient, tableName);

let intakeCounter = 0;
function newIntakeId(): string {
  intakeCounter += 1;
  return `email:test-${process.pid}-${intakeCounter}@example.org`;
}

/** Stores a fresh enquiry built by the fixtures; returns what was stored. */
async function seedEnquiry(overrides: Parameters<typeof openTestEnquiry>[0] = {}): Promise<Enquiry> {
  const { enquiry, events } = openTestEnquiry(overrides);
  const intakeId = newIntakeId();
  return enquiries.createEnquiry({
    enquiry,
    events,
    contact: testContact(enquiry, { intakeId }),
    intakeId,
    messageIds: [`<${intakeId.slice(6)}>`],
  });
}

async function seedCaseworker(id: string, cap: number, team = 'east') {
  return caseworkers.putCaseworker({
    id,
    name: `Caseworker ${id}`,
    email: `${id}@kent.example.gov.uk`,
    team,
    topics: [],
    cap,
    active: true,
  });
}

/** Every item under an enquiry's partition, read straight from the table. */
async function rawItemCount(pk: string): Promise<number> {
  const raw = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const result = await raw.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      Select: 'COUNT',
    }),
  );
  return result.Count ?? 0;
}

async function allQueued(team: string): Promise<Enquiry[]> {
  const all: Enquiry[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof enquiries.listTeamQueue>> = await enquiries.listTeamQueue(team, {
      limit: 2,
      cursor,
    });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return all;
}

beforeAll(async () => {
  await ensureTable(
    new DynamoDBClient({
      endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName,
  );
});

describe('creating and reading enquiries', () => {
  it('reads back what was created and lists contacts and events in time order', async () => {
    const stored = await seedEnquiry();
    const later = plusMinutes(stored.receivedAt, 90);
    const noted = applyNote(stored, later, 'cw-1', 'Called school to check');
    await enquiries.update({ before: stored, after: noted.enquiry, events: noted.events });

    expect(await enquiries.getEnquiry(stored.id)).toEqual({ ...noted.enquiry, version: 2 });
    const timeline = await enquiries.getTimeline(stored.id);
    expect(timeline.map((entry) => (entry.kind === 'event' ? entry.event.type : 'contact'))).toEqual([
      'contact',
      'received',
      'note',
    ]);
    const instants = timeline.map((entry) => Date.parse(entry.at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('finds the enquiry a reply refers to by Message-ID, whatever the angle brackets', async () => {
    const stored = await seedEnquiry();
    const [contact] = (await enquiries.getTimeline(stored.id)).flatMap((entry) =>
      entry.kind === 'contact' ? [entry.contact] : [],
    );
    const ownId = contact?.intakeId?.slice(6) ?? '';
    const matches = await enquiries.findByMessageIds(['<unknown@example.org>', ownId, `<${ownId}>`]);
    expect(matches).toEqual([{ messageId: ownId, enquiryId: stored.id }]);
  });

  it('rejects a redelivered intake and writes nothing for it', async () => {
    const first = openTestEnquiry();
    const intakeId = newIntakeId();
    await enquiries.createEnquiry({
      enquiry: first.enquiry,
      events: first.events,
      contact: testContact(first.enquiry, { intakeId }),
      intakeId,
    });
    const again = openTestEnquiry();

    const attempt = enquiries.createEnquiry({
      enquiry: again.enquiry,
      events: again.events,
      contact: testContact(again.enquiry, { intakeId }),
      intakeId,
      messageIds: ['<redelivered@example.org>'],
    });

    await expect(attempt).rejects.toThrow(DuplicateIntakeError);
    await expect(attempt).rejects.toMatchObject({ enquiryId: first.enquiry.id });
    expect(await rawItemCount(`ENQ#${again.enquiry.id}`)).toBe(0);
    expect(await enquiries.findByMessageIds(['redelivered@example.org'])).toEqual([]);
    expect(await enquiries.findIntake(intakeId)).toBe(first.enquiry.id);
  });

  it('reports a reference collision so the caller can draw another, without recording the intake', async () => {
    const stored = await seedEnquiry();
    const clash = openTestEnquiry({ id: stored.id });
    const intakeId = newIntakeId();

    await expect(
      enquiries.createEnquiry({
        enquiry: clash.enquiry,
        events: clash.events,
        contact: testContact(clash.enquiry, { intakeId }),
        intakeId,
      }),
    ).rejects.toThrow(ReferenceTakenError);
    expect(await enquiries.findIntake(intakeId)).toBeNull();
    expect(await enquiries.getEnquiry(stored.id)).toEqual(stored);
  });

  it('records a further contact once even when the intake is delivered twice', async () => {
    const stored = await seedEnquiry();
    const intakeId = newIntakeId();
    const contact = testContact(stored, { intakeId, at: plusMinutes(stored.receivedAt, 60) });
    const change = applyContact(
      stored,
      { at: contact.at, channel: 'email', automated: false, contactId: contact.id },
      'router',
      wallClockPolicy,
    );

    const saved = await enquiries.appendContact({
      before: stored,
      after: change.enquiry,
      events: change.events,
      contact,
      intakeId,
    });
    const redelivery = enquiries.appendContact({
      before: saved,
      after: { ...change.enquiry },
      events: change.events,
      contact,
      intakeId,
    });

    await expect(redelivery).rejects.toThrow(DuplicateIntakeError);
    expect((await enquiries.requireEnquiry(stored.id)).contactCount).toBe(2);
    const contacts = (await enquiries.getTimeline(stored.id)).filter((entry) => entry.kind === 'contact');
    expect(contacts).toHaveLength(2);
  });

  it('keeps a new enquiry’s search keys and back-reference out of its transaction, and its follow-up writes only what is missing', async () => {
    const { enquiry, events } = openTestEnquiry({ receivedAt: '2026-11-23T09:14:00.000Z' });
    const intakeId = newIntakeId();
    const own = `<own-${enquiry.id}@mail.example.org>`;
    const ack = `<ack-${enquiry.id}@hub.example.org>`;
    const writes: string[] = [];
    const stop = onAwsCall((call) => {
      if (call.service === 'dynamodb') writes.push(call.command);
    });
    let stored: Enquiry;
    try {
      stored = await enquiries.createEnquiry({
        enquiry,
        events,
        contact: testContact(enquiry, { intakeId }),
        intakeId,
        messageIds: [own],
        followUpByCaller: true,
      });
    } finally {
      stop();
    }
    expect(writes).toEqual(['TransactWriteItemsCommand']);
    expect(await enquiries.getEnquiry(stored.id)).toEqual(stored);
    expect((await enquiries.findByMessageIds([own, ack])).map((match) => match.messageId)).toEqual([
      own.slice(1, -1),
    ]);

    const followUp = { enquiry: stored, intakeId, messageIds: [own], laterMessageIds: [ack] };
    // Every search key, the acknowledgement's pointer and one back-reference were missing.
    expect(await enquiries.repairCreation(followUp)).toBe(searchKeyItems(stored).length + 2);
    expect(await enquiries.repairCreation(followUp)).toBe(0);
    await enquiries.completeCreation(followUp);
    expect(await enquiries.repairCreation(followUp)).toBe(0);
    expect((await enquiries.findByMessageIds([own, ack])).map((match) => match.enquiryId)).toEqual([
      stored.id,
      stored.id,
    ]);
    await vi.waitFor(async () =>
      expect(await enquiries.findIdsByFact('email', 'jo.bloggs@example.org', 500)).toContain(stored.id),
    );
  });

  it('refuses a change made from a stale read', async () => {
    const stored = await seedEnquiry();
    const first = applyNote(stored, plusMinutes(stored.receivedAt, 5), 'cw-1', 'first');
    await enquiries.update({ before: stored, after: first.enquiry, events: first.events });
    const stale = applyNote(stored, plusMinutes(stored.receivedAt, 6), 'cw-2', 'second');

    await expect(
      enquiries.update({ before: stored, after: stale.enquiry, events: stale.events }),
    ).rejects.toThrow(VersionConflictError);
    const notes = (await enquiries.getTimeline(stored.id)).filter(
      (e) => e.kind === 'event' && e.event.type === 'note',
    );
    expect(notes).toHaveLength(1);
  });
});

describe('the first reads of an intake and the acknowledgement in place', () => {
  it('reads the intake marker, a do-not-reply mark, reply pointers and named enquiries in one request', async () => {
    const stored = await seedEnquiry();
    const intakeId = newIntakeId();
    await enquiries.markDoNotReply('Bounced@Example.org', 'Bounce', '2026-11-23T09:00:00Z');
    const calls: string[] = [];
    const stop = onAwsCall((call) => calls.push(call.command));
    let lookup: Awaited<ReturnType<typeof enquiries.lookupIntake>>;
    try {
      lookup = await enquiries.lookupIntake({
        intakeId,
        doNotReply: 'bounced@example.org',
        messageIds: [
          '<nobody@example.org>',
          `${newIntakeId().slice(6)}`,
          `<test-${process.pid}-1@example.org>`,
        ],
        enquiryIds: [stored.id, 'SEND-ZZZZZZ'],
      });
    } finally {
      stop();
    }
    expect(calls).toEqual(['BatchGetItemCommand']);
    expect(lookup.recordedOn).toBeNull();
    expect(lookup.doNotReply).toEqual({ email: 'bounced@example.org', marked: true });
    expect(lookup.enquiries.map((enquiry) => enquiry.id)).toEqual([stored.id]);
    expect(lookup.messages.map((match) => match.messageId)).toEqual([`test-${process.pid}-1@example.org`]);
  });

  it('records an acknowledgement with one update that moves no index key, and its timeline beside it', async () => {
    const stored = await seedEnquiry();
    const at = plusMinutes(stored.createdAt, 1);
    const transition = applyAcknowledged(stored, at, 'router', { messageId: '<ack@example.org>' });
    if (transition === null) throw new Error('not acknowledgeable');
    const contact = {
      ...testContact(stored, { intakeId: null }),
      id: 'acknowledgement',
      at,
      direction: 'outbound' as const,
    };
    const calls: string[] = [];
    const stop = onAwsCall((call) => calls.push(call.command));
    let recorded: Enquiry | null;
    try {
      recorded = await enquiries.recordAcknowledgement({
        before: stored,
        after: transition.enquiry,
        events: transition.events,
        contacts: [contact],
      });
    } finally {
      stop();
    }
    expect(calls.sort()).toEqual(['BatchWriteItemCommand', 'UpdateItemCommand']);
    expect(recorded?.version).toBe(stored.version + 1);
    const read = await enquiries.getEnquiry(stored.id);
    expect(read).toEqual(recorded);
    expect(read?.acknowledgedAt).toBe(at);
    const timeline = await enquiries.getTimeline(stored.id);
    expect(
      timeline.filter((entry) => entry.kind === 'event' && entry.event.type === 'acknowledged'),
    ).toHaveLength(1);
    expect(
      timeline.filter((entry) => entry.kind === 'contact' && entry.contact.id === 'acknowledgement'),
    ).toHaveLength(1);
    // Nothing to put back, and a stale second attempt changes nothing.
    expect(
      await enquiries.restoreTimelineEntries(read ?? stored, at, {
        events: transition.events,
        contacts: [contact],
      }),
    ).toBe(0);
    expect(
      await enquiries.recordAcknowledgement({
        before: stored,
        after: transition.enquiry,
        events: [],
        contacts: [],
      }),
    ).toBeNull();
  });

  it('refuses to record in place a change that would move an index key', async () => {
    const stored = await seedEnquiry();
    const resolved = applyResolve(stored, plusMinutes(stored.createdAt, 5), 'cw-1', wallClockPolicy);
    await expect(
      enquiries.recordAcknowledgement({ before: stored, after: resolved.enquiry, events: [], contacts: [] }),
    ).rejects.toThrow(/cannot be recorded in place/);
  });

  it('puts back the timeline entries of an acknowledgement whose update was stored without them', async () => {
    const stored = await seedEnquiry();
    const at = plusMinutes(stored.createdAt, 2);
    const transition = applyAcknowledged(stored, at, 'router');
    if (transition === null) throw new Error('not acknowledgeable');
    const after = await enquiries.update({ before: stored, after: transition.enquiry, events: [] });
    const contact = {
      ...testContact(stored, { intakeId: null }),
      id: 'acknowledgement',
      at,
      direction: 'outbound' as const,
    };

    expect(
      await enquiries.restoreTimelineEntries(after, at, { events: transition.events, contacts: [contact] }),
    ).toBe(2);
    expect(
      await enquiries.restoreTimelineEntries(after, at, { events: transition.events, contacts: [contact] }),
    ).toBe(0);
    const timeline = await enquiries.getTimeline(stored.id);
    expect(
      timeline.filter((entry) => entry.kind === 'contact' && entry.contact.id === 'acknowledgement'),
    ).toHaveLength(1);
  });
});

describe('claiming and assigning', () => {
  it('gives the claim to exactly one of 20 caseworkers claiming at once', async () => {
    const team = `claim-${testReference()}`;
    const stored = await seedEnquiry({ team });
    const ids = Array.from({ length: 20 }, (_, i) => `cw-claim-${stored.id}-${i}`);
    await Promise.all(ids.map((id) => seedCaseworker(id, 5, team)));

    const results = await Promise.allSettled(
      ids.map((id) => enquiries.claim(stored.id, id, plusMinutes(stored.receivedAt, 10))),
    );

    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    expect(losers.every((reason) => reason instanceof AlreadyClaimedError)).toBe(true);
    const holder = (await enquiries.requireEnquiry(stored.id)).assignee;
    const counts = await Promise.all(
      ids.map(async (id) => (await caseworkers.requireCaseworker(id)).openCount),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(counts[ids.indexOf(holder ?? '')]).toBe(1);
    expect((await allQueued(team)).map((e) => e.id)).not.toContain(stored.id);
  });

  it('never assigns a caseworker past their cap, however many assignments race', async () => {
    const team = `cap-${testReference()}`;
    const caseworkerId = `cw-cap-${team}`;
    await seedCaseworker(caseworkerId, 10, team);
    const batch = await Promise.all(Array.from({ length: 30 }, () => seedEnquiry({ team })));

    const results = await Promise.allSettled(
      batch.map((enquiry) =>
        enquiries.assign(enquiry.id, caseworkerId, plusMinutes(enquiry.receivedAt, 2), 'router'),
      ),
    );

    const assigned = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(assigned).toHaveLength(10);
    expect(refused.every((reason) => reason instanceof CaseloadFullError)).toBe(true);
    expect((await caseworkers.requireCaseworker(caseworkerId)).openCount).toBe(10);
    expect((await enquiries.listCaseload(caseworkerId, { limit: 50 })).items).toHaveLength(10);
    expect(await allQueued(team)).toHaveLength(20);
  });

  it('creates an enquiry already assigned only while the caseworker has room', async () => {
    const team = `auto-${testReference()}`;
    const caseworkerId = `cw-auto-${team}`;
    await seedCaseworker(caseworkerId, 1, team);
    const first = openTestEnquiry({ team });
    const second = openTestEnquiry({ team });
    const create = (transition: typeof first) => {
      const intakeId = newIntakeId();
      return enquiries.createEnquiry({
        enquiry: { ...transition.enquiry, assignee: caseworkerId, claimedAt: transition.enquiry.createdAt },
        events: transition.events,
        contact: testContact(transition.enquiry, { intakeId }),
        intakeId,
      });
    };

    await create(first);
    await expect(create(second)).rejects.toThrow(CaseloadFullError);

    expect(await enquiries.getEnquiry(second.enquiry.id)).toBeNull();
    expect((await caseworkers.requireCaseworker(caseworkerId)).openCount).toBe(1);
    expect((await enquiries.listCaseload(caseworkerId)).items.map((e) => e.id)).toEqual([first.enquiry.id]);
  });

  it('moves the open count when a manager reassigns, and frees it when resolved', async () => {
    const team = `move-${testReference()}`;
    const [from, to] = [`cw-from-${team}`, `cw-to-${team}`];
    await Promise.all([seedCaseworker(from, 3, team), seedCaseworker(to, 3, team)]);
    const stored = await seedEnquiry({ team });
    await enquiries.claim(stored.id, from, plusMinutes(stored.receivedAt, 5));

    const moved = await enquiries.assign(stored.id, to, plusMinutes(stored.receivedAt, 6), 'manager-1');
    expect([
      (await caseworkers.requireCaseworker(from)).openCount,
      (await caseworkers.requireCaseworker(to)).openCount,
    ]).toEqual([0, 1]);

    const resolved = applyResolve(moved, plusMinutes(stored.receivedAt, 30), to, wallClockPolicy);
    await enquiries.update({ before: moved, after: resolved.enquiry, events: resolved.events });
    expect((await caseworkers.requireCaseworker(to)).openCount).toBe(0);
  });

  it('lets only the holder release an enquiry back to the queue', async () => {
    const team = `release-${testReference()}`;
    await Promise.all([seedCaseworker(`a-${team}`, 2, team), seedCaseworker(`b-${team}`, 2, team)]);
    const stored = await seedEnquiry({ team });
    await enquiries.claim(stored.id, `a-${team}`, plusMinutes(stored.receivedAt, 1));

    await expect(
      enquiries.release(stored.id, `b-${team}`, plusMinutes(stored.receivedAt, 2)),
    ).rejects.toThrow(NotAssigneeError);
    await enquiries.release(stored.id, `a-${team}`, plusMinutes(stored.receivedAt, 3));

    expect((await allQueued(team)).map((e) => e.id)).toEqual([stored.id]);
    expect((await caseworkers.requireCaseworker(`a-${team}`)).openCount).toBe(0);
  });
});

describe('queues and sparse indexes', () => {
  it('orders a team queue by priority, then by the soonest response due', async () => {
    const team = `order-${testReference()}`;
    const base = '2026-11-23T09:00:00.000Z';
    const normalEarly = await seedEnquiry({ team, receivedAt: plusMinutes(base, -5000) });
    const urgent = await seedEnquiry({
      team,
      receivedAt: base,
      triage: {
        topic: 'attendance',
        priority: 'urgent',
        role: 'parent',
        district: 'thanet',
        reasons: ['excluded'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
    });
    const highLate = await seedEnquiry({
      team,
      receivedAt: plusMinutes(base, 60),
      triage: {
        topic: 'complaint',
        priority: 'high',
        role: 'parent',
        district: 'thanet',
        reasons: ['complaint'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
    });
    const highEarly = await seedEnquiry({
      team,
      receivedAt: base,
      triage: {
        topic: 'complaint',
        priority: 'high',
        role: 'parent',
        district: 'thanet',
        reasons: ['complaint'],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
    });
    const normalLate = await seedEnquiry({ team, receivedAt: base });

    expect((await allQueued(team)).map((e) => e.id)).toEqual([
      urgent.id,
      highEarly.id,
      highLate.id,
      normalEarly.id,
      normalLate.id,
    ]);
  });

  it('puts every safeguarding concern first across the whole queue, pages included, and re-sorts on a correction', async () => {
    const team = `concern-${testReference()}`;
    const base = '2026-11-23T09:00:00.000Z';
    const urgentTriage = {
      topic: 'attendance' as const,
      priority: 'urgent' as const,
      role: 'parent' as const,
      district: 'thanet' as const,
      reasons: ['excluded'],
      safeguarding: NO_SAFEGUARDING_CONCERN,
    };
    // Three urgent enquiries due sooner than the concern: without the rank, it would be on page 2.
    const urgent = [];
    for (let i = 0; i < 3; i += 1) {
      urgent.push(await seedEnquiry({ team, receivedAt: plusMinutes(base, i), triage: urgentTriage }));
    }
    const concern = await seedEnquiry({
      team,
      receivedAt: plusMinutes(base, 120),
      triage: {
        ...urgentTriage,
        topic: 'general',
        safeguarding: { concern: true, categories: ['neglect'], reasons: ['neglect: "not fed"'] },
      },
    });
    const later = await seedEnquiry({ team, receivedAt: plusMinutes(base, 180), triage: urgentTriage });

    const firstPage = await enquiries.listTeamQueue(team, { limit: 2 });
    expect(firstPage.items[0]?.id).toBe(concern.id);
    expect((await allQueued(team)).map((e) => e.id)).toEqual([
      concern.id,
      ...urgent.map((e) => e.id),
      later.id,
    ]);

    // A person sets a concern on the last one: it moves up among the concerns, by due time.
    const { enquiry: flagged } = await enquiries.modify(later.id, (current) =>
      applyTriageCorrection(
        current,
        { safeguarding: { concern: true, categories: ['missing'] }, reason: 'ran off from school' },
        () => team,
        plusMinutes(base, 200),
        'cw-1',
        wallClockPolicy,
      ),
    );
    expect(flagged.safeguarding.concern).toBe(true);
    expect((await allQueued(team)).map((e) => e.id)).toEqual([
      concern.id,
      later.id,
      ...urgent.map((e) => e.id),
    ]);
  });

  it('takes a resolved enquiry out of the queue, the awaiting index and the by-email index', async () => {
    const team = `sparse-${testReference()}`;
    const email = `sparse-${team.toLowerCase()}@example.org`;
    const stored = await seedEnquiry({ team, requester: { name: null, email, phone: null } });
    const farFuture = '2030-01-01T00:00:00.000Z';
    const dueBefore = await collectDue(farFuture);
    expect(dueBefore).toContain(stored.id);
    expect((await enquiries.findOpenByEmail(email.toUpperCase())).map((e) => e.id)).toEqual([stored.id]);

    const resolved = applyResolve(stored, plusMinutes(stored.receivedAt, 30), 'cw-1', wallClockPolicy);
    await enquiries.update({ before: stored, after: resolved.enquiry, events: resolved.events });

    expect(await allQueued(team)).toEqual([]);
    expect(await collectDue(farFuture)).not.toContain(stored.id);
    expect(await enquiries.findOpenByEmail(email)).toEqual([]);
  });

  it('keeps an answered enquiry findable for threading but stops escalating it', async () => {
    const phone = `+4477009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    const stored = await seedEnquiry({ requester: { name: null, email: null, phone } });
    const answered = applyResponse(stored, plusMinutes(stored.receivedAt, 20), 'cw-1', wallClockPolicy);
    await enquiries.update({ before: stored, after: answered.enquiry, events: answered.events });

    expect((await enquiries.findOpenByPhone(phone)).map((e) => e.id)).toEqual([stored.id]);
    expect(await collectDue('2030-01-01T00:00:00.000Z')).not.toContain(stored.id);
  });

  it('lists for escalation only the enquiries whose next step is due', async () => {
    const receivedAt = '2026-05-04T09:00:00.000Z';
    const due = await seedEnquiry({ receivedAt });
    const notYet = await seedEnquiry({ receivedAt: plusMinutes(receivedAt, 60 * 24) });
    const now = plusMinutes(due.nextEscalationAt ?? receivedAt, 1);
    expect(Date.parse(notYet.nextEscalationAt ?? '')).toBeGreaterThan(Date.parse(now));

    const dueIds = await collectDue(now);

    expect(dueIds).toContain(due.id);
    expect(dueIds).not.toContain(notYet.id);
    const page = await enquiries.listDueForEscalation(now, { shard: awaitShard(due.id), limit: 100 });
    expect(page.items.every((e) => Date.parse(e.nextEscalationAt ?? '') <= Date.parse(now))).toBe(true);
  });

  it('reads only the due enquiries when looking for escalations, however many are waiting', async () => {
    const pastNow = '2019-06-01T00:00:00.000Z';
    const due = await Promise.all(
      [1, 2, 3].map((day) => seedEnquiry({ receivedAt: `2019-05-0${day}T09:00:00.000Z` })),
    );
    await Promise.all(
      Array.from({ length: 20 }, () => seedEnquiry({ receivedAt: '2019-07-01T09:00:00.000Z' })),
    );
    const scanned: number[] = [];
    const counting = dynamoDocumentClient({ endpoint });
    counting.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const output = result.output as { ScannedCount?: number };
        if (output.ScannedCount !== undefined) scanned.push(output.ScannedCount);
        return result;
      },
      { step: 'initialize' },
    );

    const ids: string[] = [];
    for await (const enquiry of new EnquiryRepository(counting, tableName).dueForEscalation(pastNow))
      ids.push(enquiry.id);

    expect(ids.sort()).toEqual(due.map((e) => e.id).sort());
    expect(scanned.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('moves an enquiry along the awaiting index as escalation steps are taken', async () => {
    const stored = await seedEnquiry({ receivedAt: '2026-06-01T09:00:00.000Z' });
    const warningAt = stored.warningAt ?? '';
    const step = applyEscalation(stored, 'warning', warningAt, stored.responseDueAt, 'escalator');
    if (step === null) throw new Error('expected a change');
    await enquiries.update({ before: stored, after: step.enquiry, events: step.events });

    expect(await collectDue(plusMinutes(warningAt, 1))).not.toContain(stored.id);
    expect(await collectDue(stored.responseDueAt)).toContain(stored.id);
  });

  it('writes an item that goes with a change only when the change itself is stored', async () => {
    const stored = await seedEnquiry();
    const step = applyEscalation(stored, 'warning', stored.warningAt ?? stored.receivedAt, null, 'escalator');
    if (step === null) throw new Error('expected a change');
    const notice = (tag: string) => ({ PK: `TEST-NOTICE#${stored.id}`, SK: tag, enquiryId: stored.id });

    await enquiries.update({
      before: stored,
      after: step.enquiry,
      events: step.events,
      alsoPut: [notice('first')],
    });
    const stale = enquiries.update({
      before: stored,
      after: step.enquiry,
      events: step.events,
      alsoPut: [notice('second')],
    });

    await expect(stale).rejects.toThrow(VersionConflictError);
    expect(await rawItemCount(`TEST-NOTICE#${stored.id}`)).toBe(1);
  });

  it('pages through enquiries received over several days in time order', async () => {
    const days = ['2027-03-01', '2027-03-02', '2027-03-04'];
    const stored = [];
    for (const day of days) {
      for (const hour of ['08', '23'])
        stored.push(await seedEnquiry({ receivedAt: `${day}T${hour}:30:00.000Z` }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof enquiries.listReceivedBetween>> =
        await enquiries.listReceivedBetween('2027-03-01T08:30:00.000Z', '2027-03-04T23:30:00.000Z', {
          limit: 2,
          cursor,
        });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.cursor;
    } while (cursor !== null);

    // [from, to): the first enquiry is in, the last (received exactly at `to`) is out.
    expect(seen).toEqual(stored.slice(0, 5).map((e) => e.id));
  });

  it('gives the reports what they read of each enquiry from the by-day index alone, fresh after a change they read', async () => {
    const first = await seedEnquiry({ receivedAt: '2027-04-06T09:00:00.000Z' });
    const second = await seedEnquiry({ receivedAt: '2027-04-07T15:00:00.000Z' });
    const resolved = applyResolve(first, plusMinutes(first.receivedAt, 30), 'cw-1', wallClockPolicy);
    const stored = await enquiries.update({
      before: first,
      after: resolved.enquiry,
      events: resolved.events,
    });

    const calls: string[] = [];
    const stop = onAwsCall((call) => {
      if (call.service === 'dynamodb') calls.push(call.command);
    });
    const read: ReportedEnquiry[] = [];
    try {
      for await (const reported of enquiries.reportedBetween(
        '2027-04-06T00:00:00.000Z',
        '2027-04-08T00:00:00.000Z',
      ))
        read.push(reported);
    } finally {
      stop();
    }
    // Exactly the reports' attributes, as stored (the resolution included) ...
    expect(read).toEqual([ReportedEnquiry.parse(stored), ReportedEnquiry.parse(second)]);
    expect(read[0]?.status).toBe('resolved');
    expect(Object.keys(read[1] ?? {})).not.toContain('requester');
    // ... from one Query a day, with no read of the items behind the entries.
    expect(calls).toEqual(['QueryCommand', 'QueryCommand']);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(enquiries.listTeamQueue('east', { cursor: 'not-a-cursor' })).rejects.toThrow(
      InvalidCursorError,
    );
  });

  it('scopes its own cursors: one from a team queue is refused by another team queue and by a caseload', async () => {
    const team = `cursor-${testReference().toLowerCase()}`;
    await seedEnquiry({ team });
    await seedEnquiry({ team });
    const first = await enquiries.listTeamQueue(team, { limit: 1 });
    expect(first.cursor).not.toBeNull();
    const cursor = first.cursor ?? '';
    expect((await enquiries.listTeamQueue(team, { limit: 1, cursor })).items).toHaveLength(1);
    await expect(enquiries.listTeamQueue('east', { cursor })).rejects.toThrow(InvalidCursorError);
    await expect(enquiries.listCaseload('cw-1', { cursor })).rejects.toThrow(InvalidCursorError);
  });
});

describe('do-not-reply marks', () => {
  it('remembers an address that bounced, whatever its case', async () => {
    const email = `bounced-${testReference().toLowerCase()}@example.org`;
    expect(await enquiries.isDoNotReply(email)).toBe(false);
    await enquiries.markDoNotReply(email.toUpperCase(), 'bounce', '2026-11-23T10:00:00Z');
    await enquiries.markDoNotReply(email, 'complaint', '2026-11-24T10:00:00Z');
    expect(await enquiries.isDoNotReply(email)).toBe(true);
    expect(await enquiries.getDoNotReply(email)).toEqual({
      email,
      reason: 'bounce',
      at: '2026-11-23T10:00:00.000Z',
    });
  });
});

async function collectDue(now: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const enquiry of enquiries.dueForEscalation(now, 50)) ids.push(enquiry.id);
  return ids;
}
