/**
 * The router handler against the real emulators: DynamoDB Local (the real repository), fauxqs SQS
 * with a redrive policy to a DLQ (driven by the local SQS event source, which honours partial batch
 * responses as Lambda does), and the SES emulator's outbox.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { dynamoWriteUnits, TABLE_TARGET } from '../../bench/lib/aws-meter';
import { makeRouterHandler } from '../../functions/router/router-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { type RunningPoller, startSqsPoller } from '../../local/sqs-poller';
import { dynamoDocumentClient, sesClient, sqsClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { ensureTable } from '../../shared/adapters/create-table';
import { BACK_REFERENCE_PREFIX } from '../../shared/adapters/dynamo-keys';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { SesMailer } from '../../shared/adapters/mailer';
import { queryAll } from '../../shared/adapters/query-all';
import { FUNCTION_TIMEOUTS, RESOURCES } from '../../shared/adapters/resource-definitions';
import { SEARCH_KEY_PREFIX, searchKeyItems } from '../../shared/adapters/search-keys';
import type { HubConfig } from '../../shared/config/hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import type { Mailer, OutgoingEmail } from '../../shared/mail/outgoing-email';
import { callNames, recordAwsCalls, sequentialDepth } from '../support/call-rounds';
import { emailIntake, phoneIntake, routerTestConfig, stubTriage } from '../support/router-fixtures';

const dynamoEndpoint = inject('dynamoEndpoint');
const fauxqsEndpoint = inject('fauxqsEndpoint');
const sesEndpoint = inject('sesEndpoint');
const run = `${process.pid}-${Date.now()}`;
const tableName = `router-${run}`;

const documentClient = dynamoDocumentClient({ endpoint: dynamoEndpoint });
const enquiries = new EnquiryRepository(documentClient, tableName);
const caseworkers = new CaseworkerRepository(documentClient, tableName);
const sqs: SQSClient = sqsClient({ endpoint: fauxqsEndpoint });
// Maidstone's team hands work out automatically in this file; other teams keep a queue.
const config: HubConfig = routerTestConfig({ autoAssignTeams: ['west'] });

/** Sends through the SES emulator, failing the first send to any address in `failOnce`. */
class FlakyMailer implements Mailer {
  readonly failOnce = new Set<string>();
  constructor(private readonly inner: Mailer) {}
  async send(email: OutgoingEmail) {
    const address = email.to.find((to) => this.failOnce.has(to));
    if (address !== undefined) {
      this.failOnce.delete(address);
      throw new Error('simulated crash before the acknowledgement was sent');
    }
    return this.inner.send(email);
  }
}
const mailer = new FlakyMailer(new SesMailer(sesClient({ endpoint: sesEndpoint })));

/** The router handler as deployed, on this file's table and emulators, storing through `store`. */
function routerOn(store: EnquiryRepository) {
  return makeRouterHandler({
    enquiries: store,
    caseworkers,
    mailer,
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    logger: new Logger({ serviceName: 'router-test', logLevel: 'INFO' }),
    metrics: new Metrics({ namespace: 'SendHubTest', serviceName: 'router-test' }),
    // Longer than any one message takes here, shorter than the test queue's visibility timeout,
    // as in production (router timeout 30 s < 60 s < visibility timeout 180 s).
    inFlightMs: 3_000,
  });
}
const handler = routerOn(enquiries);

interface TestQueue {
  url: string;
  arn: string;
  dlqUrl: string;
}

async function queueArn(url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

async function createQueue(name: string): Promise<TestQueue> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        // Short to keep retries quick, yet longer than a batch of ten takes to route here.
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(dlqUrl), maxReceiveCount: 2 }),
      },
    }),
  );
  const url = main.QueueUrl ?? '';
  return { url, arn: await queueArn(url), dlqUrl };
}

let intake: TestQueue;
let poller: RunningPoller;
/** What the handler wrote (Powertools logs and EMF metrics), kept out of the test report. */
const written: string[] = [];

function poll(queue: TestQueue, options: { batchSize?: number; concurrency?: number } = {}): RunningPoller {
  return startSqsPoller(sqs, {
    functionName: 'router',
    queueUrl: queue.url,
    queueArn: queue.arn,
    batchSize: options.batchSize ?? 10,
    concurrency: options.concurrency ?? RESOURCES.intakeQueue.maxConcurrency,
    waitSeconds: 1,
    handler,
  });
}

