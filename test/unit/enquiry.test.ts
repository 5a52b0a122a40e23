import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AWAIT_SHARDS,
  awaitShard,
  decodeCursor,
  encodeCursor,
  eventKey,
  indexKeysFor,
} from '../../shared/adapters/dynamo-keys';
import {
  applyAcknowledged,
  applyAskEnquirer,
  applyAssign,
  applyContact,
  applyEscalation,
  applyPriorityRaise,
  applyReopen,
  applyResolve,
  applyResponse,
  type Enquiry,
  findReference,
  isReference,
  newReference,
  REFERENCE_ALPHABET,
  toInstant,
} from '../../shared/domain/enquiry';
import {
  ConflictError,
  InvalidCursorError,
  InvalidTransitionError,
  ReferenceTakenError,
  SendHubError,
  VersionConflictError,
} from '../../shared/domain/errors';
import { NO_SAFEGUARDING_CONCERN, PRIORITIES } from '../../shared/domain/taxonomy';
import { normaliseMessageId } from '../../shared/mail/hub-mail';
import { openTestEnquiry, plusMinutes, TEST_WINDOWS, wallClockPolicy } from '../support/enquiry-fixtures';

const RECEIVED = '2026-11-23T09:14:00.000Z';
const unitInterval = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
/** References drawn uniformly (fc.double favours edge values, so it would repeat a few ids). */
const anyReference = fc
  .array(fc.integer({ min: 0, max: REFERENCE_ALPHABET.length - 1 }), { minLength: 6, maxLength: 6 })
  .map((picks) => {
    let i = 0;
    return newReference(() => ((picks[i++] ?? 0) + 0.5) / REFERENCE_ALPHABET.length);
  });

function fresh(overrides: Parameters<typeof openTestEnquiry>[0] = {}): Enquiry {
  return openTestEnquiry({ receivedAt: RECEIVED, ...overrides }).enquiry;
}

const contactAt = (at: string, automated = false) => ({
  at,
  channel: 'email' as const,
  automated,
  contactId: 'c-2',
});

describe('references', () => {
  it('are always well formed and never use look-alike characters', () => {
    fc.assert(
      fc.property(fc.array(unitInterval, { minLength: 6, maxLength: 6 }), (draws) => {
        let i = 0;
        const reference = newReference(() => draws[i++] ?? 0);
        expect(isReference(reference)).toBe(true);
        expect(reference.slice(5)).not.toMatch(/[01OIL]/);
      }),
    );
  });

  it('use the whole alphabet, from the first character to the last', () => {
    expect(newReference(() => 0)).toBe('SEND-222222');
    expect(newReference(() => 0.999_999_999)).toBe('SEND-ZZZZZZ');
    expect(REFERENCE_ALPHABET).toHaveLength(31);
  });

  it('are found in a reply subject whatever the case and brackets', () => {
    expect(findReference('RE: [send-7k3m9q] taxi has not come')).toBe('SEND-7K3M9Q');
    expect(findReference('Fw: Your enquiry SEND-7K3M9Q.')).toBe('SEND-7K3M9Q');
  });

  it('are not found inside longer codes or with look-alike characters', () => {
    expect(findReference('SEND-7K3M9QX')).toBeNull();
    expect(findReference('XSEND-7K3M9Q')).toBeNull();
    expect(findReference('SEND-7K3M0Q')).toBeNull();
    expect(findReference('no reference here')).toBeNull();
    expect(isReference('send-7k3m9q')).toBe(false);
  });

  it('are found wherever they sit in surrounding text', () => {
    fc.assert(
      fc.property(
        anyReference,
        fc.string().filter((text) => !/send-/i.test(text)),
        fc.string().filter((text) => !/send-/i.test(text)),
        (reference, before, after) => {
          expect(findReference(`${before} ${reference} ${after}`)).toBe(reference);
        },
      ),
    );
  });
});

describe('opening an enquiry', () => {
  it('starts open and unclaimed, due one window after the hub received it', () => {
    const { enquiry, events } = openTestEnquiry({ receivedAt: '2026-11-23T09:14:00+00:00' });
    expect(enquiry).toMatchObject({
      status: 'open',
      assignee: null,
      version: 1,
      contactCount: 1,
      receivedAt: RECEIVED,
      responseDueAt: plusMinutes(RECEIVED, TEST_WINDOWS.normal),
      nextEscalationAt: enquiry.warningAt,
    });
    expect(events.map((event) => event.type)).toEqual(['received']);
  });
});

