/**
 * A manager's day on the whole local stack, driven through its public doors (SMTP, the HTTP API as
 * demo users, the escalator's schedule and the SES outbox): claims that expire, people away and
 * their cover, moving work between teams, digests paced to one an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { addWorkingMinutes, isOpenAt } from '../../shared/domain/business-calendar';
import { addDays, localDate, startOfLocalDay } from '../../shared/domain/local-time';
import { type Harness, sendEnquiry, startHarness, waitFor } from '../support/local-stack-harness';

interface Row {
  id: string;
}
interface Detail {
  enquiry: { id: string; version: number; assignee: string | null; team: string; responseDueAt: string };
  timeline: { kind: string; type?: string; detail?: Record<string, unknown> }[];
}

const config = defaultHubConfig();
let hub: Harness;
let sequence = 0;

/** Sends an enquiry through the SMTP door and returns its reference (from the acknowledgement). */
function enquiry(from: string, subject: string, text: string): Promise<string> {
  sequence += 1;
  const [, name = '', address = from] = /^(.*) <(.+)>$/.exec(from) ?? [];
  const messageId = `managers-${sequence}-${Date.now()}@example.org`;
  return sendEnquiry(hub, { from: address, name, subject, text, messageId });
}

/** `minutes` of hub working time after now, as an instant. */
function workingMinutesFromNow(minutes: number): Date {
  return addWorkingMinutes(config.calendar, new Date(), minutes);
}

beforeAll(async () => {
  hub = await startHarness();
});

afterAll(async () => {
  await hub?.stack.stop();
});

describe('claims that expire', () => {
  it('puts a claim left untouched past its limit back in the team queue after a sweep, and tells the caseworker and the manager', async () => {
    const reference = await enquiry(
      'Alex Quiet <e2e.quiet.claim@example.org>',
      'Question about transport forms',
      'Hello, which form do we fill in for home to school transport next year? We live in Dartford, DA1 2EN.',
    );
    const caseworker = await hub.as('cw-north-1');
    expect((await caseworker('POST', `/enquiries/${reference}/claim`)).status).toBe(200);
    const limit = config.workload.claimExpiresAfterWorkingMinutes;

    // Just inside the limit nothing happens.
    await hub.stack.escalate(workingMinutesFromNow(limit - 30));
    const kept = await caseworker<Detail>('GET', `/enquiries/${reference}`);
    expect(kept.body.enquiry.assignee).toBe('cw-north-1');

    await hub.stack.escalate(workingMinutesFromNow(limit + 5));
    const queue = await caseworker<{ items: Row[] }>('GET', '/queue?team=north');
    expect(queue.body.items.map((row) => row.id)).toContain(reference);
    const detail = await caseworker<Detail>('GET', `/enquiries/${reference}`);
    expect(detail.body.enquiry.assignee).toBeNull();
    const returned = detail.body.timeline.find((entry) => entry.type === 'returned-to-queue');
    expect(returned?.detail).toMatchObject({ from: 'cw-north-1', reason: 'claim-expired' });

    const told = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) =>
            sent.destination.to.includes('priya.ashdown@kent.example.gov.uk') &&
            sent.body.text?.includes(reference),
        ),
      'the caseworker told',
    );
    expect(told.body.text).toContain('Back in the team queue');
    const manager = (await hub.outbox()).find(
      (sent) =>
        sent.destination.to.includes('send.north.manager@kent.example.gov.uk') &&
        sent.body.text?.includes(reference),
    );
    expect(manager?.body.text).toContain('did nothing on it');
  });
});

describe('a caseworker marked away', () => {
  it('has their open enquiries returned to the team queue the moment their leave starts', async () => {
    const reference = await enquiry(
      'Jamie Leave <e2e.away.claim@example.org>',
      'Personal budget question',
      'Hello, can we use a personal budget for a tutor? We live in Sevenoaks, TN13 1AA.',
    );
    const caseworker = await hub.as('cw-north-2');
    expect((await caseworker('POST', `/enquiries/${reference}/claim`)).status).toBe(200);

    const manager = await hub.as('manager-north');
    const today = localDate(config.calendar.timeZone, Date.now());
    const marked = await manager<{ handedOver: { returned: number }; awayNow: unknown }>(
      'PUT',
      '/availability/cw-north-2',
      { awayPeriods: [{ from: today, to: today }], deputies: [] },
    );
    expect(marked.status).toBe(200);
    expect(marked.body.handedOver.returned).toBeGreaterThanOrEqual(1);
    expect(marked.body.awayNow).not.toBeNull();
    const detail = await manager<Detail>('GET', `/enquiries/${reference}`);
    expect(detail.body.enquiry.assignee).toBeNull();
    expect(detail.body.timeline.find((entry) => entry.type === 'returned-to-queue')?.detail).toMatchObject({
      from: 'cw-north-2',
      reason: 'away',
    });

    // Another team's caseworker cannot mark them away; a colleague cannot be named in a team that returns work.
    const other = await hub.as('cw-north-3');
    expect((await other('PUT', '/availability/cw-north-2', { awayPeriods: [] })).status).toBe(403);
    const named = await manager<{ error: { fields: { path: string }[] } }>(
      'PUT',
      '/availability/cw-north-2',
      {
        awayPeriods: [{ from: today, to: today, handTo: 'cw-north-3' }],
      },
    );
    expect(named.status).toBe(400);
    expect(named.body.error.fields[0]?.path).toBe('awayPeriods[0].handTo');
  });
});

