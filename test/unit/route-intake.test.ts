import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import type { HubConfig } from '../../shared/config/hub-config';
import type { Caseworker } from '../../shared/domain/enquiry';
import { applyResolve, applyResponse } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import {
  IntakeInProgressError,
  type RouteOutcome,
  type RouterDeps,
  routeIntake,
} from '../../shared/routing/route-intake';
import { InMemoryEnquiryStore, InMemoryRoster, RecordingMailer } from '../support/router-fakes';
import {
  emailIntake,
  phoneIntake,
  routerTestConfig,
  seededRandom,
  stubTriage,
} from '../support/router-fixtures';

const MONDAY = '2026-11-23T09:14:00.000Z';

let store: InMemoryEnquiryStore;
let mailer: RecordingMailer;
let clock: number;
let config: HubConfig;

function deps(overrides: Partial<RouterDeps> = {}): RouterDeps {
  return {
    enquiries: store,
    caseworkers: new InMemoryRoster(store),
    mailer,
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    now: () => new Date(clock),
    random: seededRandom(7),
    inFlightMs: 60_000,
    ...overrides,
  };
}

/** Routes with a fresh random stream per call, as separate invocations would. */
let seed = 100;
async function route(intake: Parameters<typeof routeIntake>[0], extra: Partial<RouterDeps> = {}) {
  seed += 1;
  return routeIntake(intake, deps({ random: seededRandom(seed), ...extra }));
}

function opened(outcome: RouteOutcome): Extract<RouteOutcome, { kind: 'opened' }> {
  if (outcome.kind !== 'opened') throw new Error(`expected a new enquiry, got ${outcome.kind}`);
  return outcome;
}

function later(minutes: number): void {
  clock += minutes * 60_000;
}

beforeEach(() => {
  store = new InMemoryEnquiryStore();
  mailer = new RecordingMailer();
  clock = Date.parse(MONDAY) + 60_000;
  config = routerTestConfig();
});

describe('a first email', () => {
  it('opens an enquiry in its district team queue with its clock from when the hub received it', async () => {
    const outcome = opened(await route(emailIntake({ receivedAt: MONDAY })));

    const enquiry = await store.getEnquiry(outcome.enquiryId);
    expect(enquiry).toMatchObject({
      status: 'open',
      team: 'east',
      district: 'thanet',
      topic: 'transport',
      priority: 'normal',
      assignee: null,
      receivedAt: MONDAY,
      // normal: 2400 working minutes = five 8-hour days on the hub calendar
      responseDueAt: '2026-11-30T09:14:00.000Z',
      contactCount: 1,
      contactsSinceResponse: 1,
    });
    expect(enquiry?.id).toMatch(/^SEND-[2-9A-HJKMNP-Z]{6}$/);
    const [contact] = store.contactsOf(outcome.enquiryId);
    expect(contact).toMatchObject({ channel: 'email', direction: 'inbound', at: MONDAY, automated: false });
    expect(contact?.body).toContain('three days');
  });

  it('sends one acknowledgement with the reference, the due date in UK words and anti-loop headers', async () => {
    const outcome = opened(await route(emailIntake({ receivedAt: MONDAY })));

    expect(mailer.sent).toHaveLength(1);
    const [ack] = mailer.sent;
    expect(ack).toMatchObject({
      to: ['jo.bloggs@example.org'],
      subject: `[${outcome.enquiryId}] We have your enquiry`,
      replyTo: config.acknowledgement.replyToAddress,
      autoSubmitted: 'auto-replied',
      messageId: `<ack.${outcome.enquiryId}@kent.example.gov.uk>`,
    });
    expect(ack?.text).toContain('by 9:14am on Monday 30 November 2026');
    expect(ack?.text).toContain(config.acknowledgement.whatHappensNext);
    expect(ack?.text).toContain('Dear Jo Bloggs,');
    expect((await store.getEnquiry(outcome.enquiryId))?.acknowledgedAt).not.toBeNull();
    expect(store.eventsOf(outcome.enquiryId).map((event) => event.type)).toContain('acknowledged');
    expect(outcome.acknowledged).toBe(true);
  });

  it('sends the triage team anything whose district is unknown', async () => {
    const outcome = opened(await route(emailIntake({ body: 'Please tell me about EHC plans.' })));
    expect(outcome.team).toBe('hub-triage');
  });

  it('keeps a hub colleague note from a forward on the timeline, not in the contact', async () => {
    const outcome = opened(
      await route(emailIntake({ shape: 'outlook-inline', forwardNote: 'Looks like transport' })),
    );
    const note = store.eventsOf(outcome.enquiryId).find((event) => event.type === 'note');
    expect(note?.detail).toMatchObject({ text: 'Looks like transport', source: 'forward-note' });
    expect(store.contactsOf(outcome.enquiryId)[0]?.body).not.toContain('Looks like transport');
  });
});