async function send(...messages: (IntakeMessage | string)[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: intake.url,
        Entries: messages.slice(i, i + 10).map((message, index) => ({
          Id: String(i + index),
          MessageBody: typeof message === 'string' ? message : JSON.stringify(message),
        })),
      }),
    );
  }
}

async function sendAndWait(...messages: (IntakeMessage | string)[]): Promise<void> {
  await send(...messages);
  await poller.drained(30_000);
}

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string };
}

async function outbox(since: number, to: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store?since=${since}`);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.some((address) => address.includes(to)));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000) - 1;
}

async function onlyOpenEnquiryOf(email: string): Promise<Enquiry> {
  const open = await enquiries.findOpenByEmail(email);
  expect(open).toHaveLength(1);
  const [enquiry] = open;
  if (enquiry === undefined) throw new Error(`no enquiry for ${email}`);
  return enquiry;
}

function parent(tag: string) {
  return { name: 'Jo Bloggs', email: `parent.${tag}.${run}@example.org`, phone: null };
}

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  await ensureTable(
    new DynamoDBClient({
      endpoint: dynamoEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName,
  );
  intake = await createQueue(`router-intake-${run}`);
  poller = poll(intake);
  // Warm the emulators up (JIT, connections) so that test batches take their usual time.
  await sendAndWait(emailIntake({ requester: parent('warm-up') }));
});

afterAll(async () => {
  await poller?.stop();
  vi.restoreAllMocks();
});

describe('router handler on the local event source', () => {
  it('routes nine good messages of a batch of ten and parks the poison one in the DLQ, logging ids only', async () => {
    const logStart = written.length;
    const good = Array.from({ length: 9 }, (_, i) =>
      emailIntake({ requester: parent(`batch-${i}`), body: 'Our taxi in Margate has not come for a week.' }),
    );
    const poison = '{"version":1,"channel":"email","intakeId":';
    const since = nowSeconds();

    await sendAndWait(...good.slice(0, 4), poison, ...good.slice(4));

    for (const message of good) {
      const enquiry = await onlyOpenEnquiryOf(message.requester.email ?? '');
      expect(enquiry.team).toBe('east');
      expect(await outbox(since, message.requester.email ?? '')).toHaveLength(1);
    }
    const parked = await sqs.send(new ReceiveMessageCommand({ QueueUrl: intake.dlqUrl, WaitTimeSeconds: 1 }));
    expect(parked.Messages?.map((message) => message.Body)).toEqual([poison]);

    const output = written.slice(logStart).join('');
    expect(output).toContain('intake routed');
    expect(output).toContain('intake message rejected');
    expect(output).not.toMatch(/@example\.org|Margate|Jo Bloggs/);
    // EMF: EnquiriesReceived counts the nine, with no dimension but the service (each dimension
    // value would be another series billed every month).
    const received = output
      .split('\n')
      .filter((line) => line.includes('"EnquiriesReceived"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const counted = received.flatMap((document) => [document.EnquiriesReceived].flat() as number[]);
    expect(counted.reduce((total, value) => total + value, 0)).toBe(9);
    for (const document of received) {
      expect(document).not.toHaveProperty('team');
      expect(document).not.toHaveProperty('priority');
      expect(document).not.toHaveProperty('channel');
    }
  });

  it('makes one enquiry and sends one acknowledgement when the same message is delivered twice', async () => {
    const message = emailIntake({ requester: parent('twice') });
    const since = nowSeconds();

    await sendAndWait(message, message);

    const enquiry = await onlyOpenEnquiryOf(message.requester.email ?? '');
    expect(enquiry.contactCount).toBe(1);
    expect(await outbox(since, message.requester.email ?? '')).toHaveLength(1);
  });

  it('sends an acknowledgement with the reference and the due date, readable in the SES outbox', async () => {
    const message = emailIntake({ requester: parent('ack'), receivedAt: '2026-11-23T09:14:00.000Z' });
    const since = nowSeconds();

    await sendAndWait(message);

    const enquiry = await onlyOpenEnquiryOf(message.requester.email ?? '');
    const [ack] = await outbox(since, message.requester.email ?? '');
    expect(ack?.subject).toBe(`[${enquiry.id}] We have your enquiry`);
    expect(ack?.body.text).toContain(`Your reference is ${enquiry.id}.`);
    expect(ack?.body.text).toContain('We will reply by 9:14am on Monday 30 November 2026.');
    expect(enquiry.acknowledgedAt).not.toBeNull();
  });

  it('finishes the acknowledgement when the first attempt failed after recording the enquiry', async () => {
    const message = emailIntake({ requester: parent('crash') });
    mailer.failOnce.add(message.requester.email ?? '');
    const since = nowSeconds();

    await sendAndWait(message);

    const enquiry = await onlyOpenEnquiryOf(message.requester.email ?? '');
    expect(enquiry.acknowledgedAt).not.toBeNull();
    const acks = await outbox(since, message.requester.email ?? '');
    expect(acks.map((email) => email.subject)).toEqual([`[${enquiry.id}] We have your enquiry`]);
  });

  it('keeps a parent’s three chasers on one enquiry, raises it to high and tells the hub manager once', async () => {
    const requester = parent('chaser');
    const since = nowSeconds();
    await sendAndWait(emailIntake({ requester, receivedAt: '2026-11-23T09:00:00.000Z' }));
    await sendAndWait(
      emailIntake({ requester, subject: 'Any news?', receivedAt: '2026-11-24T09:00:00.000Z' }),
    );
    await sendAndWait(
      emailIntake({ requester, subject: 'Still waiting', receivedAt: '2026-11-25T09:00:00.000Z' }),
    );

    const enquiry = await onlyOpenEnquiryOf(requester.email);
    expect(enquiry).toMatchObject({ contactCount: 3, contactsSinceResponse: 3, priority: 'high' });
    const timeline = await enquiries.getTimeline(enquiry.id);
    const inbound = timeline.filter(
      (entry) => entry.kind === 'contact' && entry.contact.direction === 'inbound',
    );
    expect(inbound).toHaveLength(3);
    const alerts = (await outbox(since, config.hub.hubManagerEmail)).filter((email) =>
      email.subject.startsWith(`[${enquiry.id}] Repeat contact`),
    );
    expect(alerts).toHaveLength(1);
    expect(await outbox(since, requester.email)).toHaveLength(1);
  });

  it('joins a reply with the reference in its subject to its enquiry', async () => {
    const requester = parent('reply');
    await sendAndWait(emailIntake({ requester }));
    const enquiry = await onlyOpenEnquiryOf(requester.email);

    await sendAndWait(
      emailIntake({
        requester: {
          name: 'Oak Primary office',
          email: `office.${run}@oak-primary.example.org`,
          phone: null,
        },
        subject: `Re: [${enquiry.id}] We have your enquiry`,
        enquiryReference: enquiry.id,
        body: 'Adding the school’s view.',
      }),
    );

    expect((await enquiries.getEnquiry(enquiry.id))?.contactCount).toBe(2);
    expect(await enquiries.findOpenByEmail(`office.${run}@oak-primary.example.org`)).toHaveLength(0);
  });

  it('sends no acknowledgement to an address marked do-not-reply, but still records the enquiry', async () => {
    const requester = parent('bounced');
    await enquiries.markDoNotReply(requester.email, 'bounce', '2026-11-01T00:00:00.000Z');
    const since = nowSeconds();

    await sendAndWait(emailIntake({ requester }));

    const enquiry = await onlyOpenEnquiryOf(requester.email);
    expect(enquiry.acknowledgedAt).toBeNull();
    expect(await outbox(since, requester.email)).toHaveLength(0);
  });
});

/** One intake message as the event source hands it to the router, `receiveCount` times received. */
function recordOf(message: IntakeMessage, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId: `direct-${message.intakeId}-${receiveCount}`,
        receiptHandle: 'direct',
        body: JSON.stringify(message),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: intake.arn,
        awsRegion: 'eu-west-2',
      },
    ],
  };
}

describe('round trips of a new enquiry', () => {
  async function routeCounting(message: IntakeMessage) {
    const recorder = recordAwsCalls(['dynamodb', 'ses']);
    try {
      const result = await handler(recordOf(message), lambdaContext('router', 30_000));
      expect(result).toEqual({ batchItemFailures: [] });
    } finally {
      recorder.stop();
    }
    return recorder.calls;
  }

  it('stores and acknowledges a new email in four calls one after another, one of them a transaction', async () => {
    const requester = parent('round-trips');
    const calls = await routeCounting(emailIntake({ requester }));
    const names = callNames(calls);

    expect(sequentialDepth(calls)).toBeLessThanOrEqual(4);
    expect(names.filter((name) => name === 'dynamodb TransactWriteItems')).toHaveLength(1);
    expect(names.filter((name) => name === 'ses SendEmail')).toHaveLength(1);
    // The intake marker and the do-not-reply mark in one BatchGetItem, and no GetItem at all:
    // nothing written is read again.
    const first = calls.find((call) => call.command === 'BatchGetItemCommand');
    const keys = JSON.stringify(first?.input);
    expect(keys).toContain('INTAKE#');
    expect(keys).toContain(`DNR#${requester.email}`);
    expect(names).not.toContain('dynamodb GetItem');
    // The new enquiry's search keys and back-references ride in the acknowledgement's batch.
    expect(names.filter((name) => name === 'dynamodb BatchWriteItem')).toHaveLength(1);
    // The acknowledgement is recorded in place: an update that names no index key.
    const updates = calls.filter((call) => call.command === 'UpdateItemCommand');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]?.input)).not.toMatch(/GSI\dP?K|GSI\dSK/);
    const stored = await onlyOpenEnquiryOf(requester.email);
    expect(stored.acknowledgedAt).not.toBeNull();
    const timeline = await enquiries.getTimeline(stored.id);
    expect(
      timeline.filter((entry) => entry.kind === 'contact' && entry.contact.id === 'acknowledgement'),
    ).toHaveLength(1);
  });

  it('stores a call from a caller without an email address in three calls one after another: reads, the transaction, its follow-up', async () => {
    const calls = await routeCounting(
      phoneIntake({
        requester: { name: 'Pat Caller', email: null, phone: `+4477009${String(Date.now()).slice(-5)}` },
      }),
    );
    expect(sequentialDepth(calls)).toBeLessThanOrEqual(3);
    expect(callNames(calls).filter((name) => name === 'dynamodb TransactWriteItems')).toHaveLength(1);
    // With no acknowledgement to carry them, the search keys and back-references are a batch of their own.
    expect(callNames(calls).filter((name) => name === 'dynamodb BatchWriteItem')).toHaveLength(1);
  });

  it('pays one write unit per keys-only index and for the by-day entry of a new enquiry, and no index write for recording its acknowledgement', async () => {
    const calls = await routeCounting(emailIntake({ requester: parent('write-units') }));
    const transaction = calls.find((call) => call.command === 'TransactWriteItemsCommand');
    const acknowledgement = calls.find((call) => call.command === 'UpdateItemCommand');
    if (transaction === undefined || acknowledgement === undefined)
      throw new Error('no transaction or update');
    const created = dynamoWriteUnits(transaction).cells.get('enquiry') ?? new Map<string, number>();
    const keysOnly = [...created.entries()].filter(([target]) => target.endsWith('(KEYS_ONLY)'));
    // Queue, awaiting, by email: each a small entry (keys, not the whole enquiry) ...
    expect(keysOnly.length).toBeGreaterThanOrEqual(3);
    for (const [target, units] of keysOnly) expect({ target, units }).toEqual({ target, units: 1 });
    // ... the by-day entry holds only what the reports read, one unit too ...
    expect(created.get('GSI5 (INCLUDE)')).toBe(1);
    // ... and the acknowledgement's update changes nothing any index holds: only the item's own units.
    const recorded = dynamoWriteUnits(acknowledgement);
    expect(
      [...recorded.byTarget.keys()].filter((target) => (recorded.byTarget.get(target) ?? 0) > 0),
    ).toEqual([TABLE_TARGET]);
  });

  it('makes nothing of a redelivered email: it reads, checks the follow-up is complete, and writes nothing', async () => {
    const message = emailIntake({ requester: parent('redelivered-round-trips') });
    await routeCounting(message);
    const calls = await routeCounting(message);
    const names = callNames(calls);
    expect(names.filter((name) => /Transact|Update|Put|BatchWrite|SendEmail/.test(name))).toEqual([]);
  });
});

