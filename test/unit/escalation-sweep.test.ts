/**
 * The sweep use case over an in-memory store that keeps the same promises as DynamoDB (version
 * conditions, conditional leases): whatever SES refuses and however sweeps overlap, every step
 * reaches its recipient exactly once.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import { defaultHubConfig } from '../../shared/config/load-hub-config';
import { type Enquiry, openEnquiry } from '../../shared/domain/enquiry';
import { VersionConflictError } from '../../shared/domain/errors';
import { hubServiceLevels } from '../../shared/domain/service-level';
import { NO_SAFEGUARDING_CONCERN, type Priority } from '../../shared/domain/taxonomy';
import type { EscalationNotice } from '../../shared/escalation/escalation-plan';
import type { OutgoingEmail } from '../../shared/mail/outgoing-email';
import { noticeIdentity } from '../../shared/sweep/digest';
import type { EscalationStore } from '../../shared/sweep/ports';
import { runEscalationSweep, type SweepDeps } from '../../shared/sweep/run-sweep';
import { digestSteps } from '../support/digest-steps';

const config = defaultHubConfig();
const policy = hubServiceLevels(config);
const TEAMS = ['north', 'south', 'east', 'west'] as const;
const DISTRICTS = { north: 'dartford', south: 'dover', east: 'thanet', west: 'maidstone' } as const;
const MONDAY_0900 = Date.parse('2026-11-23T09:00:00Z');
/** Every step of every enquiry received on Monday 23rd has fallen due (normal: breach Mon 30th, head of service Tue 1st). */
const FINAL = '2026-12-02T17:00:00.000Z';

/** Lets other pending work run, as a network round trip would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Enquiries, outbox and leases in memory, with DynamoDB's conditions. */
class MemoryHub implements EscalationStore {
  readonly enquiries = new Map<string, Enquiry>();
  private readonly outbox = new Map<string, EscalationNotice>();
  private readonly leases = new Map<string, { owner: string; until: number }>();

  async *dueForEscalation(now: string): AsyncGenerator<Enquiry> {
    const due = [...this.enquiries.values()].filter(
      (enquiry) =>
        enquiry.status === 'open' &&
        enquiry.nextEscalationAt !== null &&
        Date.parse(enquiry.nextEscalationAt) <= Date.parse(now),
    );
    for (const enquiry of due) {
      await tick();
      yield enquiry;
    }
  }

  async getEnquiry(id: string): Promise<Enquiry | null> {
    await tick();
    return this.enquiries.get(id) ?? null;
  }

  async recordEscalation(
    before: Enquiry,
    transition: { enquiry: Enquiry },
    notices: readonly EscalationNotice[],
  ) {
    await tick();
    const current = this.enquiries.get(before.id);
    if (current === undefined || current.version !== before.version) {
      throw new VersionConflictError(before.id, before.version);
    }
    const stored = { ...transition.enquiry, version: before.version + 1 };
    this.enquiries.set(before.id, stored);
    for (const notice of notices) this.outbox.set(noticeIdentity(notice), notice);
    return stored;
  }

  async pendingRecipients() {
    await tick();
    return [...new Set([...this.outbox.values()].map((notice) => notice.recipient))].sort();
  }

  async pendingNotices(recipient: string, limit: number) {
    await tick();
    return [...this.outbox.values()].filter((notice) => notice.recipient === recipient).slice(0, limit);
  }

  async clearNotices(notices: readonly EscalationNotice[]) {
    await tick();
    for (const notice of notices) this.outbox.delete(noticeIdentity(notice));
  }

  async claimDigest(recipient: string, owner: string, nowMs: number, leaseMs: number) {
    await tick();
    const lease = this.leases.get(recipient);
    if (lease !== undefined && lease.until >= nowMs) return false;
    this.leases.set(recipient, { owner, until: nowMs + leaseMs });
    return true;
  }

  async releaseDigest(recipient: string, owner: string) {
    await tick();
    if (this.leases.get(recipient)?.owner === owner) this.leases.delete(recipient);
  }
}