describe('contacts on an existing enquiry', () => {
  it('counts a chaser on an open enquiry without moving its deadline', () => {
    const enquiry = fresh();
    const { enquiry: after, events } = applyContact(
      enquiry,
      contactAt(plusMinutes(RECEIVED, 60)),
      'router',
      wallClockPolicy,
    );
    expect(after).toMatchObject({ status: 'open', contactCount: 2, contactsSinceResponse: 2 });
    expect(after.responseDueAt).toBe(enquiry.responseDueAt);
    expect(events.map((event) => event.type)).toEqual(['contact']);
  });

  it('records machine-written mail without counting it or reopening', () => {
    const answered = applyResponse(fresh(), plusMinutes(RECEIVED, 30), 'cw-1', wallClockPolicy).enquiry;
    const { enquiry: after, events } = applyContact(
      answered,
      contactAt(plusMinutes(RECEIVED, 31), true),
      'router',
      wallClockPolicy,
    );
    expect(after).toMatchObject({ status: 'answered', contactCount: 1, contactsSinceResponse: 0 });
    expect(events).toEqual([
      expect.objectContaining({ type: 'contact', detail: expect.objectContaining({ automated: true }) }),
    ]);
  });

  it('reopens an answered enquiry with a fresh window from the new contact', () => {
    const escalated = applyEscalation(fresh(), 'warning', plusMinutes(RECEIVED, 10), null, 'escalator');
    if (escalated === null) throw new Error('expected a change');
    const answered = applyResponse(
      escalated.enquiry,
      plusMinutes(RECEIVED, 30),
      'cw-1',
      wallClockPolicy,
    ).enquiry;
    const replyAt = plusMinutes(RECEIVED, 600);

    const { enquiry: after, events } = applyContact(answered, contactAt(replyAt), 'router', wallClockPolicy);

    expect(after).toMatchObject({
      status: 'open',
      clockStartedAt: replyAt,
      responseDueAt: plusMinutes(replyAt, TEST_WINDOWS.normal),
      escalationSteps: [],
      contactsSinceResponse: 1,
      firstRespondedAt: plusMinutes(RECEIVED, 30),
    });
    expect(events.map((event) => event.type)).toEqual(['contact', 'reopened']);
  });

  it('reopens a resolved enquiry when the enquirer writes again', () => {
    const resolved = applyResolve(fresh(), plusMinutes(RECEIVED, 30), 'cw-1', wallClockPolicy).enquiry;
    const { enquiry: after } = applyContact(
      resolved,
      contactAt(plusMinutes(RECEIVED, 90)),
      'router',
      wallClockPolicy,
    );
    expect(after).toMatchObject({ status: 'open', resolvedAt: null });
  });
});

describe('waiting on the enquirer', () => {
  it('pauses the clock and gives back exactly the time the pause took when they reply', () => {
    const enquiry = fresh();
    const asked = applyAskEnquirer(enquiry, plusMinutes(RECEIVED, 60), 'cw-1').enquiry;
    expect(asked).toMatchObject({ status: 'waiting-on-enquirer', pausedAt: plusMinutes(RECEIVED, 60) });

    const { enquiry: resumed } = applyContact(
      asked,
      contactAt(plusMinutes(RECEIVED, 60 + 180)),
      'router',
      wallClockPolicy,
    );

    expect(resumed).toMatchObject({
      status: 'open',
      pausedAt: null,
      pausedWorkingMinutes: 180,
      responseDueAt: plusMinutes(enquiry.responseDueAt, 180),
      nextEscalationAt: plusMinutes(enquiry.nextEscalationAt ?? '', 180),
    });
  });

  it('leaves the paused time out of the first response time', () => {
    const asked = applyAskEnquirer(fresh(), plusMinutes(RECEIVED, 60), 'cw-1').enquiry;
    const resumed = applyContact(
      asked,
      contactAt(plusMinutes(RECEIVED, 300)),
      'router',
      wallClockPolicy,
    ).enquiry;
    const { enquiry: answered, events } = applyResponse(
      resumed,
      plusMinutes(RECEIVED, 330),
      'cw-1',
      wallClockPolicy,
    );
    expect(answered.firstResponseWorkingMinutes).toBe(90);
    expect(answered.nextEscalationAt).toBeNull();
    expect(events[0]?.detail).toMatchObject({ first: true, workingMinutes: 90 });
  });

  it('can only start from an open enquiry', () => {
    const answered = applyResponse(fresh(), plusMinutes(RECEIVED, 5), 'cw-1', wallClockPolicy).enquiry;
    expect(() => applyAskEnquirer(answered, plusMinutes(RECEIVED, 6), 'cw-1')).toThrow(
      InvalidTransitionError,
    );
  });
});