describe('threading', () => {
  it('puts a reply to the acknowledgement on its enquiry, without a second acknowledgement', async () => {
    const first = opened(await route(emailIntake()));
    later(30);
    const reply = await route(
      emailIntake({
        subject: 'Re: We have your enquiry',
        inReplyTo: `<ack.${first.enquiryId}@kent.example.gov.uk>`,
        references: [`<ack.${first.enquiryId}@kent.example.gov.uk>`],
        receivedAt: '2026-11-23T10:00:00.000Z',
      }),
    );

    expect(reply).toMatchObject({ kind: 'threaded', enquiryId: first.enquiryId, threadedBy: 'message-id' });
    expect(store.all()).toHaveLength(1);
    expect(
      store.contactsOf(first.enquiryId).filter((contact) => contact.direction === 'inbound'),
    ).toHaveLength(2);
    // No second acknowledgement: the reply gets the short status reply a chaser gets.
    expect(mailer.sent.map((email) => email.subject)).toEqual([
      `[${first.enquiryId}] We have your enquiry`,
      `[${first.enquiryId}] We have your message`,
    ]);
  });

  it('joins a message naming the reference in its subject to that enquiry, whoever sends it', async () => {
    const first = opened(await route(emailIntake()));
    const fromSchool = await route(
      emailIntake({
        requester: { name: 'Office', email: 'office@oak-primary.example.org', phone: null },
        subject: `RE: [${first.enquiryId}] taxi`,
        enquiryReference: first.enquiryId,
        body: 'We can confirm the taxi did not arrive.',
      }),
    );

    expect(fromSchool).toMatchObject({
      kind: 'threaded',
      enquiryId: first.enquiryId,
      threadedBy: 'reference',
    });
    expect((await store.getEnquiry(first.enquiryId))?.contactCount).toBe(2);
    expect(mailer.to('office@oak-primary.example.org')).toHaveLength(0);
  });

  it('joins a new email from the same parent to their open enquiry, the most recent one if several', async () => {
    await route(emailIntake({ receivedAt: '2026-11-16T09:00:00.000Z' }));
    const newer = opened(
      await route(
        emailIntake({
          receivedAt: '2026-11-20T09:00:00.000Z',
          requester: { name: 'Jo Bloggs', email: 'jo.work@example.org', phone: null },
        }),
      ),
    );
    // The same parent now has two open matters under one address.
    const stored = await store.getEnquiry(newer.enquiryId);
    if (stored === null) throw new Error('not stored');
    store.seed({ ...stored, requester: { ...stored.requester, email: 'jo.bloggs@example.org' } });

    const chaser = await route(emailIntake({ subject: 'Any news?', body: 'Still waiting to hear.' }));

    expect(chaser).toMatchObject({ kind: 'threaded', enquiryId: newer.enquiryId, threadedBy: 'requester' });
    expect(store.all()).toHaveLength(2);
  });

  it('matches the requester address without regard to case', async () => {
    const first = opened(await route(emailIntake()));
    const chaser = await route(
      emailIntake({ requester: { name: 'Jo Bloggs', email: 'Jo.Bloggs@Example.org', phone: null } }),
    );
    expect(chaser).toMatchObject({ kind: 'threaded', enquiryId: first.enquiryId });
  });

  it('opens a new enquiry when the parent’s earlier enquiry is resolved', async () => {
    const first = opened(await route(emailIntake()));
    await store.modify(first.enquiryId, (current) =>
      applyResolve(current, '2026-11-24T10:00:00.000Z', 'cw-east-1', hubServiceLevels(config)),
    );
    const again = await route(emailIntake({ subject: 'A new question' }));
    expect(again.kind).toBe('opened');
  });

  it('does not merge a school’s messages about different children', async () => {
    const school = { name: 'Ms Patel', email: 'senco@oak-primary.example.org', phone: null };
    const one = await route(
      emailIntake({ requester: school, body: 'I am the SENCO. Pupil A in Margate needs a taxi.' }),
    );
    const two = await route(
      emailIntake({ requester: school, body: 'I am the SENCO. Pupil B in Margate needs a taxi.' }),
    );
    expect([one.kind, two.kind]).toEqual(['opened', 'opened']);
  });

  it('joins a call from a number with an open enquiry to that enquiry', async () => {
    const first = opened(await route(phoneIntake()));
    const call = await route(phoneIntake({ summary: 'Caller chasing the taxi problem.' }));
    expect(call).toMatchObject({ kind: 'threaded', enquiryId: first.enquiryId, threadedBy: 'requester' });
    expect(store.contactsOf(first.enquiryId).map((contact) => contact.channel)).toEqual(['phone', 'phone']);
  });

  it('joins a call whose notes quote the reference when the logger works in its team', async () => {
    const first = opened(await route(emailIntake()));
    const call = await route(
      phoneIntake({
        requester: { name: 'Sam Carter', email: null, phone: '+447700900456' },
        summary: `Caller quoted ${first.enquiryId.toLowerCase()} and asked for an update.`,
        handlerTeams: [first.team],
      }),
    );
    expect(call).toMatchObject({ kind: 'threaded', enquiryId: first.enquiryId, threadedBy: 'reference' });
  });

  it('joins a call quoting a reference to that enquiry when the caller is its enquirer, whoever logged it', async () => {
    const first = opened(await route(emailIntake()));
    const call = await route(
      phoneIntake({
        requester: { name: 'Jo Bloggs', email: 'JO.BLOGGS@example.org', phone: '+447700900456' },
        summary: `Caller quoted ${first.enquiryId} and asked for an update.`,
        handlerTeams: [],
      }),
    );
    expect(call).toMatchObject({ kind: 'threaded', enquiryId: first.enquiryId, threadedBy: 'reference' });
  });

  it("does not let a call logged outside the team join another family's enquiry by naming its reference", async () => {
    const first = opened(await route(emailIntake()));
    const before = store.contactsOf(first.enquiryId).length;
    const call = opened(
      await route(
        phoneIntake({
          requester: { name: 'Someone Else', email: null, phone: '+447700900999' },
          summary: `Please add this to ${first.enquiryId}: the family has moved away.`,
          handledBy: 'manager-west',
          handlerTeams: ['west'],
        }),
      ),
    );
    expect(call.enquiryId).not.toBe(first.enquiryId);
    expect(store.contactsOf(first.enquiryId)).toHaveLength(before);
    const note = store.eventsOf(call.enquiryId).find((event) => event.detail.kind === 'reference-not-joined');
    expect(note?.detail.text).toContain(first.enquiryId);
  });

  it('reopens an answered enquiry when the parent replies to it', async () => {
    const first = opened(await route(emailIntake()));
    await store.modify(first.enquiryId, (current) =>
      applyResponse(current, '2026-11-24T10:00:00.000Z', 'cw-east-1', hubServiceLevels(config)),
    );
    const reply = await route(
      emailIntake({ enquiryReference: first.enquiryId, receivedAt: '2026-11-25T09:00:00.000Z' }),
    );
    expect(reply.kind).toBe('threaded');
    expect((await store.getEnquiry(first.enquiryId))?.status).toBe('open');
  });
});