/** `enquiry id|step` for every step each delivered digest lists. */
function delivered(emails: readonly OutgoingEmail[]): string[] {
  return emails.flatMap((email) =>
    digestSteps(email.html ?? '').flatMap(([reference, steps]) =>
      steps.map((step) => `${reference}|${step}`),
    ),
  );
}

const scenario = fc.record({
  enquiries: fc.array(
    fc.record({
      minutesAfterOpening: fc.integer({ min: 0, max: 479 }),
      team: fc.constantFrom(...TEAMS),
      priority: fc.constantFrom<Priority>('urgent', 'high', 'normal'),
      assigned: fc.boolean(),
    }),
    { minLength: 1, maxLength: 25 },
  ),
  sweeps: fc.array(
    fc.record({
      minutesAfterMonday: fc.integer({ min: 0, max: 7 * 24 * 60 }),
      refuse: fc.subarray([...TEAMS]),
      twice: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
});

describe('escalation sweep (in memory)', () => {
  it('delivers every step exactly once, whatever SES refuses and however sweeps overlap', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ enquiries, sweeps }) => {
        const hub = new MemoryHub();
        enquiries.forEach((spec, index) => {
          const { enquiry } = openEnquiry(
            {
              id: `SEND-${(index + 2).toString(10).padStart(6, '2').replaceAll('0', 'Z').replaceAll('1', 'Y')}`,
              triage: {
                topic: 'health',
                priority: spec.priority,
                role: 'parent',
                district: DISTRICTS[spec.team],
                reasons: [],
                safeguarding: NO_SAFEGUARDING_CONCERN,
              },
              team: spec.team,
              channel: 'phone',
              requester: { name: null, email: null, phone: '+447700900123' },
              subject: 'Call',
              receivedAt: new Date(MONDAY_0900 + spec.minutesAfterOpening * 60_000).toISOString(),
              now: new Date(MONDAY_0900 + spec.minutesAfterOpening * 60_000).toISOString(),
              actor: 'router',
            },
            policy,
          );
          hub.enquiries.set(
            enquiry.id,
            spec.assigned ? { ...enquiry, assignee: `cw-${spec.team}-1` } : enquiry,
          );
        });
        const sent: OutgoingEmail[] = [];
        let sweepNumber = 0;
        const deps = (refused: readonly string[]): SweepDeps => {
          sweepNumber += 1;
          return {
            config,
            enquiries: hub,
            store: hub,
            caseworkers: {
              find: async (id) => ({
                id,
                name: `Caseworker ${id}`,
                email: `${id}@kent.example.gov.uk`,
                active: true,
              }),
            },
            mailer: {
              async send(email) {
                await tick();
                if (
                  refused.some((team) =>
                    email.to.some((to) => to.includes(`.${team}.`) || to.includes(`cw-${team}`)),
                  )
                ) {
                  throw new Error('SES refused');
                }
                sent.push(email);
                return { providerMessageId: `ses-${sent.length}` };
              },
            },
            clock: () => new Date(),
            timeouts: FUNCTION_TIMEOUTS,
            sweepId: `sweep-${sweepNumber}`,
          };
        };
        const instants = [...sweeps].sort((a, b) => a.minutesAfterMonday - b.minutesAfterMonday);
        for (const sweep of instants) {
          const now = new Date(
            Date.parse('2026-11-23T00:00:00Z') + sweep.minutesAfterMonday * 60_000,
          ).toISOString();
          const runs = sweep.twice ? [deps(sweep.refuse), deps(sweep.refuse)] : [deps(sweep.refuse)];
          await Promise.all(runs.map((run) => runEscalationSweep(run, now)));
        }
        await runEscalationSweep(deps([]), FINAL);

        const expected = [...hub.enquiries.keys()].flatMap((id) =>
          ['warning', 'breach', 'head-of-service'].map((step) => `${id}|${step}`),
        );
        expect(delivered(sent).sort()).toEqual(expected.sort());
      }),
      { numRuns: 60 },
    );
  });
});
