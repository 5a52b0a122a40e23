import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  makeRouterHandler,
  PoisonMessageError,
  parseIntakeRecord,
  secureRandom,
  THROTTLED_RETRY_DELAY_SECONDS,
} from '../../functions/router/router-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { SendingThrottledError } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS } from '../../shared/adapters/resource-definitions';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import type { IntakeQueue } from '../../shared/intake/ports';
import type { Mailer } from '../../shared/mail/outgoing-email';
import { InMemoryEnquiryStore, InMemoryRoster, RecordingMailer } from '../support/router-fakes';
import { emailIntake, phoneIntake, routerTestConfig, stubTriage } from '../support/router-fixtures';

let store: InMemoryEnquiryStore;
let mailer: RecordingMailer;

function handler(options: { mailer?: Mailer; requeue?: Pick<IntakeQueue, 'send'>; now?: string } = {}) {
  return makeRouterHandler({
    enquiries: store,
    caseworkers: new InMemoryRoster(store),
    mailer: options.mailer ?? mailer,
    ...(options.requeue === undefined ? {} : { requeue: options.requeue }),
    config: routerTestConfig(),
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    logger: new Logger({ serviceName: 'router-unit', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'SendHubTest', serviceName: 'router-unit' }),
    now: () => new Date(options.now ?? '2026-11-23T10:00:00.000Z'),
  });
}

/** The intake queue as the router puts a throttled intake back on it. */
class RecordingQueue {
  readonly sent: { message: IntakeMessage; delaySeconds: number | undefined }[] = [];
  async send(message: IntakeMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    this.sent.push({ message, delaySeconds: options.delaySeconds });
  }
}

function sqsRecord(id: string, body: string): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:000000000000:intake',
    awsRegion: 'eu-west-2',
  };
}