describe('responding, resolving and reopening', () => {
  it('keeps the first response time when responding again', () => {
    const first = applyResponse(fresh(), plusMinutes(RECEIVED, 45), 'cw-1', wallClockPolicy).enquiry;
    const reopened = applyContact(
      first,
      contactAt(plusMinutes(RECEIVED, 500)),
      'router',
      wallClockPolicy,
    ).enquiry;
    const second = applyResponse(reopened, plusMinutes(RECEIVED, 900), 'cw-1', wallClockPolicy).enquiry;
    expect(second).toMatchObject({
      firstRespondedAt: plusMinutes(RECEIVED, 45),
      firstResponseWorkingMinutes: 45,
      lastRespondedAt: plusMinutes(RECEIVED, 900),
    });
  });

  it('stops escalation on resolve and refuses to resolve twice', () => {
    const resolved = applyResolve(
      fresh(),
      plusMinutes(RECEIVED, 45),
      'cw-1',
      wallClockPolicy,
      'advice given',
    ).enquiry;
    expect(resolved).toMatchObject({
      status: 'resolved',
      nextEscalationAt: null,
      resolvedAt: plusMinutes(RECEIVED, 45),
    });
    expect(() => applyResolve(resolved, plusMinutes(RECEIVED, 46), 'cw-1', wallClockPolicy)).toThrow(
      InvalidTransitionError,
    );
    expect(() => applyResponse(resolved, plusMinutes(RECEIVED, 46), 'cw-1', wallClockPolicy)).toThrow(
      InvalidTransitionError,
    );
  });

  it('reopens by hand only what was answered or resolved', () => {
    expect(() => applyReopen(fresh(), plusMinutes(RECEIVED, 5), 'cw-1', 'wrong', wallClockPolicy)).toThrow(
      InvalidTransitionError,
    );
    const resolved = applyResolve(fresh(), plusMinutes(RECEIVED, 5), 'cw-1', wallClockPolicy).enquiry;
    const { enquiry, events } = applyReopen(
      resolved,
      plusMinutes(RECEIVED, 10),
      'cw-1',
      'parent phoned back',
      wallClockPolicy,
    );
    expect(enquiry.status).toBe('open');
    expect(events[0]).toMatchObject({
      type: 'reopened',
      detail: { from: 'resolved', reason: 'parent phoned back' },
    });
  });
});

