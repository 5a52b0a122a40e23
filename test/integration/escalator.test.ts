/**
 * The escalator against DynamoDB Local and the SES emulator: exact digests for staggered due
 * times, exactly-once under concurrent sweeps, SES failures and crashes, and read cost that does
 * not grow with closed history.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { dynamoDocumentClient, sesClient } from '../../shared/adapters/aws-clients';
import { meterCapacity } from '../../shared/adapters/capacity-meter';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { AWAIT_SHARDS } from '../../shared/adapters/dynamo-keys';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { DynamoEscalationStore } from '../../shared/adapters/escalation-store';
import { SesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { applyResponse, type Enquiry } from '../../shared/domain/enquiry';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { tableCaseworkerDirectory } from '../../shared/escalation/caseworker-directory';
import type { Mailer } from '../../shared/mail/outgoing-email';
import type { EscalationStore } from '../../shared/sweep/ports';
import { runEscalationSweep, type SweepDeps, type SweepSummary } from '../../shared/sweep/run-sweep';
import { digestSteps } from '../support/digest-steps';
import {
  freshTable,
  plus,
  type StoredEmail,
  seedOpenEnquiries,
  sentTo,
  taggedHubConfig,
  writeResolvedHistory,
} from '../support/escalation-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const sesEndpoint = inject('sesEndpoint');
const sesMailer = new SesMailer(sesClient({ endpoint: sesEndpoint }));
const TEAMS = ['north', 'south', 'east', 'west'] as const;
/** Monday 23 November 2026, 09:00 in London (GMT): the hub opens. */
const MONDAY_0900 = '2026-11-23T09:00:00.000Z';