describe('chasers and repeat contact', () => {
  it('makes the third unanswered contact high priority and tells the hub manager once', async () => {
    const first = opened(await route(emailIntake({ receivedAt: MONDAY })));
    await route(emailIntake({ subject: 'Any news?', receivedAt: '2026-11-24T09:00:00.000Z' }));
    expect(mailer.to(config.hub.hubManagerEmail)).toHaveLength(0);

    const third = await route(emailIntake({ subject: 'Third time', receivedAt: '2026-11-25T09:00:00.000Z' }));
    await route(emailIntake({ subject: 'Fourth time', receivedAt: '2026-11-25T11:00:00.000Z' }));

    const enquiry = await store.getEnquiry(first.enquiryId);
    expect(third).toMatchObject({ kind: 'threaded', priorityRaised: true, repeatContactAlerted: true });
    expect(enquiry).toMatchObject({ priority: 'high', contactCount: 4, contactsSinceResponse: 4 });
    expect(enquiry?.reasons.some((reason) => reason.includes('repeat contact'))).toBe(true);
    // high: 960 working minutes from Monday 09:14 is Wednesday 09:14, earlier than the normal window
    expect(enquiry?.responseDueAt).toBe('2026-11-25T09:14:00.000Z');
    const alerts = mailer.to(config.hub.hubManagerEmail);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toBe(`[${first.enquiryId}] Repeat contact: 3 contacts without a response`);
    expect(alerts[0]?.autoSubmitted).toBe('auto-generated');
    // one acknowledgement for the enquiry, whatever the number of contacts
    expect(mailer.to('jo.bloggs@example.org')).toHaveLength(1);
  });

  it('makes an enquiry urgent when a chaser speaks of risk of harm', async () => {
    const first = opened(await route(emailIntake()));
    const chaser = await route(
      emailIntake({ subject: 'Please help', body: 'He is now at risk of harm walking to school alone.' }),
    );

    expect(chaser).toMatchObject({ kind: 'threaded', priorityRaised: true });
    const enquiry = await store.getEnquiry(first.enquiryId);
    expect(enquiry?.priority).toBe('urgent');
    expect(enquiry?.reasons).toContain('a later contact: urgent: risk of harm ("risk of harm")');
    // urgent: 240 working minutes from Monday 09:14
    expect(enquiry?.responseDueAt).toBe('2026-11-23T13:14:00.000Z');
  });
});