describe('priority, escalation and acknowledgement bookkeeping', () => {
  it('raising the priority brings the deadline forward and adds the reasons', () => {
    const enquiry = fresh();
    const raised = applyPriorityRaise(
      enquiry,
      'urgent',
      ['child out of school'],
      plusMinutes(RECEIVED, 5),
      'router',
      wallClockPolicy,
    );
    expect(raised?.enquiry).toMatchObject({
      priority: 'urgent',
      responseDueAt: plusMinutes(RECEIVED, TEST_WINDOWS.urgent),
      reasons: ['mentions taxi', 'child out of school'],
    });
    expect(raised?.events[0]).toMatchObject({
      type: 'priority-raised',
      detail: { from: 'normal', to: 'urgent' },
    });
  });

  it('never lowers a priority', () => {
    const urgent = fresh({
      triage: {
        topic: 'attendance',
        priority: 'urgent',
        role: 'parent',
        district: 'dover',
        reasons: [],
        safeguarding: NO_SAFEGUARDING_CONCERN,
      },
    });
    expect(applyPriorityRaise(urgent, 'normal', ['x'], RECEIVED, 'router', wallClockPolicy)).toBeNull();
    expect(applyPriorityRaise(urgent, 'urgent', ['x'], RECEIVED, 'router', wallClockPolicy)).toBeNull();
  });

  it('takes each escalation step once', () => {
    const step = applyEscalation(
      fresh(),
      'warning',
      plusMinutes(RECEIVED, 10),
      '2026-11-30T09:14:00Z',
      'escalator',
    );
    expect(step?.enquiry).toMatchObject({
      escalationSteps: ['warning'],
      nextEscalationAt: '2026-11-30T09:14:00.000Z',
    });
    if (step === null) throw new Error('expected a change');
    expect(applyEscalation(step.enquiry, 'warning', plusMinutes(RECEIVED, 11), null, 'escalator')).toBeNull();
  });

  it('records the acknowledgement once', () => {
    const acknowledged = applyAcknowledged(fresh(), plusMinutes(RECEIVED, 2), 'router');
    if (acknowledged === null) throw new Error('expected a change');
    expect(acknowledged.enquiry.acknowledgedAt).toBe(plusMinutes(RECEIVED, 2));
    expect(applyAcknowledged(acknowledged.enquiry, plusMinutes(RECEIVED, 3), 'router')).toBeNull();
  });

  it('records a reassignment as such, with who it moved from', () => {
    const claimed = applyAssign(fresh(), 'cw-1', plusMinutes(RECEIVED, 2), 'router');
    expect(claimed.events[0]?.type).toBe('claimed');
    const moved = applyAssign(claimed.enquiry, 'cw-2', plusMinutes(RECEIVED, 3), 'manager-1');
    expect(moved.events[0]).toMatchObject({ type: 'reassigned', detail: { from: 'cw-1', to: 'cw-2' } });
  });
});

describe('index membership (indexKeysFor)', () => {
  const open = fresh();
  const claimed = applyAssign(open, 'cw-1', plusMinutes(RECEIVED, 1), 'router').enquiry;
  const waiting = applyAskEnquirer(claimed, plusMinutes(RECEIVED, 2), 'cw-1').enquiry;
  const answered = applyResponse(claimed, plusMinutes(RECEIVED, 3), 'cw-1', wallClockPolicy).enquiry;
  const resolved = applyResolve(claimed, plusMinutes(RECEIVED, 4), 'cw-1', wallClockPolicy).enquiry;

  const membership = (enquiry: Enquiry) => {
    const keys = indexKeysFor(enquiry);
    return {
      queue: keys.GSI1PK ?? null,
      awaiting: keys.GSI2PK !== undefined,
      email: keys.GSI3PK ?? null,
      phone: keys.GSI4PK ?? null,
      day: keys.GSI5PK ?? null,
    };
  };

  it.each([
    ['open and unclaimed', open, { queue: 'QUEUE#east', awaiting: true }],
    ['open and claimed', claimed, { queue: 'CASELOAD#cw-1', awaiting: true }],
    ['waiting on the enquirer', waiting, { queue: 'CASELOAD#cw-1', awaiting: false }],
    ['answered', answered, { queue: 'CASELOAD#cw-1', awaiting: false }],
  ])('keeps an enquiry that is %s in the queue and threading indexes', (_, enquiry, expected) => {
    expect(membership(enquiry)).toEqual({
      ...expected,
      email: 'EMAIL#jo.bloggs@example.org',
      phone: 'PHONE#+447700900123',
      day: 'DAY#2026-11-23',
    });
  });

  it('keeps a resolved enquiry only in the received-by-day and retention indexes', () => {
    expect(membership(resolved)).toEqual({
      queue: null,
      awaiting: false,
      email: null,
      phone: null,
      day: 'DAY#2026-11-23',
    });
    const keys = Object.keys(indexKeysFor(resolved)).sort();
    expect(keys).toEqual(['GSI5PK', 'GSI5SK', 'GSI7PK', 'GSI7SK']);
  });

  it('leaves an open enquiry without a pending escalation out of the awaiting index', () => {
    expect(indexKeysFor({ ...open, nextEscalationAt: null }).GSI2PK).toBeUndefined();
  });

  it('indexes an email address in lower case and skips missing contact details', () => {
    const keys = indexKeysFor({
      ...open,
      requester: { name: null, email: 'Jo.Bloggs@Example.ORG', phone: null },
    });
    expect(keys.GSI3PK).toBe('EMAIL#jo.bloggs@example.org');
    expect(keys.GSI4PK).toBeUndefined();
  });

  it('files enquiries by the UTC day they were received, whatever offset the instant was written in', () => {
    const lateEvening = fresh({ receivedAt: '2026-07-01T00:30:00+01:00' });
    expect(indexKeysFor(lateEvening).GSI5PK).toBe('DAY#2026-06-30');
  });

  it('sorts queue keys by priority first, then by due time', () => {
    const instant = fc
      .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-01-01') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        fc.constantFrom(...PRIORITIES),
        instant,
        fc.constantFrom(...PRIORITIES),
        instant,
        (p1, due1, p2, due2) => {
          const a = indexKeysFor({ ...open, priority: p1, responseDueAt: due1 }).GSI1SK ?? '';
          const b =
            indexKeysFor({ ...open, id: 'SEND-ZZZZZZ', priority: p2, responseDueAt: due2 }).GSI1SK ?? '';
          const rank = PRIORITIES.indexOf(p1) - PRIORITIES.indexOf(p2);
          const byDue = Math.sign(Date.parse(due1) - Date.parse(due2));
          const byId = open.id === 'SEND-ZZZZZZ' ? 0 : open.id < 'SEND-ZZZZZZ' ? -1 : 1;
          const expected = rank !== 0 ? Math.sign(rank) : byDue !== 0 ? byDue : byId;
          expect(a < b ? -1 : a > b ? 1 : 0).toBe(expected);
        },
      ),
    );
  });

  it('sorts a safeguarding concern before every other enquiry, whatever their priorities and due times', () => {
    const instant = fc
      .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-01-01') })
      .map((ms) => new Date(ms).toISOString());
    const concern = {
      ...open,
      priority: 'urgent' as const,
      safeguarding: { ...open.safeguarding, concern: true, categories: ['neglect' as const] },
    };
    fc.assert(
      fc.property(instant, fc.constantFrom(...PRIORITIES), instant, (due1, p2, due2) => {
        const a = indexKeysFor({ ...concern, responseDueAt: due1 }).GSI1SK ?? '';
        const b =
          indexKeysFor({ ...open, id: 'SEND-ZZZZZZ', priority: p2, responseDueAt: due2 }).GSI1SK ?? '';
        expect(a < b).toBe(true);
      }),
    );
  });

  it('spreads enquiries over every awaiting shard, always to the same shard', () => {
    const shards = new Set<number>();
    fc.assert(
      fc.property(anyReference, (id) => {
        const shard = awaitShard(id);
        shards.add(shard);
        expect(shard).toBe(awaitShard(id));
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(AWAIT_SHARDS);
      }),
    );
    expect(shards.size).toBe(AWAIT_SHARDS);
  });
});