/** One hub under test: its own table, its own staff addresses, the real adapters. */
async function hub(name: string) {
  const tag = `${name}${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const config = taggedHubConfig(tag);
  const tableName = await freshTable(dynamoEndpoint, name);
  const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
  const meter = meterCapacity(documents);
  const enquiries = new EnquiryRepository(documents, tableName);
  const caseworkers = new CaseworkerRepository(documents, tableName);
  for (const caseworker of config.caseworkers)
    await caseworkers.putCaseworker({ ...caseworker, active: true });
  const store = new DynamoEscalationStore(documents, tableName);
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  const seen = new Set<string>();
  return {
    tag,
    config,
    documents,
    tableName,
    meter,
    enquiries,
    store,
    deps(overrides: Partial<SweepDeps> = {}): SweepDeps {
      return {
        config,
        enquiries,
        store,
        caseworkers: tableCaseworkerDirectory(caseworkers, config),
        mailer: sesMailer,
        clock: () => new Date(),
        timeouts: FUNCTION_TIMEOUTS,
        sweepId: randomUUID(),
        ...overrides,
      };
    },
    /** Emails to this hub's staff that no earlier call returned. */
    async newMail(): Promise<StoredEmail[]> {
      const fresh = (await sentTo(sesEndpoint, tag, startedAt)).filter((email) => !seen.has(email.messageId));
      for (const email of fresh) seen.add(email.messageId);
      return fresh;
    },
  };
}

/** `recipient -> reference -> steps` as the digests' text tables show them. */
function digestRows(emails: readonly StoredEmail[]): Map<string, Map<string, string[]>> {
  const rows = new Map<string, Map<string, string[]>>();
  for (const email of emails) {
    for (const to of email.destination.to) {
      const recipient = to.toLowerCase();
      const byReference = rows.get(recipient) ?? new Map<string, string[]>();
      rows.set(recipient, byReference);
      for (const [reference, steps] of digestSteps(email.body.html ?? '')) {
        byReference.set(reference, [...(byReference.get(reference) ?? []), steps.join(', ')]);
      }
    }
  }
  return rows;
}

type Expected = Map<string, Map<string, string[]>>;

function expect1(expected: Expected, recipient: string, reference: string, step: string): void {
  const byReference = expected.get(recipient) ?? new Map<string, string[]>();
  expected.set(recipient, byReference);
  const steps = byReference.get(reference);
  // Steps of one enquiry for one recipient share a row, in ladder order.
  byReference.set(reference, [steps === undefined ? step : `${steps[0]}, ${step}`]);
}

function recipientsOf(emails: readonly StoredEmail[]): string[] {
  return emails.flatMap((email) => email.destination.to.map((to) => to.toLowerCase())).sort();
}

describe('escalator sweeps (DynamoDB Local + SES emulator)', () => {
  it('sends exactly the expected digests for 200 enquiries with staggered due times', async () => {
    const h = await hub('esc200');
    // Urgent (4 working hours): warning at 12:00+i, breach at 13:00+i, head of service 4 working
    // hours after the breach: Monday 17:00 for i = 0, else Tuesday 09:00+i.
    const plan = Array.from({ length: 200 }, (_, i) => {
      const team = TEAMS[i % 4] ?? 'north';
      return { receivedAt: plus(MONDAY_0900, i), team, assignee: i % 3 === 0 ? `cw-${team}-1` : null };
    });
    const seeded = (await seedOpenEnquiries(h.enquiries, h.config, plan)).map((enquiry, i) => ({
      enquiry,
      i,
      assignee: plan[i]?.assignee ?? null,
    }));
    const emailOf = (id: string) =>
      h.config.caseworkers.find((caseworker) => caseworker.id === id)?.email ?? '';
    const team = (enquiry: Enquiry) => h.config.teams.find((candidate) => candidate.id === enquiry.team);
    const steps = (i: number) => [
      { id: 'warning', at: Date.parse(plus('2026-11-23T12:00:00Z', i)) },
      { id: 'breach', at: Date.parse(plus('2026-11-23T13:00:00Z', i)) },
      {
        id: 'head-of-service',
        at: i === 0 ? Date.parse('2026-11-23T17:00:00Z') : Date.parse(plus('2026-11-24T09:00:00Z', i)),
      },
    ];
    const sweeps = ['2026-11-23T12:30:00.000Z', '2026-11-23T14:00:00.000Z', '2026-11-24T09:30:00.000Z'];
    let previous = 0;
    for (const now of sweeps) {
      const expected: Expected = new Map();
      for (const { enquiry, i, assignee } of seeded) {
        for (const step of steps(i)) {
          if (step.at <= previous || step.at > Date.parse(now)) continue;
          const recipient =
            step.id === 'warning'
              ? assignee === null
                ? (team(enquiry)?.managerEmail ?? '')
                : emailOf(assignee)
              : step.id === 'breach'
                ? (team(enquiry)?.managerEmail ?? '')
                : (team(enquiry)?.headOfServiceEmail ?? '');
          expect1(expected, recipient, enquiry.id, step.id);
        }
      }
      previous = Date.parse(now);

      const summary = await runEscalationSweep(h.deps(), now);
      const mail = await h.newMail();

      expect(recipientsOf(mail)).toEqual([...expected.keys()].sort());
      expect(digestRows(mail)).toEqual(expected);
      expect(summary.digests).toMatchObject({ sent: expected.size, failed: 0, busy: 0 });
    }
    // The first enquiry climbed the whole ladder; the last is waiting for its last rung.
    const first = await h.enquiries.getEnquiry(seeded[0]?.enquiry.id ?? '');
    const last = await h.enquiries.getEnquiry(seeded[199]?.enquiry.id ?? '');
    expect(first?.escalationSteps).toEqual(['warning', 'breach', 'head-of-service']);
    expect(first?.nextEscalationAt).toBeNull();
    // Received 12:19 Monday: its head-of-service step falls Tuesday 12:19, still ahead.
    expect(last?.escalationSteps).toEqual(['warning', 'breach']);
    expect(last?.nextEscalationAt).toBe('2026-11-24T12:19:00.000Z');
    expect(await h.newMail()).toEqual([]);
  });

  it('takes each step once when two sweeps run at the same moment', async () => {
    const h = await hub('esccon');
    const seeded = await seedOpenEnquiries(
      h.enquiries,
      h.config,
      Array.from({ length: 40 }, (_, i) => {
        const team = TEAMS[i % 4] ?? 'north';
        return { receivedAt: plus(MONDAY_0900, 3 * i), team, assignee: i % 2 === 0 ? `cw-${team}-2` : null };
      }),
    );
    const now = '2026-11-23T14:00:00.000Z';
    const [first, second] = await Promise.all([
      runEscalationSweep(h.deps(), now),
      runEscalationSweep(h.deps(), now),
    ]);
    const taken = (summary: SweepSummary | undefined, step: string) => summary?.steps[step] ?? 0;
    // Warnings at 12:00+3i are all due; breaches at 13:00+3i for i <= 20.
    expect(taken(first, 'warning') + taken(second, 'warning')).toBe(40);
    expect(taken(first, 'breach') + taken(second, 'breach')).toBe(21);

    const mail = await h.newMail();
    const rows = digestRows(mail);
    for (const [recipient, byReference] of rows) {
      for (const [reference, lines] of byReference) {
        expect({ recipient, reference, lines: lines.length }).toEqual({ recipient, reference, lines: 1 });
      }
    }
    const listed = [...rows.values()].flatMap((byReference) => [...byReference.entries()]);
    const stepsListed = listed.flatMap(([, lines]) => lines.flatMap((line) => line.split(', ')));
    expect(stepsListed.filter((step) => step === 'warning')).toHaveLength(40);
    expect(stepsListed.filter((step) => step === 'breach')).toHaveLength(21);

    for (const enquiry of seeded) {
      const timeline = await h.enquiries.getTimeline(enquiry.id);
      const escalated = timeline.flatMap((entry) =>
        entry.kind === 'event' && entry.event.type === 'escalated' ? [entry.event.detail.step] : [],
      );
      expect(new Set(escalated).size).toBe(escalated.length);
    }
  });

  it('delays the digest of a recipient SES refused to the next sweep, losing and repeating nothing', async () => {
    const h = await hub('escses');
    const seeded = await seedOpenEnquiries(
      h.enquiries,
      h.config,
      Array.from({ length: 12 }, (_, i) => ({
        receivedAt: plus(MONDAY_0900, 10 * i),
        team: TEAMS[i % 4] ?? 'north',
      })),
    );
    const east = h.config.teams.find((team) => team.id === 'east')?.managerEmail ?? '';
    const refusing: Mailer = {
      async send(email) {
        if (email.to.includes(east))
          throw Object.assign(new Error('Throttling'), { name: 'TooManyRequestsException' });
        return sesMailer.send(email);
      },
    };
    // 12:45: warnings (12:00+10i) for i = 0..4; i = 2 is East's.
    const first = await runEscalationSweep(h.deps({ mailer: refusing }), '2026-11-23T12:45:00.000Z');
    expect(first.digests).toMatchObject({ sent: 3, failed: 1 });
    const firstMail = await h.newMail();
    expect(recipientsOf(firstMail)).not.toContain(east);
    expect(recipientsOf(firstMail)).toHaveLength(3);

    // 12:50: East's waiting digest goes out, plus the one new warning (i = 5, South).
    const second = await runEscalationSweep(h.deps(), '2026-11-23T12:50:00.000Z');
    expect(second.digests).toMatchObject({ sent: 2, failed: 0 });
    const secondMail = await h.newMail();
    const rows = digestRows(secondMail);
    expect([...(rows.get(east)?.entries() ?? [])]).toEqual([[seeded[2]?.id, ['warning']]]);
    const south = h.config.teams.find((team) => team.id === 'south')?.managerEmail ?? '';
    expect([...(rows.get(south)?.keys() ?? [])]).toEqual([seeded[5]?.id]);

    const third = await runEscalationSweep(h.deps(), '2026-11-23T12:51:00.000Z');
    expect(third.digests.sent).toBe(0);
    expect(await h.newMail()).toEqual([]);
  });

  it('finishes the job after a sweep crashed half-way, without repeating a step', async () => {
    const h = await hub('esccrash');
    const seeded = await seedOpenEnquiries(
      h.enquiries,
      h.config,
      Array.from({ length: 30 }, (_, i) => ({ receivedAt: plus(MONDAY_0900, i), team: 'west' })),
    );
    let recorded = 0;
    const crashing: EscalationStore = {
      pendingRecipients: () => h.store.pendingRecipients(),
      pendingNotices: (recipient, limit) => h.store.pendingNotices(recipient, limit),
      clearNotices: (notices) => h.store.clearNotices(notices),
      claimDigest: (...args) => h.store.claimDigest(...args),
      releaseDigest: (...args) => h.store.releaseDigest(...args),
      async recordEscalation(before, transition, notices, sweepId) {
        const stored = await h.store.recordEscalation(before, transition, notices, sweepId);
        recorded += 1;
        if (recorded === 10) throw new Error('the Lambda ran out of memory');
        return stored;
      },
    };
    const now = '2026-11-23T12:30:00.000Z';
    await expect(runEscalationSweep(h.deps({ store: crashing }), now)).rejects.toThrow('out of memory');
    expect(await h.newMail()).toEqual([]);

    const retry = await runEscalationSweep(h.deps(), now);
    expect(retry.digests.sent).toBe(1);
    const mail = await h.newMail();
    expect(mail).toHaveLength(1);
    const manager = h.config.teams.find((team) => team.id === 'west')?.managerEmail ?? '';
    // Warnings at 12:00+i are due for i <= 30: all 30, each listed once.
    expect(digestRows(mail)).toEqual(new Map([[manager, new Map(seeded.map((e) => [e.id, ['warning']]))]]));
    expect(mail[0]?.subject).toBe('SEND Hub: 30 enquiries due a response soon');
  });

  it('reads the same capacity whether closed history is small or ten times larger', async () => {
    const h = await hub('escrcu');
    const policy = hubServiceLevels(h.config);
    const history = (count: number, offset: number) =>
      Array.from({ length: count }, (_, i) => plus('2026-11-16T09:00:00.000Z', (offset + i) % 2000));

    const sweepOver = async (day: string): Promise<number> => {
      const due = await seedOpenEnquiries(
        h.enquiries,
        h.config,
        Array.from({ length: 20 }, (_, i) => ({
          receivedAt: plus(`${day}T09:00:00.000Z`, i),
          team: 'north',
        })),
      );
      h.meter.reset();
      const summary = await runEscalationSweep(h.deps(), `${day}T12:30:00.000Z`);
      const reads = h.meter.total.readUnits;
      expect(summary.steps).toEqual({ warning: 20 });
      // Answered: they leave the awaiting index, as real work would take them off it.
      for (const enquiry of due) {
        await h.enquiries.modify(enquiry.id, (current) =>
          applyResponse(current, `${day}T12:40:00.000Z`, 'cw-north-1', policy),
        );
      }
      return reads;
    };

    await writeResolvedHistory(h.documents, h.tableName, h.config, history(100, 0));
    const small = await sweepOver('2026-11-23');
    await writeResolvedHistory(h.documents, h.tableName, h.config, history(900, 100));
    const large = await sweepOver('2026-11-25');

    // Each of the 4 shard queries rounds its own item bytes up to a read unit, so the two sweeps may
    // differ by up to half a unit per shard; scanning 900 more enquiries would cost ~100 units.
    expect(small).toBeGreaterThan(0);
    expect(Math.abs(large - small)).toBeLessThanOrEqual(AWAIT_SHARDS * 0.5);
  });
});