describe('cover while a manager is away', () => {
  it('sends the escalation of a manager marked away to their deputy, saying for whom', async () => {
    const reference = await enquiry(
      'Kit Urgent <e2e.cover.urgent@example.org>',
      'My daughter has been excluded',
      'My daughter was excluded from school today and has no school place at all. We live in Gravesend, DA11 0AA.',
    );
    const breachAt = workingMinutesFromNow(config.serviceLevels.urgent.firstResponseMinutes + 10);
    const zone = config.calendar.timeZone;
    const manager = await hub.as('manager-north');
    const north = 'send.north.manager@kent.example.gov.uk';
    const south = 'send.south.manager@kent.example.gov.uk';
    const away = await manager<{ deputies: string[] }>('PUT', `/availability/${north}`, {
      awayPeriods: [
        { from: localDate(zone, Date.now()), to: addDays(localDate(zone, breachAt.getTime()), 1) },
      ],
      deputies: [south],
    });
    expect(away.status).toBe(200);
    expect(away.body.deputies).toEqual([south]);

    await hub.stack.escalate(breachAt);
    const mail = await hub.outbox();
    const toDeputy = mail.find(
      (sent) => sent.destination.to.includes(south) && sent.body.text?.includes(reference),
    );
    expect(toDeputy?.body.text).toContain(
      `You are covering for the manager of North Kent SEND team (${north})`,
    );
    expect(
      mail.some((sent) => sent.destination.to.includes(north) && sent.body.text?.includes(reference)),
    ).toBe(false);
    // Back from leave: nothing more is redirected.
    expect(
      (await manager('PUT', `/availability/${north}`, { awayPeriods: [], deputies: [south] })).status,
    ).toBe(200);
  });
});

/** 10:00 hub time on the most recent open weekday at least a day ago (10:00 to 11:00 all open). */
function recentOpenMorning(): number {
  const zone = config.calendar.timeZone;
  for (let back = 1; back < 30; back += 1) {
    const day = addDays(localDate(zone, Date.now()), -back);
    const ten = startOfLocalDay(zone, day) + 10 * 3_600_000;
    if (isOpenAt(config.calendar, new Date(ten)) && isOpenAt(config.calendar, new Date(ten + 3_599_000))) {
      return ten;
    }
  }
  throw new Error('no open morning in the last 30 days');
}

describe('digests people read', () => {
  const east = 'send.east.manager@kent.example.gov.uk';
  const digestsTo = async (address: string) =>
    (await hub.outbox()).filter(
      (sent) => sent.destination.to.includes(address) && sent.subject.startsWith('SEND Hub:'),
    );

  it('gives each manager at most one digest in the hour six enquiries fall due, and a new safeguarding concern still goes at once', async () => {
    const handler = await hub.as('callhandler');
    const base = recentOpenMorning();
    const references: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const callId = `E2E-PACE-${Date.now()}-${index}`;
      const logged = await handler('POST', '/phone-logs', {
        callId,
        receivedAt: new Date(base + index * 10 * 60_000).toISOString(),
        caller: {
          name: `Caller ${index}`,
          phone: `07700 90${String(1000 + index).padStart(4, '0')}`,
          role: 'parent',
        },
        child: { postcode: 'CT1 1AA' },
        summary: `Asked how to apply for a personal budget for therapy sessions (call ${index}).`,
      });
      expect(logged.status).toBe(200);
      await hub.stack.drained();
      const call = await waitFor(async () => {
        const answer = await handler<{ reference?: string }>('GET', `/phone-logs/${callId}`);
        return answer.status === 200 ? answer.body.reference : undefined;
      }, `the reference of call ${index}`);
      references.push(call);
    }
    // Each falls due 5 working days after its call: 10:00, 10:10 ... 10:50 that day.
    const firstDue = Date.parse(
      addWorkingMinutes(
        config.calendar,
        new Date(base),
        config.serviceLevels.normal.firstResponseMinutes,
      ).toISOString(),
    );
    const before = (await digestsTo(east)).length;
    const everyoneBefore = (await hub.outbox()).length;
    // A sweep every 5 minutes through the hour from the first due time.
    for (let minute = 0; minute < 60; minute += 5) {
      await hub.stack.escalate(new Date(firstDue + minute * 60_000));
    }
    const inTheHour = (await digestsTo(east)).slice(before);
    expect(inTheHour).toHaveLength(1);
    // Nobody else the sweeps wrote to (other managers, caseworkers, the head of service) had more.
    const perRecipient = new Map<string, number>();
    for (const sent of (await hub.outbox()).slice(everyoneBefore)) {
      if (!sent.subject.startsWith('SEND Hub:')) continue;
      for (const to of sent.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    expect([...perRecipient].filter(([, count]) => count > 1)).toEqual([]);
    expect(references.some((reference) => inTheHour[0]?.body.text?.includes(reference))).toBe(true);

    // The hour is up: the next digest carries every breach that waited.
    await hub.stack.escalate(new Date(firstDue + 60 * 60_000));
    const all = (await digestsTo(east)).slice(before);
    expect(all).toHaveLength(2);
    for (const reference of references) {
      expect(all.some((sent) => sent.body.text?.includes(reference))).toBe(true);
    }

    // A new safeguarding concern: the duty alert goes at once, whatever the digests' pace.
    const concern = await enquiry(
      'Robin Worried <e2e.pace.concern@example.org>',
      'Worried about my son',
      'My son told me he wants to kill himself and he has stopped going to school. We live in Canterbury, CT2 7NZ.',
    );
    const alert = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) => sent.subject.includes(concern) && sent.subject.includes('Safeguarding concern'),
        ),
      'the duty alert',
    );
    expect(alert).toBeDefined();
    // Its urgent breach goes at once too, ten minutes after the last digest.
    await hub.stack.escalate(new Date(firstDue + 70 * 60_000));
    const urgent = (await digestsTo(east)).slice(before);
    expect(urgent).toHaveLength(3);
    expect(urgent[2]?.body.text).toContain(concern);
  });
});

