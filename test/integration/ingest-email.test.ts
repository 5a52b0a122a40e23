import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { Context, S3Event } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { IngestEmailRetryError, makeIngestEmailHandler } from '../../functions/ingest-email/handler';
import { onAwsCall, s3Client, sqsClient } from '../../shared/adapters/aws-clients';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { EmailIntake } from '../../shared/domain/intake-message';

const endpoint = inject('fauxqsEndpoint');
const s3 = s3Client({ endpoint });
const sqs = sqsClient({ endpoint });
const run = randomUUID().slice(0, 8);
const BUCKET = `ingest-email-it-${run}`;
const HUB = 'front.door@borough.example.gov.uk';
const NOW = new Date('2026-05-06T08:40:00Z');
let queueUrl = '';

function makeHandler(overrides: { maxMailBytes?: number } = {}) {
  return makeIngestEmailHandler({
    store: new S3RawMailStore(s3),
    queue: new SqsIntakeQueue(sqs, queueUrl),
    hubAddresses: [HUB],
    councilDomains: ['borough.example.gov.uk'],
    maxMailBytes: overrides.maxMailBytes ?? 40 * 1024 * 1024,
    maxQueueMessageBytes: 256 * 1024,
    inboundPrefix: 'inbound/',
    logger: new Logger({ serviceName: 'ingest-email-test', logLevel: 'SILENT' }),
    now: () => NOW,
  });
}

