/**
 * Crashes in the middle of the work, against the emulators: a function "killed" between two of its
 * writes, then run again the way AWS would run it again (SQS redelivers the same message after its
 * visibility timeout; S3 notifications and schedules are retried or fire again). Afterwards every
 * enquiry exists once, every acknowledgement went once and every due escalation was sent once.
 *
 * Already proven elsewhere (not repeated): the router failing after the create because SES failed,
 * then redelivered (router.test.ts); a sweep crashing half-way through recording, and SES refusing
 * one recipient's digest (escalator.test.ts).
 */
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FUNCTION_TIMEOUTS } from '../../../shared/adapters/resource-definitions';
import type { IntakeQueue } from '../../../shared/intake/ports';
import type { EscalationStore } from '../../../shared/sweep/ports';
import { digestLeaseMs } from '../../../shared/sweep/run-sweep';
import { plus } from '../../support/escalation-fixtures';
import { digestRows, type EscalationHub, startEscalationHub } from '../../support/reliability-escalation';
import { type Pipeline, startPipeline } from '../../support/reliability-pipeline';
import { emailIntake } from '../../support/router-fixtures';

let pipeline: Pipeline;
let hub: EscalationHub;
/** Set to make ingest-email die just after its next message reached the queue. */
let killAfterNextQueueing = false;

class KilledError extends Error {
  override readonly name = 'KilledError';
}

function crashingAfterQueueing(inner: IntakeQueue): IntakeQueue {
  return {
    async send(message) {
      await inner.send(message);
      if (killAfterNextQueueing) {
        killAfterNextQueueing = false;
        throw new KilledError('the function was killed just after it queued the intake');
      }
    },
    sendAll: (messages) => inner.sendAll(messages),
  };
}

async function receiveOne(waitSeconds: number): Promise<Message> {
  const { Messages } = await pipeline.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: pipeline.queueUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  const [message] = Messages ?? [];
  if (message === undefined) throw new Error('no message arrived');
  return message;
}

/** The SQS event Lambda's event source builds from one received message. */
function eventOf(message: Message): SQSEvent {
  return {
    Records: [
      {
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: {
          ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: message.Attributes?.SentTimestamp ?? '0',
          SenderId: 'reliability',
          ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
        },
        messageAttributes: {},
        md5OfBody: message.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: pipeline.queueArn,
        awsRegion: 'eu-west-2',
      },
    ],
  };
}