describe('machine-written mail', () => {
  it('is kept on the enquiry it replies to without counting as a contact or being acknowledged', async () => {
    const first = opened(await route(emailIntake()));
    const before = await store.getEnquiry(first.enquiryId);
    const outOfOffice = await route(
      emailIntake({
        subject: 'Automatic reply: We have your enquiry',
        inReplyTo: `<ack.${first.enquiryId}@kent.example.gov.uk>`,
        automated: true,
      }),
    );

    expect(outOfOffice).toMatchObject({ kind: 'threaded', automated: true, acknowledged: false });
    const after = await store.getEnquiry(first.enquiryId);
    expect(after?.contactCount).toBe(before?.contactCount);
    expect(after?.contactsSinceResponse).toBe(before?.contactsSinceResponse);
    expect(
      store
        .contactsOf(first.enquiryId)
        .some((contact) => contact.automated && contact.direction === 'inbound'),
    ).toBe(true);
    expect(mailer.sent).toHaveLength(1);
  });

  it('never joins by sender address, and is dropped when it matches no enquiry', async () => {
    await route(emailIntake());
    const bounce = await route(
      emailIntake({ subject: 'Out of office', automated: true, body: 'I am away until Monday.' }),
    );

    expect(bounce).toEqual({ kind: 'dropped', reason: 'automated-unthreaded' });
    expect(store.all()).toHaveLength(1);
    expect(store.intakes.size).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });
});