function mail(options: { messageId?: string; extraHeaders?: string[]; from?: string } = {}): string {
  return [
    ...(options.extraHeaders ?? []),
    `From: ${options.from ?? 'Indigo Lane <indigo.lane@example.org>'}`,
    `To: ${HUB}`,
    'Date: Wed, 6 May 2026 08:31:44 +0100',
    'Subject: Help with an assessment request',
    ...(options.messageId === undefined ? [] : [`Message-ID: ${options.messageId}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please tell me how to ask for an assessment for my son.',
    '',
  ].join('\r\n');
}

async function store(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** An S3 notification as S3 sends it: keys URL-encoded, spaces as `+`. */
function notification(...keys: string[]): S3Event {
  return {
    Records: keys.map((key) => ({
      eventTime: '2026-05-06T07:33:10.000Z',
      s3: {
        bucket: { name: BUCKET },
        object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') },
      },
    })),
  } as S3Event;
}

async function drainQueue(): Promise<{ body: EmailIntake; message: Message }[]> {
  const received: { body: EmailIntake; message: Message }[] = [];
  for (;;) {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = response.Messages ?? [];
    if (messages.length === 0) return received;
    for (const message of messages) {
      received.push({ body: EmailIntake.parse(JSON.parse(message.Body ?? '')), message });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `ingest-email-it-${run}` }));
  queueUrl = created.QueueUrl ?? '';
});

beforeEach(async () => {
  await drainQueue();
});

describe('ingest-email against S3 and SQS (fauxqs)', () => {
  it('puts a stored email on the intake queue as exactly one intake message', async () => {
    const key = `inbound/${randomUUID()} one+two`;
    await store(key, mail({ messageId: `<${randomUUID()}@mail.example.org>` }));

    const answer = await makeHandler()(notification(key));

    expect(answer.results).toEqual([{ key, status: 'queued' }]);
    const queued = await drainQueue();
    expect(queued).toHaveLength(1);
    const [first] = queued;
    expect(first?.body.requester.email).toBe('indigo.lane@example.org');
    // A parent's own Date is not the hub's clock: the enquiry is dated when SES received it.
    expect(first?.body.receivedAt).toBe('2026-05-06T07:33:10Z');
    expect(first?.body.arrivedAt).toBe('2026-05-06T07:33:10Z');
    expect(first?.body.raw).toEqual({ bucket: BUCKET, key });
    expect(first?.body.spam).toBe(false);
    expect(first?.message.MessageAttributes?.intakeId?.StringValue).toBe(first?.body.intakeId);
  });

  // ingest-email keeps no "already queued" record: a notification delivered again queues the same
  // intake id again, which the router's intake marker turns into nothing (one enquiry, one
  // acknowledgement: test/integration/reliability/duplicate-deliveries.test.ts).
  it('queues a repeated notification under the same intake id, with no S3 reads or writes of its own', async () => {
    const key = `inbound/${randomUUID()}`;
    await store(key, mail({ messageId: `<${randomUUID()}@mail.example.org>` }));
    const handler = makeHandler();
    const calls: string[] = [];
    const stop = onAwsCall((call) => calls.push(`${call.service} ${call.command}`));
    try {
      await handler(notification(key));
      await handler(notification(key));
    } finally {
      stop();
    }

    const queued = await drainQueue();
    expect(queued).toHaveLength(2);
    expect(new Set(queued.map((message) => message.body.intakeId)).size).toBe(1);
    expect(calls.sort()).toEqual([
      's3 GetObjectCommand',
      's3 GetObjectCommand',
      'sqs SendMessageCommand',
      'sqs SendMessageCommand',
    ]);
  });

  it('gives the same Message-ID the same intake id under different keys (redirected twice)', async () => {
    const messageId = `<${randomUUID()}@mail.example.org>`;
    const firstKey = `inbound/${randomUUID()}`;
    const secondKey = `inbound/${randomUUID()}`;
    await store(
      firstKey,
      mail({ messageId, extraHeaders: ['Resent-From: front.door@borough.example.gov.uk'] }),
    );
    await store(
      secondKey,
      mail({ messageId, extraHeaders: ['Resent-From: front.door@borough.example.gov.uk'] }),
    );

    const answer = await makeHandler()(notification(firstKey, secondKey));

    expect(answer.results.map((result) => result.status)).toEqual(['queued', 'queued']);
    const queued = await drainQueue();
    const [first, second] = queued.map((message) => message.body.intakeId);
    expect(first).toBe(`email:${messageId.slice(1, -1)}`);
    expect(second).toBe(first);
  });

  it('never queues a message SES found a virus in, and keeps a copy in quarantine', async () => {
    const key = `inbound/${randomUUID()}`;
    await store(key, mail({ extraHeaders: ['X-SES-Virus-Verdict: FAIL', 'X-SES-Spam-Verdict: PASS'] }));

    const answer = await makeHandler()(notification(key));

    expect(answer.results).toEqual([{ key, status: 'quarantined' }]);
    expect(await drainQueue()).toEqual([]);
    expect(await exists(`quarantine/${key}`)).toBe(true);
  });

  it("keeps SES's spam FAIL when the sender wrote their own PASS under it, and quarantines any virus FAIL", async () => {
    const spamKey = `inbound/${randomUUID()}`;
    await store(
      spamKey,
      mail({
        messageId: `<${randomUUID()}@mail.example.org>`,
        extraHeaders: ['X-SES-Spam-Verdict: FAIL', 'X-SES-Virus-Verdict: PASS', 'X-SES-Spam-Verdict: PASS'],
      }),
    );
    const virusKey = `inbound/${randomUUID()}`;
    await store(virusKey, mail({ extraHeaders: ['X-SES-Virus-Verdict: PASS', 'X-SES-Virus-Verdict: FAIL'] }));

    const answer = await makeHandler()(notification(spamKey, virusKey));

    expect(answer.results.map((result) => result.status)).toEqual(['queued', 'quarantined']);
    expect((await drainQueue()).map((item) => item.body.spam)).toEqual([true]);
  });

  it('still queues a message SES judged spam, marked as spam', async () => {
    const key = `inbound/${randomUUID()}`;
    await store(key, mail({ extraHeaders: ['X-SES-Spam-Verdict: FAIL', 'X-SES-Virus-Verdict: PASS'] }));

    await makeHandler()(notification(key));

    const queued = await drainQueue();
    expect(queued.map((item) => item.body.spam)).toEqual([true]);
  });

  it('records a message it cannot use and carries on with the rest of the batch', async () => {
    const badKey = `inbound/${randomUUID()}`;
    const goodKey = `inbound/${randomUUID()}`;
    await store(badKey, '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    await store(goodKey, mail());

    const answer = await makeHandler()(notification(badKey, goodKey));

    expect(answer.results.map((result) => result.status)).toEqual(['failed', 'queued']);
    expect(await drainQueue()).toHaveLength(1);
    const record = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `failed/${badKey}.json` }));
    expect(JSON.parse((await record.Body?.transformToString()) ?? '{}')).toMatchObject({
      reason: 'not-mail',
      sourceBucket: BUCKET,
      sourceKey: badKey,
      recordedAt: NOW.toISOString(),
    });
    expect(await exists(badKey)).toBe(true);
  });

  it('records an oversized message as too-large without queueing it', async () => {
    const key = `inbound/${randomUUID()}`;
    await store(key, mail());

    const answer = await makeHandler({ maxMailBytes: 100 })(notification(key));

    expect(answer.results).toEqual([{ key, status: 'failed' }]);
    expect(await drainQueue()).toEqual([]);
    expect(await exists(`failed/${key}.json`)).toBe(true);
  });

  it('shortens a very long message to fit the queue, saying so, while the raw mail keeps it all', async () => {
    const key = `inbound/${randomUUID()}`;
    const long = mail().replace(
      'Please tell me',
      `${'A long account of events. '.repeat(20_000)}Please tell me`,
    );
    await store(key, long);

    const answer = await makeHandler()(notification(key));

    expect(answer.results).toEqual([{ key, status: 'queued' }]);
    const [queued] = await drainQueue();
    expect(Buffer.byteLength(queued?.message.Body ?? '')).toBeLessThanOrEqual(256 * 1024);
    expect(queued?.body.body).toMatch(/^A long account of events\./);
    expect(queued?.body.body).toMatch(/full message is kept with the raw mail\.\]$/);
    expect(queued?.body.raw.key).toBe(key);
  });

  it('ignores objects outside the inbound prefix (its own records), so it cannot trigger itself', async () => {
    const answer = await makeHandler()(notification(`failed/inbound/${randomUUID()}.json`));
    expect(answer.results.map((result) => result.status)).toEqual(['ignored']);
  });

  it('fails the invocation for a retry when storage is unreachable, after finishing the other records', async () => {
    const goodKey = `inbound/${randomUUID()}`;
    await store(goodKey, mail());
    const event = notification(goodKey);
    const broken = {
      ...event.Records[0],
      s3: { bucket: { name: `missing-${run}` }, object: { key: 'inbound/x' } },
    };
    const mixed = { Records: [broken, ...event.Records] } as S3Event;

    await expect(makeHandler()(mixed)).rejects.toBeInstanceOf(IngestEmailRetryError);
    expect(await drainQueue()).toHaveLength(1);
  });

  it('runs as the Lambda entry point, configured from the environment', async () => {
    Object.assign(process.env, {
      INTAKE_QUEUE_URL: queueUrl,
      RAW_MAIL_BUCKET: BUCKET,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler } = await import('../../functions/ingest-email/handler');
    const key = `inbound/${randomUUID()}`;
    await store(key, mail({ from: 'Parent Person <parent.person@example.net>' }));

    await handler(notification(key), { awsRequestId: 'it-1', functionName: 'ingest-email' } as Context);

    const queued = await drainQueue();
    expect(queued.map((item) => item.body.requester.email)).toEqual(['parent.person@example.net']);
  });
});