beforeAll(async () => {
  [pipeline, hub] = await Promise.all([
    startPipeline(
      { dynamo: inject('dynamoEndpoint'), fauxqs: inject('fauxqsEndpoint'), ses: inject('sesEndpoint') },
      { ingestQueue: crashingAfterQueueing, visibilityTimeoutSeconds: 1 },
    ),
    startEscalationHub({ dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') }),
  ]);
});

describe('intake killed mid-way', () => {
  it('makes one enquiry and one acknowledgement when the router dies after writing but before the SQS delete', async () => {
    const email = `killed.router.${pipeline.tag}@example.org`;
    await pipeline.enqueue(emailIntake({ requester: { name: 'Kit Killed', email, phone: null } }));

    const first = await receiveOne(1);
    expect(await pipeline.router(eventOf(first))).toEqual({ batchItemFailures: [] });
    // Killed here: the message is never deleted, so SQS hands it out again after its visibility timeout.
    const again = await receiveOne(5);
    expect(again.MessageId).toBe(first.MessageId);
    expect(again.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(await pipeline.router(eventOf(again))).toEqual({ batchItemFailures: [] });
    await pipeline.sqs.send(
      new DeleteMessageCommand({ QueueUrl: pipeline.queueUrl, ReceiptHandle: again.ReceiptHandle }),
    );

    expect((await pipeline.enquiriesOf(email)).map((enquiry) => enquiry.contactCount)).toEqual([1]);
    expect(await pipeline.outbox(email)).toHaveLength(1);
  });

  it('makes one enquiry and one acknowledgement when ingest-email dies after queueing and Lambda runs the notification again', async () => {
    const email = `killed.ingest.${pipeline.tag}@example.org`;
    const key = await pipeline.storeMail(
      [
        `From: Ina Killed <${email}>`,
        'To: send.enquiries@kent.example.gov.uk',
        'Subject: Annual review paperwork',
        'Date: Wed, 6 May 2026 08:31:44 +0100',
        `Message-ID: <killed.ingest.${pipeline.tag}@mail.example.org>`,
        '',
        'We have not had the paperwork from the annual review.',
        '',
      ].join('\r\n'),
    );

    killAfterNextQueueing = true;
    await expect(pipeline.ingestEmail(key)).rejects.toThrow(/could not be ingested; will retry/);
    // Lambda retries the failed asynchronous invocation with the same notification: the message is
    // on the queue twice, and the router's intake marker makes the second copy change nothing.
    const retried = await pipeline.ingestEmail(key);
    await pipeline.drained();

    expect(retried.map((result) => result.status)).toEqual(['queued']);
    expect((await pipeline.enquiriesOf(email)).map((enquiry) => enquiry.contactCount)).toEqual([1]);
    expect(await pipeline.outbox(email)).toHaveLength(1);
    expect(await pipeline.deadLetters()).toBe(0);
  });
});

describe('escalator killed mid-way', () => {
  const monday = '2026-11-23T09:00:00.000Z';

  it('sends every recorded step once on the next sweep when a sweep dies after recording and before sending', async () => {
    const seeded = await hub.seed(
      Array.from({ length: 8 }, (_, i) => ({
        receivedAt: plus(monday, i),
        team: i % 2 === 0 ? 'east' : 'west',
      })),
    );
    const dying: EscalationStore = {
      recordEscalation: (...args) => hub.store.recordEscalation(...args),
      pendingRecipients: async () => {
        throw new KilledError('the sweep was killed between recording and sending');
      },
      pendingNotices: (...args) => hub.store.pendingNotices(...args),
      clearNotices: (notices) => hub.store.clearNotices(notices),
      claimDigest: (...args) => hub.store.claimDigest(...args),
      releaseDigest: (...args) => hub.store.releaseDigest(...args),
    };
    const at = '2026-11-23T12:30:00.000Z';

    await expect(hub.sweep(at, { store: dying })).rejects.toBeInstanceOf(KilledError);
    expect(await hub.newMail()).toEqual([]);
    const next = await hub.sweep('2026-11-23T12:35:00.000Z');

    expect(next.escalated).toBe(0);
    expect(next.digests).toMatchObject({ sent: 2, failed: 0, notices: 8 });
    const rows = digestRows(await hub.newMail());
    const manager = (team: string) =>
      hub.config.teams.find((candidate) => candidate.id === team)?.managerEmail.toLowerCase() ?? '';
    expect(rows).toEqual(
      new Map([
        [
          manager('east'),
          seeded
            .filter((_, i) => i % 2 === 0)
            .map((enquiry) => enquiry.id)
            .sort(),
        ],
        [
          manager('west'),
          seeded
            .filter((_, i) => i % 2 === 1)
            .map((enquiry) => enquiry.id)
            .sort(),
        ],
      ]),
    );
    for (const enquiry of seeded) expect(await hub.stepsRecorded(enquiry.id)).toEqual(['warning']);
    expect((await hub.sweep('2026-11-23T12:40:00.000Z')).digests.sent).toBe(0);
    expect(await hub.newMail()).toEqual([]);
  });

  it('holds a digest while a killed sweep still owns its lease, then sends it once when the lease runs out', async () => {
    const [enquiry] = await hub.seed([{ receivedAt: plus(monday, 0), team: 'south' }]);
    let killedAt = 0;
    const diesHoldingLease: EscalationStore = {
      recordEscalation: (...args) => hub.store.recordEscalation(...args),
      pendingRecipients: () => hub.store.pendingRecipients(),
      pendingNotices: (...args) => hub.store.pendingNotices(...args),
      clearNotices: (notices) => hub.store.clearNotices(notices),
      async claimDigest(recipient, owner, nowMs, leaseMs) {
        const claimed = await hub.store.claimDigest(recipient, owner, nowMs, leaseMs);
        killedAt = nowMs;
        throw new KilledError(`killed holding the lease (${claimed ? 'taken' : 'not taken'})`);
      },
      releaseDigest: (...args) => hub.store.releaseDigest(...args),
    };

    await expect(hub.sweep('2026-11-23T12:30:00.000Z', { store: diesHoldingLease })).rejects.toBeInstanceOf(
      KilledError,
    );
    const whileHeld = await hub.sweep('2026-11-23T12:35:00.000Z', {
      clock: () => new Date(killedAt + digestLeaseMs(FUNCTION_TIMEOUTS) - 1_000),
    });
    expect(whileHeld.digests).toMatchObject({ sent: 0, busy: 1 });
    expect(await hub.newMail()).toEqual([]);

    const afterExpiry = await hub.sweep('2026-11-23T12:40:00.000Z', {
      clock: () => new Date(killedAt + digestLeaseMs(FUNCTION_TIMEOUTS) + 1_000),
    });
    expect(afterExpiry.digests).toMatchObject({ sent: 1, notices: 1 });
    const south = hub.config.teams.find((team) => team.id === 'south')?.managerEmail.toLowerCase() ?? '';
    expect(digestRows(await hub.newMail())).toEqual(new Map([[south, [enquiry?.id]]]));
    expect(await hub.stepsRecorded(enquiry?.id ?? '')).toEqual(['warning']);
  });
});
