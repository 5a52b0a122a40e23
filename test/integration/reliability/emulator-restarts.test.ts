/**
 * Each service restarted in the middle of a run: this file starts its own emulators (DynamoDB Local
 * and fauxqs persisting to a temporary directory, as they do under `npm start`; the SES emulator in
 * memory), drives the production router and escalator through them, and stops and restarts each on
 * the same port while work is in flight. Lambda's event source and schedule keep going as they do
 * on AWS; afterwards every enquiry exists once, every acknowledgement went once, and every due
 * escalation was sent once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningEmulator,
  startDynamoDbLocal,
  startFauxqs,
  startSesLocal,
} from '../../../local/emulators';
import type { IntakeMessage } from '../../../shared/domain/intake-message';
import { plus, type StoredEmail } from '../../support/escalation-fixtures';
import { waitFor } from '../../support/local-stack-harness';
import { digestRows, type EscalationHub, startEscalationHub } from '../../support/reliability-escalation';
import { type Pipeline, startPipeline } from '../../support/reliability-pipeline';
import { emailIntake, phoneIntake } from '../../support/router-fixtures';

const dataDir = mkdtempSync(path.join(tmpdir(), 'send-hub-restarts-'));
let dynamo: RunningEmulator;
let fauxqs: RunningEmulator;
let ses: RunningEmulator;
let pipeline: Pipeline;
let hub: EscalationHub;
/** Everything any SES emulator instance accepted, by SES message id (an instance may keep its predecessor's outbox). */
const delivered = new Map<string, StoredEmail>();

const startDynamo = (port?: number) => startDynamoDbLocal({ port, dbPath: path.join(dataDir, 'dynamodb') });
const startQueues = (port?: number) => startFauxqs({ port, dataDir: path.join(dataDir, 'fauxqs') });

async function collectOutbox(): Promise<void> {
  const response = await fetch(`${ses.endpoint}/store`);
  for (const email of ((await response.json()) as { emails: StoredEmail[] }).emails) {
    delivered.set(email.messageId, email);
  }
}

async function stopSes(): Promise<void> {
  await collectOutbox();
  await ses.stop();
}

/** Waits until the router holds some intake (received, not yet finished). */
async function routerHoldsIntake(): Promise<void> {
  await waitFor(
    async () => ((await pipeline.inFlight()) > 0 ? true : undefined),
    'the router to take intake',
  );
}

let sequence = 0;
function intakes(label: string, count: number): IntakeMessage[] {
  return Array.from({ length: count }, () => {
    sequence += 1;
    const email = `${label}.${sequence}.${pipeline.tag}@example.org`;
    return sequence % 2 === 0
      ? emailIntake({ requester: { name: 'Rae Start', email, phone: null } })
      : phoneIntake({
          requester: { name: 'Rae Start', email, phone: `+4477009007${String(sequence).padStart(2, '0')}` },
        });
  });
}

beforeAll(async () => {
  [dynamo, fauxqs, ses] = await Promise.all([startDynamo(), startQueues(), startSesLocal()]);
  const endpoints = { dynamo: dynamo.endpoint, fauxqs: fauxqs.endpoint, ses: ses.endpoint };
  [pipeline, hub] = await Promise.all([
    // Kept in the order deployed (router timeout 30 s < in-flight window 60 s < visibility 180 s):
    // an attempt ends before its in-flight window, which ends before the message is visible again.
    // A freshly restarted DynamoDB Local can take seconds per write, hence not shorter.
    startPipeline(endpoints, { visibilityTimeoutSeconds: 5, maxReceiveCount: 100, inFlightMs: 4_000 }),
    startEscalationHub(endpoints),
  ]);
}, 120_000);