describe('a crash between the creating transaction and its follow-up', () => {
  // The same repository on a client that fails the next BatchWriteItem before sending it, as a
  // function that stopped after the transaction committed would leave things.
  const crashingClient = dynamoDocumentClient({ endpoint: dynamoEndpoint });
  let crashNextBatchWrite = false;
  crashingClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (crashNextBatchWrite && context.commandName === 'BatchWriteItemCommand') {
        crashNextBatchWrite = false;
        throw new Error('simulated crash after the creating transaction');
      }
      return next(args);
    },
    { step: 'initialize', name: 'simulatedCrash' },
  );
  const crashingHandler = routerOn(new EnquiryRepository(crashingClient, tableName));

  function deliver(message: IntakeMessage, receiveCount: number): Promise<unknown> {
    return crashingHandler(recordOf(message, receiveCount), lambdaContext('router', 30_000));
  }

  /** Sort keys of the enquiry's partition under a prefix (strongly consistent). */
  async function partitionKeys(id: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const item of queryAll(documentClient, {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ENQ#${id}`, ':prefix': prefix },
      ConsistentRead: true,
    })) {
      items.push(item);
    }
    return items;
  }

  async function expectFollowUpComplete(enquiry: Enquiry, message: IntakeMessage): Promise<void> {
    const keys = await partitionKeys(enquiry.id, SEARCH_KEY_PREFIX);
    expect(keys.map((item) => item.SK).sort()).toEqual(
      searchKeyItems(enquiry)
        .map((item) => item.SK)
        .sort(),
    );
    // One back-reference lists the marker and every pointer, so the retention purge finds them.
    const references = await partitionKeys(enquiry.id, BACK_REFERENCE_PREFIX);
    const targets = references.flatMap((item) => (item.refs as string[][]).map(([pk]) => pk));
    expect(targets).toContain(`INTAKE#${message.intakeId}`);
    const pointers = targets.filter((pk): pk is string => pk?.startsWith('MSGID#') === true);
    // The acknowledgement's Message-ID; the email's own is its intake marker's (one item for both
    // guards); a caller without an address has neither.
    expect(pointers).toHaveLength(message.channel === 'email' ? 1 : 0);
    const threaded = [
      ...pointers.map((pk) => pk.slice('MSGID#'.length)),
      ...(message.channel === 'email' && message.messageId !== null ? [message.messageId] : []),
    ];
    expect(threaded).toHaveLength(message.channel === 'email' ? 2 : 0);
    const found = await enquiries.findByMessageIds(threaded);
    expect(found.map((match) => match.enquiryId)).toEqual(threaded.map(() => enquiry.id));
  }

  it('leaves an acknowledged email findable only after its redelivery, which sends no second email', async () => {
    // Keyed as ingest keys it: the Message-ID without angle brackets.
    const message = emailIntake({
      requester: parent('crash-follow-up'),
      messageId: `crash-follow-up-${run}@mail.example.org`,
    });
    const email = message.requester.email ?? '';
    const since = nowSeconds();

    crashNextBatchWrite = true;
    // One record, failed: the event source sees the whole batch fail and delivers it again.
    await expect(deliver(message, 1)).rejects.toThrow(/All records failed/);
    expect(crashNextBatchWrite).toBe(false);
    // The transaction committed: the enquiry and its first contact are there, its keys are not.
    const [created] = await enquiries.findOpenByEmail(email);
    if (created === undefined) throw new Error('the creating transaction did not commit');
    expect(await partitionKeys(created.id, SEARCH_KEY_PREFIX)).toEqual([]);
    expect(await enquiries.findIdsByFact('email', email, 10)).toEqual([]);
    // The acknowledgement went out and its in-place update landed beside the failed batch.
    await vi.waitFor(async () =>
      expect((await enquiries.getEnquiry(created.id))?.acknowledgedAt).not.toBeNull(),
    );

    expect(await deliver(message, 2)).toEqual({ batchItemFailures: [] });

    const enquiry = await onlyOpenEnquiryOf(email);
    expect(enquiry.id).toBe(created.id);
    await expectFollowUpComplete(enquiry, message);
    await vi.waitFor(async () =>
      expect(await enquiries.findIdsByFact('email', email, 10)).toEqual([enquiry.id]),
    );
    const timeline = await enquiries.getTimeline(enquiry.id);
    expect(
      timeline.filter((entry) => entry.kind === 'contact').map((entry) => entry.contact.direction),
    ).toEqual(['inbound', 'outbound']);
    expect(await outbox(since, email)).toHaveLength(1);
  });

  it('completes a call without an email address the same way, and a third delivery writes nothing', async () => {
    const phone = `+4477009${String(Date.now()).slice(-5)}`;
    const message = phoneIntake({ requester: { name: 'Pat Crash', email: null, phone } });

    crashNextBatchWrite = true;
    // One record, failed: the event source sees the whole batch fail and delivers it again.
    await expect(deliver(message, 1)).rejects.toThrow(/All records failed/);
    expect(crashNextBatchWrite).toBe(false);
    const [created] = await enquiries.findOpenByPhone(phone);
    if (created === undefined) throw new Error('the creating transaction did not commit');
    expect(await partitionKeys(created.id, SEARCH_KEY_PREFIX)).toEqual([]);

    expect(await deliver(message, 2)).toEqual({ batchItemFailures: [] });
    const open = await enquiries.findOpenByPhone(phone);
    expect(open.map((enquiry) => enquiry.id)).toEqual([created.id]);
    const [enquiry] = open;
    if (enquiry === undefined) throw new Error('no enquiry');
    await expectFollowUpComplete(enquiry, message);

    const recorder = recordAwsCalls(['dynamodb', 'ses']);
    try {
      expect(await deliver(message, 3)).toEqual({ batchItemFailures: [] });
    } finally {
      recorder.stop();
    }
    expect(
      callNames(recorder.calls).filter((name) => /Transact|Update|Put|BatchWrite|SendEmail/.test(name)),
    ).toEqual([]);
  });
});