describe('keys and cursors', () => {
  it('orders events of one change after each other at the same instant', () => {
    const first = eventKey('SEND-7K3M9Q', RECEIVED, 9, 1).SK;
    const second = eventKey('SEND-7K3M9Q', RECEIVED, 10, 0).SK;
    expect(first < second).toBe(true);
  });

  it('treats a Message-ID with and without angle brackets as the same id', () => {
    expect(normaliseMessageId(' <abc.123@mail.example.org> ')).toBe('abc.123@mail.example.org');
  });

  it('round-trips a cursor and rejects anything else', () => {
    const position = {
      key: { PK: 'ENQ#SEND-7K3M9Q', SK: 'META', GSI1PK: 'QUEUE#east' },
      scope: '2026-11-23',
    };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    for (const bad of [
      '',
      'not-base64-json',
      encodeCursor({ key: { PK: 'x' } }).slice(0, -3),
      btoa('{"key":{"Evil":"x"}}'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
  });

  it('normalises instants so stored strings sort in time order', () => {
    expect(toInstant('2026-03-29T02:30:00+01:00')).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('errors', () => {
  it('tell the HTTP layer how to answer and the queue consumer whether to retry', () => {
    const cause = new Error('cancelled');
    const conflict = new VersionConflictError('SEND-7K3M9Q', 3, { cause });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toBeInstanceOf(SendHubError);
    expect(conflict).toMatchObject({
      name: 'VersionConflictError',
      statusCode: 409,
      expose: true,
      retryable: true,
    });
    expect(conflict.cause).toBe(cause);
    expect(new ReferenceTakenError('SEND-7K3M9Q')).toMatchObject({
      statusCode: 409,
      expose: false,
      retryable: false,
    });
    expect(new InvalidCursorError()).toMatchObject({ statusCode: 400, field: 'cursor' });
  });
});
