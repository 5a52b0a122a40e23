import { beforeEach, describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import type { HubConfig } from '../../shared/config/hub-config';
import { type RouteOutcome, type RouterDeps, routeIntake } from '../../shared/routing/route-intake';
import { InMemoryEnquiryStore, InMemoryRoster, RecordingMailer } from '../support/router-fakes';
import {
  emailIntake,
  phoneIntake,
  routerTestConfig,
  seededRandom,
  stubTriage,
} from '../support/router-fixtures';

const MONDAY = '2026-11-23T09:14:00.000Z';
const SIGNED_EMAIL = [
  'Our taxi to school in Margate has not come for three days.',
  'My son Sam Bloggs (DOB 02/04/2015) is missing school.',
  '',
  'Jo Bloggs',
  'Mobile: 07700 900123',
].join('\n');

let store: InMemoryEnquiryStore;
let mailer: RecordingMailer;
let clock: number;
let config: HubConfig;
let seed = 500;

async function route(intake: Parameters<typeof routeIntake>[0]): Promise<RouteOutcome> {
  seed += 1;
  const deps: RouterDeps = {
    enquiries: store,
    caseworkers: new InMemoryRoster(store),
    mailer,
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    now: () => new Date(clock),
    random: seededRandom(seed),
    inFlightMs: 60_000,
  };
  return routeIntake(intake, deps);
}

function enquiryIdOf(outcome: RouteOutcome): string {
  if (outcome.kind === 'dropped' || outcome.enquiryId === null)
    throw new Error(`no enquiry: ${outcome.kind}`);
  return outcome.enquiryId;
}

function at(iso: string): string {
  clock = Date.parse(iso) + 60_000;
  return iso;
}

beforeEach(() => {
  store = new InMemoryEnquiryStore();
  mailer = new RecordingMailer();
  clock = Date.parse(MONDAY) + 60_000;
  config = routerTestConfig();
});

describe('one person across email and phone', () => {
  it('keeps the phone number in an email signature and joins a later call from it, without the reference', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY), body: SIGNED_EMAIL })));
    expect((await store.getEnquiry(first))?.knownPhones).toEqual(['+447700900123']);

    const call = await route(
      phoneIntake({
        receivedAt: at('2026-11-23T11:00:00.000Z'),
        requester: { name: 'Jo Bloggs', email: null, phone: '+447700900123' },
        child: { name: null, dateOfBirth: null, school: null, postcode: null },
        summary: 'Mum calling again about the taxi to Margate.',
      }),
    );

    expect(call).toMatchObject({ kind: 'threaded', enquiryId: first, threadedBy: 'requester' });
    expect(store.all()).toHaveLength(1);
    expect(store.contactsOf(first).filter((contact) => contact.direction === 'inbound')).toHaveLength(2);
  });

  it('does not join a call from a number nobody gave', async () => {
    await route(emailIntake({ receivedAt: at(MONDAY), body: SIGNED_EMAIL }));
    const call = await route(
      phoneIntake({ requester: { name: 'Someone', email: null, phone: '+447700900999' } }),
    );
    expect(call.kind).toBe('opened');
    expect(store.all()).toHaveLength(2);
  });

  it('ignores numbers in quoted earlier messages', async () => {
    const body =
      'Thanks for your reply about Margate.\n\nOn Mon, 23 Nov 2026 someone wrote:\n> ring 07700 900456';
    const id = enquiryIdOf(await route(emailIntake({ body })));
    expect((await store.getEnquiry(id))?.knownPhones).toEqual([]);
  });

  it('adds to what the enquirer is known by only from their own contacts', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY), body: SIGNED_EMAIL })));
    // A SENCO writes quoting the reference: it joins, but their address and number are not the parent's.
    const reply = await route(
      emailIntake({
        receivedAt: at('2026-11-23T12:00:00.000Z'),
        requester: { name: 'Ann Oak', email: 'senco@oak-primary.example.org', phone: null },
        subject: `RE: [${first}] taxi to Margate`,
        body: 'We can help with the taxi.\n\nAnn Oak, SENCO\nTel: 01843 000111',
      }),
    );
    expect(reply).toMatchObject({ kind: 'threaded', enquiryId: first });
    const enquiry = await store.getEnquiry(first);
    expect(enquiry?.knownPhones).toEqual(['+447700900123']);
    expect(enquiry?.knownEmails).toEqual(['jo.bloggs@example.org']);
    // And the SENCO gets no status reply meant for the parent.
    expect(mailer.sent.filter((email) => email.subject.endsWith('We have your message'))).toHaveLength(0);
  });
});