describe('who is never acknowledged', () => {
  it.each([
    ['a configured do-not-reply address', 'no-reply@kent.example.gov.uk', () => undefined],
    ['the hub mailbox itself', 'send.enquiries@kent.example.gov.uk', () => undefined],
    [
      'an address marked do-not-reply after a bounce',
      'bounced@example.org',
      () => store.doNotReply.add('bounced@example.org'),
    ],
  ])('%s', async (_label, address, arrange) => {
    arrange();
    const outcome = opened(
      await route(
        emailIntake({ requester: { name: null, email: address, phone: null }, subject: 'Question' }),
      ),
    );
    expect(mailer.sent).toHaveLength(0);
    expect(outcome.acknowledged).toBe(false);
    expect((await store.getEnquiry(outcome.enquiryId))?.acknowledgedAt).toBeNull();
  });

  it('mail flagged as spam: kept as an enquiry for a person to check, not acknowledged', async () => {
    const outcome = opened(await route(emailIntake({ spam: true })));
    expect(mailer.sent).toHaveLength(0);
    expect(
      (await store.getEnquiry(outcome.enquiryId))?.reasons.some((reason) => reason.includes('spam')),
    ).toBe(true);
  });

  it('marks the acknowledgement failed when SES refuses it for good, instead of retrying it into the DLQ', async () => {
    mailer.rejectNext('MessageRejected');
    const intake = emailIntake();
    const outcome = opened(await route(intake));
    expect(outcome.acknowledged).toBe(false);
    const enquiry = await store.getEnquiry(outcome.enquiryId);
    expect(enquiry).toMatchObject({ acknowledgedAt: null, acknowledgementFailure: 'MessageRejected' });
    expect(enquiry?.acknowledgementFailedAt).toBe(new Date(clock).toISOString());
    const note = store
      .eventsOf(outcome.enquiryId)
      .find((event) => event.detail.kind === 'acknowledgement-failed');
    expect(String(note?.detail.text)).toContain('Resend acknowledgement');
    // A redelivery, or the parent writing again, does not try again by itself.
    later(10);
    await route(intake);
    await route(emailIntake({ subject: 'Any news?' }));
    expect(mailer.sent).toEqual([]);
  });

  it('still lets a passing SES fault fail the message, so SQS retries it', async () => {
    mailer.failNext();
    await expect(route(emailIntake())).rejects.toThrow('simulated SES outage');
  });

  it('nobody when acknowledgements are switched off', async () => {
    config = { ...config, acknowledgement: { ...config.acknowledgement, enabled: false } };
    await route(emailIntake());
    expect(mailer.sent).toHaveLength(0);
  });
});

describe('phone enquiries', () => {
  it('acknowledges a caller who gave an email address by email', async () => {
    const outcome = opened(
      await route(
        phoneIntake({
          requester: { name: 'Sam Carter', email: 'sam.carter@example.org', phone: '+447700900124' },
        }),
      ),
    );
    expect(mailer.to('sam.carter@example.org')).toHaveLength(1);
    expect(mailer.sent[0]?.text).toContain('Thank you for your call');
    expect(outcome.acknowledged).toBe(true);
  });

  it('sends nothing to a caller without an email address and says so on the timeline', async () => {
    const outcome = opened(await route(phoneIntake()));
    expect(mailer.sent).toHaveLength(0);
    const enquiry = await store.getEnquiry(outcome.enquiryId);
    expect(enquiry?.acknowledgedAt).toBeNull();
    expect(enquiry?.subject).toMatch(/^Phone call: Caller says the school taxi/);
    const note = store.eventsOf(outcome.enquiryId).find((event) => event.type === 'note');
    expect(String(note?.detail.text)).toContain(outcome.enquiryId);
    expect(store.contactsOf(outcome.enquiryId)[0]?.body).toContain('Child: Alex Carter');
  });
});