function event(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

beforeEach(() => {
  store = new InMemoryEnquiryStore();
  mailer = new RecordingMailer();
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

describe('router handler', () => {
  it('reports only the poison record as failed and routes the rest of the batch', async () => {
    const result = await handler()(
      event(
        sqsRecord(
          'm1',
          JSON.stringify(emailIntake({ requester: { name: null, email: 'a@example.org', phone: null } })),
        ),
        sqsRecord('m2', 'not json at all'),
        sqsRecord('m3', JSON.stringify(phoneIntake())),
        sqsRecord('m4', JSON.stringify({ version: 1, channel: 'fax' })),
      ),
      lambdaContext('router', 30_000),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm4' }] });
    expect(store.all()).toHaveLength(2);
  });

  it('treats a redelivered intake as success', async () => {
    const body = JSON.stringify(emailIntake());
    const run = handler();
    await run(event(sqsRecord('m1', body)), lambdaContext('router', 30_000));
    const again = await run(event(sqsRecord('m2', body)), lambdaContext('router', 30_000));

    expect(again).toEqual({ batchItemFailures: [] });
    expect(store.all()).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('fails the whole batch when every record fails, so none is deleted', async () => {
    await expect(
      handler()(event(sqsRecord('m1', '{'), sqsRecord('m2', '[]')), lambdaContext('router', 30_000)),
    ).rejects.toBeInstanceOf(FullBatchFailureError);
  });
});

describe('router handler under SES throttling', () => {
  /** SES answers "slow down" for as long as the paced mailer may wait, `times` times. */
  function throttledFor(times: number): Mailer {
    let left = times;
    return {
      send: async (email) => {
        if (left > 0) {
          left -= 1;
          throw new SendingThrottledError(4);
        }
        return mailer.send(email);
      },
    };
  }

  it('puts a throttled intake back on the queue, delayed, instead of failing it towards the DLQ', async () => {
    const queue = new RecordingQueue();
    const intake = emailIntake();
    const result = await handler({ mailer: throttledFor(1), requeue: queue })(
      event(sqsRecord('m1', JSON.stringify(intake)), sqsRecord('m2', JSON.stringify(phoneIntake()))),
      lambdaContext('router', 30_000),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(queue.sent).toEqual([{ message: intake, delaySeconds: THROTTLED_RETRY_DELAY_SECONDS }]);
    // The enquiry is recorded; only its acknowledgement waits.
    const [stored] = store.all().filter((enquiry) => enquiry.channel === 'email');
    expect(stored?.acknowledgedAt).toBeNull();
    expect(mailer.sent).toHaveLength(0);
  });

  it('acknowledges once when the delayed copy arrives, with no second enquiry', async () => {
    const queue = new RecordingQueue();
    const intake = emailIntake();
    await handler({ mailer: throttledFor(1), requeue: queue })(
      event(sqsRecord('m1', JSON.stringify(intake))),
      lambdaContext('router', 30_000),
    );
    const later = new Date(Date.parse('2026-11-23T10:00:00.000Z') + THROTTLED_RETRY_DELAY_SECONDS * 1000);
    const copy = queue.sent[0]?.message;
    const result = await handler({ requeue: queue, now: later.toISOString() })(
      event(sqsRecord('m1-again', JSON.stringify(copy))),
      lambdaContext('router', 30_000),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(store.all()).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
    expect(store.all()[0]?.acknowledgedAt).toBe(later.toISOString());
    expect(queue.sent).toHaveLength(1);
  });

  it('lets SQS retry the record when the queue cannot take the copy either', async () => {
    const broken = { send: async () => Promise.reject(new Error('queue down')) };
    const result = await handler({ mailer: throttledFor(1), requeue: broken })(
      event(sqsRecord('m1', JSON.stringify(emailIntake())), sqsRecord('m2', JSON.stringify(phoneIntake()))),
      lambdaContext('router', 30_000),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});

describe('router handler concurrency', () => {
  const parentA = { name: 'Ann Able', email: 'ann@example.org', phone: null };
  const parentB = { name: 'Ben Bell', email: 'ben@example.org', phone: null };
  const parentC = { name: 'Cat Cole', email: 'cat@example.org', phone: null };

  it('routes different enquirers at the same time and one enquirer’s messages in batch order', async () => {
    let inFlight = 0;
    let mostAtOnce = 0;
    store.beforeWrite = async () => {
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
    };
    const result = await handler()(
      event(
        sqsRecord('a1', JSON.stringify(emailIntake({ requester: parentA }))),
        sqsRecord('b1', JSON.stringify(emailIntake({ requester: parentB }))),
        sqsRecord(
          'a2',
          JSON.stringify(emailIntake({ requester: parentA, receivedAt: '2026-11-23T09:30:00.000Z' })),
        ),
        sqsRecord('c1', JSON.stringify(emailIntake({ requester: parentC }))),
      ),
      lambdaContext('router', 30_000),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(mostAtOnce).toBeGreaterThan(1);
    const annsEnquiries = store.all().filter((enquiry) => enquiry.requester.email === parentA.email);
    expect(annsEnquiries).toHaveLength(1);
    expect(
      store.contactsOf(annsEnquiries[0]?.id ?? '').filter((c) => c.direction === 'inbound'),
    ).toHaveLength(2);
    expect(store.all()).toHaveLength(3);
  });

  it('keeps a reply that names an enquiry behind the message it follows, even from another address', async () => {
    const first = emailIntake({ requester: parentA });
    const reply = emailIntake({
      requester: { name: 'Mrs Head', email: 'head@school.example.org', phone: null },
      inReplyTo: first.messageId,
      receivedAt: '2026-11-23T09:40:00.000Z',
    });
    const order: string[] = [];
    store.beforeWrite = async (write) => {
      order.push(write.intakeId ?? 'update');
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await handler()(
      event(sqsRecord('r1', JSON.stringify(first)), sqsRecord('r2', JSON.stringify(reply))),
      lambdaContext('router', 30_000),
    );

    expect(order.filter((id) => id !== 'update')).toEqual([first.intakeId, reply.intakeId]);
    expect(store.all()).toHaveLength(1);
  });

  it('reports only the failed record of a group; the messages after it in the group still run', async () => {
    const failing = emailIntake({ requester: parentA, receivedAt: '2026-11-23T09:20:00.000Z' });
    store.beforeWrite = (write) => {
      if (write.intakeId === failing.intakeId) throw new Error('simulated DynamoDB fault');
    };
    const result = await handler()(
      event(
        sqsRecord('a1', JSON.stringify(emailIntake({ requester: parentA }))),
        sqsRecord('a2', JSON.stringify(failing)),
        sqsRecord(
          'a3',
          JSON.stringify(emailIntake({ requester: parentA, receivedAt: '2026-11-23T09:40:00.000Z' })),
        ),
        sqsRecord('b1', JSON.stringify(emailIntake({ requester: parentB }))),
      ),
      lambdaContext('router', 30_000),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'a2' }] });
    const anns = store.all().filter((enquiry) => enquiry.requester.email === parentA.email);
    expect(anns).toHaveLength(1);
    expect(store.contactsOf(anns[0]?.id ?? '').filter((c) => c.direction === 'inbound')).toHaveLength(2);
  });
});

describe('intake record parsing', () => {
  it('names the bad fields, never their values', () => {
    const bad = {
      ...emailIntake(),
      receivedAt: 'yesterday',
      requester: { name: 'Jo', email: 42, phone: null },
    };
    let caught: unknown;
    try {
      parseIntakeRecord(JSON.stringify(bad));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PoisonMessageError);
    const message = (caught as Error).message;
    expect(message).toContain('receivedAt');
    expect(message).toContain('requester.email');
    expect(message).not.toContain('yesterday');
  });
});

describe('reference randomness', () => {
  it('stays in [0, 1)', () => {
    for (let i = 0; i < 1000; i += 1) {
      const value = secureRandom();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