describe('one record per child', () => {
  it('links a SENCO email about the same child (name and date of birth) to the parent enquiry child record', async () => {
    const parent = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY), body: SIGNED_EMAIL })));
    const senco = enquiryIdOf(
      await route(
        emailIntake({
          receivedAt: at('2026-11-23T13:00:00.000Z'),
          requester: { name: 'Ann Oak', email: 'senco@oak-primary.example.org', phone: null },
          subject: 'Transport for a pupil',
          body: 'I am the SENCO at Oak Primary in Margate.\nPupil name: Sam Bloggs\nDate of birth: 2 April 2015\nHis taxi has stopped.',
        }),
      ),
    );

    expect(senco).not.toBe(parent);
    const [a, b] = [await store.getEnquiry(parent), await store.getEnquiry(senco)];
    expect(a?.child).toMatchObject({ name: 'Sam Bloggs', dateOfBirth: '2015-04-02' });
    expect(b?.child).toMatchObject({ name: 'Sam Bloggs', dateOfBirth: '2015-04-02' });
    expect(a?.childId).toMatch(/^CH-/);
    expect(b?.childId).toBe(a?.childId);
  });

  it('starts a separate child record for a different child of the same name', async () => {
    const parent = enquiryIdOf(await route(emailIntake({ body: SIGNED_EMAIL })));
    const other = enquiryIdOf(
      await route(
        emailIntake({
          requester: { name: 'Pat Lee', email: 'pat@example.org', phone: null },
          body: 'My son Sam Bloggs (DOB 03/05/2016) needs a taxi in Margate.',
        }),
      ),
    );
    expect((await store.getEnquiry(other))?.childId).not.toBe((await store.getEnquiry(parent))?.childId);
  });

  it('gives an enquiry a child record when a later call names the child', async () => {
    const first = enquiryIdOf(
      await route(emailIntake({ receivedAt: at(MONDAY), body: 'Taxi in Margate. Call 07700 900123' })),
    );
    expect((await store.getEnquiry(first))?.childId).toBeNull();
    await route(
      phoneIntake({
        receivedAt: at('2026-11-23T11:00:00.000Z'),
        requester: { name: 'Jo Bloggs', email: null, phone: '+447700900123' },
        child: { name: 'Sam Bloggs', dateOfBirth: '02/04/2015', school: null, postcode: 'ct9 2ab' },
      }),
    );
    const enquiry = await store.getEnquiry(first);
    expect(enquiry?.child).toMatchObject({
      name: 'Sam Bloggs',
      dateOfBirth: '2015-04-02',
      postcode: 'CT92AB',
    });
    expect(enquiry?.childId).toBe(`CH-${first.slice(5)}`);
  });
});

describe('every chaser answered', () => {
  it('answers a chaser with the reference, where it stands and the promised date, once a day', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY) })));
    await route(emailIntake({ receivedAt: at('2026-11-23T11:00:00.000Z'), subject: `Chasing ${first}` }));
    await route(
      emailIntake({ receivedAt: at('2026-11-23T15:00:00.000Z'), subject: `Still chasing ${first}` }),
    );

    const replies = mailer.sent.filter((email) => email.subject.endsWith('We have your message'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(first);
    expect(replies[0]?.text).toContain('received: it is waiting for a caseworker');
    expect(replies[0]?.text).toContain('We will reply by 9:14am on Monday 30 November 2026');
    expect(replies[0]?.autoSubmitted).toBe('auto-replied');

    await route(emailIntake({ receivedAt: at('2026-11-24T10:00:00.000Z'), subject: `Chasing ${first}` }));
    expect(mailer.sent.filter((email) => email.subject.endsWith('We have your message'))).toHaveLength(2);
  });

  it('answers a chasing call by email when the caller is known', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY), body: SIGNED_EMAIL })));
    await route(
      phoneIntake({
        receivedAt: at('2026-11-23T11:00:00.000Z'),
        requester: { name: 'Jo Bloggs', email: null, phone: '+447700900123' },
      }),
    );
    const reply = mailer.sent.find((email) => email.subject === `[${first}] We have your message`);
    expect(reply?.to).toEqual(['jo.bloggs@example.org']);
  });

  it('sends one reply when the chaser is delivered twice', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY) })));
    const chaser = emailIntake({ receivedAt: at('2026-11-23T11:00:00.000Z'), subject: `Chasing ${first}` });
    await route(chaser);
    clock += 5 * 60_000;
    expect((await route(chaser)).kind).toBe('duplicate');
    expect(mailer.sent.filter((email) => email.subject.endsWith('We have your message'))).toHaveLength(1);
  });

  it('never answers an auto-reply or a bounce', async () => {
    const first = enquiryIdOf(await route(emailIntake({ receivedAt: at(MONDAY) })));
    await route(
      emailIntake({
        receivedAt: at('2026-11-23T11:00:00.000Z'),
        subject: `Out of office: [${first}] We have your enquiry`,
        automated: true,
      }),
    );
    expect(mailer.sent).toHaveLength(1);
  });
});