describe('auto-assignment under concurrency', () => {
  it('never gives a caseworker more than their cap; the rest wait in the team queue', async () => {
    const team = 'west';
    await caseworkers.putCaseworker({
      id: `cw-w1-${run}`,
      name: 'West One',
      email: 'west.one@kent.example.gov.uk',
      team,
      topics: [],
      cap: 2,
      active: true,
    });
    await caseworkers.putCaseworker({
      id: `cw-w2-${run}`,
      name: 'West Two',
      email: 'west.two@kent.example.gov.uk',
      team,
      topics: ['transport'],
      cap: 1,
      active: true,
    });
    // One message per batch and four batches at a time: the writes really race.
    const assignQueue = await createQueue(`router-assign-${run}`);
    const racing = poll(assignQueue, { batchSize: 1, concurrency: 4 });
    try {
      const messages = Array.from({ length: 8 }, (_, i) =>
        emailIntake({ requester: parent(`west-${i}`), body: 'We live in Maidstone; the taxi has stopped.' }),
      );
      for (const message of messages) {
        await sqs.send(
          new SendMessageCommand({ QueueUrl: assignQueue.url, MessageBody: JSON.stringify(message) }),
        );
      }
      await racing.drained(60_000);

      const stored = await Promise.all(
        messages.map((message) => onlyOpenEnquiryOf(message.requester.email ?? '')),
      );
      const held = (id: string) => stored.filter((enquiry) => enquiry.assignee === id).length;
      expect(held(`cw-w1-${run}`)).toBe(2);
      expect(held(`cw-w2-${run}`)).toBe(1);
      expect(stored.filter((enquiry) => enquiry.assignee === null)).toHaveLength(5);
      expect((await caseworkers.getCaseworker(`cw-w1-${run}`))?.openCount).toBe(2);
      expect((await caseworkers.getCaseworker(`cw-w2-${run}`))?.openCount).toBe(1);
    } finally {
      await racing.stop();
    }
  });
});