describe('redelivery and crashes', () => {
  it('changes nothing and sends nothing when the same message comes again', async () => {
    const message = emailIntake();
    const first = opened(await route(message));
    const snapshot = structuredClone(await store.getEnquiry(first.enquiryId));

    const again = await route(message);

    expect(again).toMatchObject({ kind: 'duplicate', enquiryId: first.enquiryId, acknowledged: false });
    expect(await store.getEnquiry(first.enquiryId)).toEqual(snapshot);
    expect(store.all()).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('writes a new enquiry’s follow-up once (with the acknowledgement or alone), and checks it again on the redelivery of the intake that opened it', async () => {
    const email = opened(await route(emailIntake()));
    const call = opened(
      await route(phoneIntake({ requester: { name: 'Sam Carter', email: null, phone: '+447700900999' } })),
    );
    expect(store.followUps.get(email.enquiryId)).toBe(1);
    expect(store.followUps.get(call.enquiryId)).toBe(1);
    expect(store.inPlace).toBe(1);

    const message = emailIntake({
      requester: { name: 'Ali Other', email: 'ali.other@example.org', phone: null },
    });
    const first = opened(await route(message));
    const reply = emailIntake({ requester: message.requester, inReplyTo: message.messageId });
    await route(reply);
    await route(reply);
    expect(store.repairs.size).toBe(0);
    await route(message);
    expect(store.repairs.get(first.enquiryId)).toBe(1);
  });

  it('finishes the acknowledgement on redelivery when the first attempt failed before sending it', async () => {
    const message = emailIntake();
    mailer.failNext();
    await expect(route(message)).rejects.toThrow('simulated SES outage');
    expect(store.all()).toHaveLength(1);

    later(3); // the queue's visibility timeout has passed
    const again = await route(message);

    expect(again).toMatchObject({ kind: 'duplicate', acknowledged: true });
    expect(mailer.sent).toHaveLength(1);
    expect(store.all()[0]?.acknowledgedAt).not.toBeNull();
    await route(message);
    expect(mailer.sent).toHaveLength(1);
  });

  it('backs off, sending nothing, while the first attempt may still be sending', async () => {
    const message = emailIntake();
    mailer.failNext();
    await expect(route(message)).rejects.toThrow('simulated SES outage');

    await expect(route(message)).rejects.toBeInstanceOf(IntakeInProgressError);
    expect(mailer.sent).toHaveLength(0);
  });

  it('sends one acknowledgement when two copies of a message are routed at the same time', async () => {
    const message = emailIntake();
    const release = mailer.hold(); // the first copy is slow to send its acknowledgement
    const first = route(message);
    const second = route(message);

    await expect(second).rejects.toBeInstanceOf(IntakeInProgressError);
    release();
    expect((await first).kind).toBe('opened');
    expect(store.all()).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);

    later(3); // the second copy comes back after the visibility timeout
    expect((await route(message)).kind).toBe('duplicate');
    expect(mailer.sent).toHaveLength(1);
  });

  it('finishes the repeat-contact alert on redelivery when the first attempt failed before sending it', async () => {
    await route(emailIntake());
    await route(emailIntake({ subject: 'Second' }));
    const third = emailIntake({ subject: 'Third' });
    mailer.failNext();
    await expect(route(third)).rejects.toThrow('simulated SES outage');
    expect(mailer.to(config.hub.hubManagerEmail)).toHaveLength(0);

    const again = await route(third);
    expect(again).toMatchObject({ kind: 'duplicate', repeatContactAlerted: true });
    expect(mailer.to(config.hub.hubManagerEmail)).toHaveLength(1);
    expect(store.all()[0]?.contactCount).toBe(3);
  });

  it('puts back the acknowledgement on the timeline when a crash left only the enquiry recording it', async () => {
    const intake = emailIntake();
    const outcome = opened(await route(intake));
    // The crash: the in-place update was stored, its timeline entries beside it were not.
    store.contacts.set(
      outcome.enquiryId,
      store.contactsOf(outcome.enquiryId).filter((contact) => contact.id !== 'acknowledgement'),
    );
    store.events.set(
      outcome.enquiryId,
      store.eventsOf(outcome.enquiryId).filter((event) => event.type !== 'acknowledged'),
    );
    later(5);
    expect((await route(intake)).kind).toBe('duplicate');

    expect(mailer.sent).toHaveLength(1);
    const acknowledged = (await store.getEnquiry(outcome.enquiryId))?.acknowledgedAt;
    const contacts = store
      .contactsOf(outcome.enquiryId)
      .filter((contact) => contact.id === 'acknowledgement');
    expect(contacts.map((contact) => contact.at)).toEqual([acknowledged]);
    expect(store.eventsOf(outcome.enquiryId).filter((event) => event.type === 'acknowledged')).toHaveLength(
      1,
    );
    // A second redelivery finds everything there.
    await route(intake);
    expect(
      store.contactsOf(outcome.enquiryId).filter((contact) => contact.id === 'acknowledgement'),
    ).toHaveLength(1);
  });

  it('records the acknowledgement once when the enquiry changed between its creation and the send', async () => {
    const intake = emailIntake();
    const release = mailer.hold();
    const routing = route(intake);
    // Someone (a claim, a note) changes the enquiry while SES is sending the acknowledgement.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [created] = store.all();
    if (created === undefined) throw new Error('not created');
    store.seed({ ...created, version: created.version + 1 });
    release();
    opened(await routing);

    const stored = await store.getEnquiry(created.id);
    expect(stored?.acknowledgedAt).not.toBeNull();
    expect(store.contactsOf(created.id).filter((contact) => contact.id === 'acknowledgement')).toHaveLength(
      1,
    );
    expect(store.eventsOf(created.id).filter((event) => event.type === 'acknowledged')).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('reads an intake’s marker, its do-not-reply mark and what it replies to in one first read', async () => {
    await route(emailIntake());
    expect(store.lookups).toBe(1);
    expect(store.inPlace).toBe(1);
  });

  it('draws another reference when the first one is already taken', async () => {
    const taken = opened(await route(emailIntake(), { random: seededRandom(1) }));
    const second = await route(
      emailIntake({ requester: { name: 'Kim Lee', email: 'kim.lee@example.org', phone: null } }),
      { random: seededRandom(1) },
    );
    expect(second.kind).toBe('opened');
    expect(second.kind === 'opened' && second.enquiryId).not.toBe(taken.enquiryId);
    expect(store.all()).toHaveLength(2);
  });
});

describe('auto-assignment', () => {
  function caseworker(id: string, overrides: Partial<Caseworker> = {}): Caseworker {
    return {
      id,
      name: `Caseworker ${id}`,
      email: `${id}@kent.example.gov.uk`,
      team: 'east',
      topics: [],
      cap: 5,
      openCount: 0,
      active: true,
      ...overrides,
    };
  }

  beforeEach(() => {
    config = routerTestConfig({ autoAssignTeams: ['east'] });
  });

  it('gives a new enquiry to the caseworker taking its topic with the most headroom', async () => {
    for (const cw of [
      caseworker('cw-a', { cap: 10, openCount: 8 }),
      caseworker('cw-b', { cap: 10, openCount: 1, topics: ['health'] }),
      caseworker('cw-c', { cap: 4, openCount: 0, topics: ['transport'] }),
      caseworker('cw-d', { cap: 20, openCount: 0, active: false }),
    ]) {
      store.caseworkers.set(cw.id, cw);
    }
    const outcome = opened(await route(emailIntake()));
    expect(outcome.assignee).toBe('cw-c');
    expect(store.caseworkers.get('cw-c')?.openCount).toBe(1);
    expect((await store.getEnquiry(outcome.enquiryId))?.assignee).toBe('cw-c');
  });

  it('never takes anyone past their cap: the rest wait in the team queue', async () => {
    store.caseworkers.set('cw-a', caseworker('cw-a', { cap: 2 }));
    store.caseworkers.set('cw-b', caseworker('cw-b', { cap: 1 }));
    const outcomes: RouteOutcome[] = [];
    for (let i = 0; i < 5; i += 1) {
      outcomes.push(
        await route(emailIntake({ requester: { name: null, email: `parent${i}@example.org`, phone: null } })),
      );
    }
    const assignees = outcomes.map((outcome) =>
      outcome.kind === 'opened' ? outcome.assignee : 'not opened',
    );
    expect(assignees.filter((id) => id === 'cw-a')).toHaveLength(2);
    expect(assignees.filter((id) => id === 'cw-b')).toHaveLength(1);
    expect(assignees.filter((id) => id === null)).toHaveLength(2);
  });

  it('tries the next caseworker when the roster was out of date and the first is already full', async () => {
    store.caseworkers.set('cw-a', caseworker('cw-a', { cap: 5, openCount: 0 }));
    store.caseworkers.set('cw-b', caseworker('cw-b', { cap: 5, openCount: 1 }));
    // The roster still says cw-a has room; by the time of the write cw-a is full.
    const staleRoster = { listRoster: async () => [...store.caseworkers.values()] };
    store.caseworkers.set('cw-a', caseworker('cw-a', { cap: 5, openCount: 5 }));

    const outcome = opened(await route(emailIntake(), { caseworkers: staleRoster }));
    expect(outcome.assignee).toBe('cw-b');
    expect(store.caseworkers.get('cw-a')?.openCount).toBe(5);
  });

  it('leaves enquiries of teams without auto-assignment in the queue', async () => {
    store.caseworkers.set('cw-m', caseworker('cw-m', { team: 'west' }));
    const outcome = opened(await route(emailIntake({ body: 'We live in Maidstone.' })));
    expect(outcome).toMatchObject({ team: 'west', assignee: null });
  });
});

describe('invariants over any order of messages', () => {
  it('one enquiry and one acknowledgement per parent, one contact per distinct message, however often redelivered', async () => {
    const parents = ['a', 'b', 'c'].map((name) => ({
      name: null,
      email: `${name}@example.org`,
      phone: null,
    }));
    const messages = parents.flatMap((requester) =>
      [0, 1].map((n) => emailIntake({ requester, subject: `Message ${n}` })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: messages.length - 1 }), { minLength: 1, maxLength: 14 }),
        async (order) => {
          store = new InMemoryEnquiryStore();
          mailer = new RecordingMailer();
          clock = Date.parse(MONDAY) + 60_000;
          for (const index of order) {
            const message = messages[index];
            if (message === undefined) continue;
            await route(message);
            later(2);
          }
          const distinct = new Set(order);
          const parentsSeen = new Set([...distinct].map((index) => messages[index]?.requester.email));
          expect(store.all()).toHaveLength(parentsSeen.size);
          expect(mailer.sent).toHaveLength(parentsSeen.size);
          const inbound = store
            .all()
            .flatMap((enquiry) => store.contactsOf(enquiry.id))
            .filter((c) => c.direction === 'inbound');
          expect(inbound).toHaveLength(distinct.size);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('what intake says about a message reaches the timeline', () => {
  it('writes each intake note (a date not trusted, a sender not verified) as a note event', async () => {
    const outcome = opened(
      await route(
        emailIntake({
          notes: [
            { kind: 'received-time', text: 'The date written on this message was not used.' },
            { kind: 'sender-not-verified', text: 'The sender address could not be verified.' },
          ],
        }),
      ),
    );
    const notes = store
      .eventsOf(outcome.enquiryId)
      .filter((event) => event.type === 'note' && event.detail.source === 'intake');
    expect(notes.map((event) => event.detail.kind)).toEqual(['received-time', 'sender-not-verified']);
  });
});
