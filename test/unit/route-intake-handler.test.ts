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
} from '../../functions/router/router-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { InMemoryEnquiryStore, InMemoryRoster, RecordingMailer } from '../support/router-fakes';
import { emailIntake, phoneIntake, routerTestConfig, stubTriage } from '../support/router-fixtures';

let store: InMemoryEnquiryStore;
let mailer: RecordingMailer;

function handler() {
  return makeRouterHandler({
    enquiries: store,
    caseworkers: new InMemoryRoster(store),
    mailer,
    config: routerTestConfig(),
    triage: stubTriage,
    logger: new Logger({ serviceName: 'router-unit', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'SendHubTest', serviceName: 'router-unit' }),
    now: () => new Date('2026-11-23T10:00:00.000Z'),
  });
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
