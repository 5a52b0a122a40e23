/**
 * Duplicate deliveries at every hop, at the same moment rather than one after another: SES's S3
 * notification twice at once, the same mail stored twice, the same intake on three SQS messages
 * routed by concurrent invocations, the same call posted twice at once, and the schedule firing the
 * escalator several times for one instant. The production handlers run against the emulators;
 * the result must be one enquiry, one acknowledgement, one escalation step and one digest.
 *
 * Already proven elsewhere (not repeated): one notification delivered twice in a row and one
 * Message-ID under two keys (ingest-email.test.ts), one intake on two SQS messages in a row
 * (router.test.ts), two sweeps at once through the use case (escalator.test.ts), and the same
 * races against in-memory stores (unit tests of the router and the sweep).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { plus } from '../../support/escalation-fixtures';
import { digestRows, type EscalationHub, startEscalationHub } from '../../support/reliability-escalation';
import { type Pipeline, startPipeline } from '../../support/reliability-pipeline';
import { emailIntake, phoneIntake } from '../../support/router-fixtures';

let pipeline: Pipeline;
let hub: EscalationHub;

function parentMail(from: string, messageId: string): string {
  return [
    `From: Nat Twice <${from}>`,
    'To: send.enquiries@kent.example.gov.uk',
    'Subject: Our taxi has stopped',
    'Date: Wed, 6 May 2026 08:31:44 +0100',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The school taxi has not come for three days.',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  [pipeline, hub] = await Promise.all([
    startPipeline(
      { dynamo: inject('dynamoEndpoint'), fauxqs: inject('fauxqsEndpoint'), ses: inject('sesEndpoint') },
      // Three copies race: the losers back off until the winner's acknowledgement is recorded.
      { inFlightMs: 3_000, visibilityTimeoutSeconds: 5 },
    ),
    startEscalationHub({ dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') }),
  ]);
});

describe('the same mail delivered more than once, all at once', () => {
  it('makes one enquiry and one acknowledgement from two simultaneous notifications and a second stored copy', async () => {
    const from = `twice.${pipeline.tag}@example.org`;
    const raw = parentMail(from, `twice.${pipeline.tag}@mail.example.org`);
    const first = await pipeline.storeMail(raw);
    const second = await pipeline.storeMail(raw);

    const results = await Promise.all([
      pipeline.ingestEmail(first),
      pipeline.ingestEmail(first),
      pipeline.ingestEmail(second),
    ]);
    pipeline.startRouter({ batchSize: 1, concurrency: 4 });
    await pipeline.drained();

    // Each notification is queued or recognised as a duplicate; none is lost or failed.
    for (const [result] of results) expect(['queued', 'duplicate']).toContain(result?.status);
    const [enquiry, ...others] = await pipeline.enquiriesOf(from);
    expect(others).toEqual([]);
    expect(enquiry?.contactCount).toBe(1);
    expect(await pipeline.outbox(from)).toHaveLength(1);
    expect(await pipeline.deadLetters()).toBe(0);
  });

  it('makes one enquiry and one acknowledgement per intake when every intake is on three SQS messages routed at once', async () => {
    const emails = Array.from({ length: 6 }, (_, i) =>
      emailIntake({
        requester: { name: 'Ria Race', email: `race.${i}.${pipeline.tag}@example.org`, phone: null },
      }),
    );
    const calls = Array.from({ length: 4 }, (_, i) =>
      phoneIntake({
        requester: {
          name: 'Cal Race',
          email: `race.call.${i}.${pipeline.tag}@example.org`,
          phone: `+4477009005${String(i).padStart(2, '0')}`,
        },
      }),
    );
    const intakes = [...emails, ...calls];
    await pipeline.stopRouter();
    await pipeline.enqueue(...intakes, ...intakes, ...intakes);

    pipeline.startRouter({ batchSize: 1, concurrency: 4 });
    await pipeline.drained(60_000);

    for (const intake of intakes) {
      const address = intake.requester.email ?? '';
      const open = await pipeline.enquiriesOf(address);
      expect(
        open.map((enquiry) => enquiry.contactCount),
        address,
      ).toEqual([1]);
      expect(await pipeline.outbox(address), address).toHaveLength(1);
    }
    expect(await pipeline.deadLetters()).toBe(0);
  });

  it('makes one enquiry of a call posted twice at the same moment', async () => {
    const email = `posted.twice.${pipeline.tag}@example.org`;
    const body = JSON.stringify({
      callId: `TWICE-${pipeline.tag}`,
      receivedAt: '2026-11-23T10:02:00Z',
      caller: { name: 'Pat Twice', phone: '07700 900688', email },
      summary: 'Asked when the taxi will start again.',
    });

    const answers = await Promise.all([pipeline.postPhoneLogs(body), pipeline.postPhoneLogs(body)]);
    await pipeline.drained();

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await pipeline.enquiriesOf(email)).map((enquiry) => enquiry.contactCount)).toEqual([1]);
    expect(await pipeline.outbox(email)).toHaveLength(1);
  });
});

describe('the escalation schedule firing more than once for one instant', () => {
  it('takes each step once and sends each recipient one digest, however the firings overlap', async () => {
    const monday = '2026-11-23T09:00:00.000Z';
    const seeded = await hub.seed(
      Array.from({ length: 12 }, (_, i) => ({
        receivedAt: plus(monday, 5 * i),
        team: (['north', 'south', 'east', 'west'] as const)[i % 4] ?? 'north',
      })),
    );
    // Urgent, 4 working hours: warnings from 12:00, breaches from 13:00 (five minutes apart).
    const at = '2026-11-23T13:20:00.000Z';

    const concurrent = await Promise.all([
      hub.sweep(at, { requestId: 'retried-invocation' }),
      hub.sweep(at, { requestId: 'retried-invocation' }),
      hub.sweep(at),
      hub.sweep(at),
    ]);
    const later = await hub.sweep(at);

    const warnings = concurrent.reduce((sum, summary) => sum + (summary.steps.warning ?? 0), 0);
    const breaches = concurrent.reduce((sum, summary) => sum + (summary.steps.breach ?? 0), 0);
    // A firing that repeats a retried invocation's request may report the same steps; storage holds them once.
    expect(warnings).toBeGreaterThanOrEqual(12);
    expect(breaches).toBeGreaterThanOrEqual(5);
    expect(later.escalated).toBe(0);
    for (const [i, enquiry] of seeded.entries()) {
      expect(await hub.stepsRecorded(enquiry.id), enquiry.id).toEqual(
        i < 5 ? ['warning', 'breach'] : ['warning'],
      );
    }
    const mail = await hub.newMail();
    const managers = hub.config.teams
      .filter((team) => team.id !== 'hub-triage')
      .map((team) => team.managerEmail.toLowerCase())
      .sort();
    expect(mail.flatMap((email) => email.destination.to.map((to) => to.toLowerCase())).sort()).toEqual(
      managers,
    );
    const rows = digestRows(mail);
    expect([...rows.values()].flat().sort()).toEqual(seeded.map((enquiry) => enquiry.id).sort());
  });
});
