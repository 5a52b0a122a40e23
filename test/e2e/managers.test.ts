/**
 * A manager's day on the whole local stack, driven through its public doors (SMTP, the HTTP API as
 * demo users, the escalator's schedule and the SES outbox): claims that expire, people away and
 * their cover, moving work between teams, digests paced to one an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { addWorkingMinutes } from '../../shared/domain/business-calendar';
import { localDate } from '../../shared/domain/local-time';
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