describe('the Lambda entry point (handler.ts)', () => {
  it('routes with the shipped configuration and triage rules, its clients finding the emulators from the environment', async () => {
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SESV2: sesEndpoint,
      INTAKE_QUEUE_URL: intake.url,
    });
    const { handler: entry } = await import('../../functions/router/handler');
    const requester = parent('entry');
    const since = nowSeconds();
    const invoke = (message: IntakeMessage) =>
      entry(
        {
          Records: [
            {
              messageId: `entry-${message.intakeId}`,
              receiptHandle: 'local',
              body: JSON.stringify(message),
              attributes: {
                ApproximateReceiveCount: '1',
                SentTimestamp: '0',
                SenderId: 'test',
                ApproximateFirstReceiveTimestamp: '0',
              },
              messageAttributes: {},
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: intake.arn,
              awsRegion: 'eu-west-2',
            },
          ],
        },
        lambdaContext('router', 30_000),
      );

    const first = await invoke(
      emailIntake({
        requester,
        subject: 'School taxi has stopped',
        body: 'Our son has an EHC plan and his taxi to school in Margate (CT9 2AB) has not come for three days.',
      }),
    );
    const chaser = await invoke(
      emailIntake({
        requester,
        subject: 'Re: taxi',
        body: 'I am worried he is at risk of harm walking along the main road to school on his own.',
      }),
    );

    expect([first, chaser]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    const enquiry = await onlyOpenEnquiryOf(requester.email);
    expect(enquiry).toMatchObject({
      topic: 'transport',
      district: 'thanet',
      team: 'east',
      priority: 'urgent',
    });
    expect(enquiry.contactCount).toBe(2);
    expect(await outbox(since, requester.email)).toHaveLength(1);
  });
});