afterAll(async () => {
  await pipeline?.stopRouter();
  await Promise.all([dynamo, fauxqs, ses].map((emulator) => emulator?.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('emulators restarted in the middle of a run', () => {
  it('keeps every enquiry once and sends every acknowledgement and due escalation once', async () => {
    const all: IntakeMessage[] = [];
    const monday = '2026-11-23T09:00:00.000Z';
    const due = await hub.seed(
      Array.from({ length: 6 }, (_, i) => ({
        receivedAt: plus(monday, i),
        team: i % 2 === 0 ? 'north' : 'east',
      })),
    );
    pipeline.startRouter({ batchSize: 5, concurrency: 2 });

    // A: a normal start.
    const before = intakes('before', 5);
    all.push(...before);
    await pipeline.enqueue(...before);
    await pipeline.drained();

    // B: SES goes away while acknowledgements are being sent, and comes back on the same port.
    const sesPort = ses.port;
    await stopSes();
    const duringSes = intakes('ses-down', 5);
    all.push(...duringSes);
    await pipeline.enqueue(...duringSes);
    // The enquiries are recorded; the acknowledgements wait for SES (the messages are redelivered).
    for (const intake of duringSes) {
      const enquiry = await waitFor(
        async () => (await pipeline.enquiriesOf(intake.requester.email ?? ''))[0],
        'the router to record the enquiry',
      );
      expect(enquiry.acknowledgedAt, intake.intakeId).toBeNull();
    }
    const escalationWhileSesDown = await hub.sweep('2026-11-23T12:30:00.000Z');
    expect(escalationWhileSesDown.digests).toMatchObject({ sent: 0, failed: 2 });
    ses = await startSesLocal({ port: sesPort });
    await pipeline.drained(60_000);

    // C: DynamoDB Local goes away mid-run and comes back with its data (-dbPath).
    const dynamoPort = dynamo.port;
    await dynamo.stop();
    const duringDynamo = intakes('dynamo-down', 5);
    all.push(...duringDynamo);
    await pipeline.enqueue(...duringDynamo);
    await expect(hub.sweep('2026-11-23T12:35:00.000Z')).rejects.toThrow();
    // The router must meet the outage with these messages, not merely start after it.
    await routerHoldsIntake();
    dynamo = await startDynamo(dynamoPort);
    await pipeline.drained(60_000);

    // D: the SQS/S3 emulator goes away with messages in flight, and comes back with them (dataDir).
    const queuesPort = fauxqs.port;
    const duringQueues = intakes('sqs-down', 5);
    all.push(...duringQueues);
    await pipeline.enqueue(...duringQueues);
    await routerHoldsIntake();
    const errorsBefore = pipeline.routerErrors();
    await fauxqs.stop();
    await waitFor(
      async () => (pipeline.routerErrors() > errorsBefore ? true : undefined),
      'the event source to meet the queue gone',
    );
    fauxqs = await startQueues(queuesPort);
    await pipeline.drained(60_000);

    // The schedule keeps firing: the digests SES could not take go out once, then nothing more.
    const afterwards = await hub.sweep('2026-11-23T12:40:00.000Z');
    expect(afterwards.digests).toMatchObject({ sent: 2, failed: 0, notices: 6 });
    expect((await hub.sweep('2026-11-23T12:45:00.000Z')).digests.sent).toBe(0);
    await collectOutbox();

    for (const intake of all) {
      const address = intake.requester.email ?? '';
      const open = await pipeline.enquiriesOf(address);
      expect(
        open.map((enquiry) => enquiry.contactCount),
        intake.intakeId,
      ).toEqual([1]);
      const acks = [...delivered.values()].filter((email) => email.destination.to.includes(address));
      expect(acks, intake.intakeId).toHaveLength(1);
    }
    expect(await pipeline.deadLetters()).toBe(0);
    for (const enquiry of due) expect(await hub.stepsRecorded(enquiry.id)).toEqual(['warning']);
    const manager = (team: string) =>
      hub.config.teams.find((candidate) => candidate.id === team)?.managerEmail.toLowerCase() ?? '';
    const digests = [...delivered.values()].filter((email) => email.subject.startsWith('SEND Hub:'));
    expect(digests).toHaveLength(2);
    expect(digestRows(digests)).toEqual(
      new Map([
        [
          manager('north'),
          due
            .filter((_, i) => i % 2 === 0)
            .map((enquiry) => enquiry.id)
            .sort(),
        ],
        [
          manager('east'),
          due
            .filter((_, i) => i % 2 === 1)
            .map((enquiry) => enquiry.id)
            .sort(),
        ],
      ]),
    );
  }, 180_000);
});