describe('moving work', () => {
  it('transfers an enquiry to another team with its clock, and the receiving manager hears of it', async () => {
    const reference = await enquiry(
      'Drew Moved <e2e.transfer@example.org>',
      'Annual review paperwork',
      'Hello, we are waiting for the annual review paperwork. We live in Dartford, DA1 2EN.',
    );
    const northManager = await hub.as('manager-north');
    const before = await northManager<Detail>('GET', `/enquiries/${reference}`);
    const moved = await northManager('POST', `/enquiries/${reference}/transfer`, {
      team: 'west',
      reason: 'The family has moved to Maidstone',
      expectedVersion: before.body.enquiry.version,
    });
    expect(moved.status).toBe(200);

    const westWorker = await hub.as('cw-west-1');
    const queue = await westWorker<{ items: Row[] }>('GET', '/queue?team=west');
    expect(queue.body.items.map((row) => row.id)).toContain(reference);
    const after = await westWorker<Detail>('GET', `/enquiries/${reference}`);
    expect(after.body.enquiry.team).toBe('west');
    expect(after.body.enquiry.responseDueAt).toBe(before.body.enquiry.responseDueAt);
    expect(after.body.timeline.find((entry) => entry.type === 'reassigned')?.detail).toMatchObject({
      fromTeam: 'north',
      toTeam: 'west',
      reason: 'The family has moved to Maidstone',
    });
    expect((await northManager('GET', `/enquiries/${reference}`)).status).toBe(404);

    // The next sweep's digest tells the west manager why it came to them.
    await hub.stack.escalate(new Date(Date.now() + 60_000));
    const west = await waitFor(
      async () =>
        (await hub.outbox()).find(
          (sent) =>
            sent.destination.to.includes('send.west.manager@kent.example.gov.uk') &&
            sent.body.text?.includes(reference),
        ),
      'the west manager told',
    );
    expect(west.body.text).toContain('Transferred to your team from North Kent SEND team');
  });
});

describe('the morning summary', () => {
  it('sends each team manager one summary on an open morning, with the breaches seen coming, however many sweeps run', async () => {
    const zone = config.calendar.timeZone;
    // 08:30 hub time on an open day well after every other sweep of this file.
    let day = addDays(localDate(zone, Date.now()), 60);
    while (!isOpenAt(config.calendar, new Date(startOfLocalDay(zone, day) + 10 * 3_600_000)))
      day = addDays(day, 1);
    const morning = startOfLocalDay(zone, day) + 8.5 * 3_600_000;
    const summariesTo = async (address: string) =>
      (await hub.outbox()).filter(
        (sent) =>
          sent.destination.to.includes(address) && sent.subject.startsWith('SEND Hub morning summary'),
      );
    const north = 'send.north.manager@kent.example.gov.uk';
    const before = (await summariesTo(north)).length;
    await hub.stack.escalate(new Date(morning));
    await hub.stack.escalate(new Date(morning + 5 * 60_000));
    const sent = (await summariesTo(north)).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain('North Kent SEND team');
    expect(sent[0]?.body.text).toContain('Breaches seen coming:');
    expect(sent[0]?.body.text).toMatch(/forecast to breach in the next 5 working days/);
    expect(sent[0]?.body.html).toContain('#/dashboard?team=north');
    for (const team of ['south', 'east', 'west']) {
      expect((await summariesTo(`send.${team}.manager@kent.example.gov.uk`)).length).toBeGreaterThan(0);
    }
  });
});
