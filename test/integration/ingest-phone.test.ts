import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { makeIngestPhoneHandler } from '../../functions/ingest-phone/handler';
import { sqsClient } from '../../shared/adapters/aws-clients';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { PhoneIntake } from '../../shared/domain/intake-message';
import { ErrorBody } from '../../shared/http/responses';
import { PhoneLogResult } from '../../shared/intake/ingest-phone';
import { expectBody } from '../support/api-contract';
import { SELF_LINKED_LOGINS } from '../support/staff-fixtures';

const sqs = sqsClient({ endpoint: inject('fauxqsEndpoint') });
let queueUrl = '';
const CONTEXT = { awsRequestId: 'req-phone-it', functionName: 'ingest-phone' } as Context;

function makeHandler(limits: { maxBodyBytes?: number; maxEntries?: number } = {}) {
  return makeIngestPhoneHandler({
    staff: SELF_LINKED_LOGINS,
    queue: new SqsIntakeQueue(sqs, queueUrl),
    maxBodyBytes: limits.maxBodyBytes ?? 1024 * 1024,
    maxEntries: limits.maxEntries ?? 500,
    receivedTime: { maxBackdateDays: 30, toleranceMinutes: 5 },
    logger: new Logger({ serviceName: 'ingest-phone-test', logLevel: 'SILENT' }),
  });
}

const CALL_HANDLER = { token_use: 'access', username: 'ch-017', 'cognito:groups': '[callhandler]' };

function post(
  body: string,
  contentType: string,
  base64 = false,
  claims: Record<string, string> | null = CALL_HANDLER,
): APIGatewayProxyEventV2 {
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: 'POST /phone-logs',
    rawPath: '/phone-logs',
    rawQueryString: '',
    headers: { 'content-type': contentType },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/phone-logs',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'test',
      },
      requestId: 'req-phone-it',
      routeKey: 'POST /phone-logs',
      stage: '$default',
      time: '09/Mar/2026:11:03:00 +0000',
      timeEpoch: 1_773_054_180_000,
      ...(claims === null ? {} : { authorizer: { jwt: { claims, scopes: ['send-hub/api'] } } }),
    },
  };
  return event;
}

async function call(event: APIGatewayProxyEventV2, handler = makeHandler()) {
  const response = (await handler(event, CONTEXT)) as APIGatewayProxyStructuredResultV2;
  const body = JSON.parse(String(response.body)) as Record<string, unknown>;
  // 200 and 207 answer the rows queued and refused; errors are the shared error body.
  if (response.statusCode === 200 || response.statusCode === 207)
    expectBody(PhoneLogResult, body, 'logPhoneCalls');
  else expectBody(ErrorBody, body, `logPhoneCalls ${response.statusCode}`);
  return { status: response.statusCode, body };
}

async function drainQueue(): Promise<PhoneIntake[]> {
  const received: PhoneIntake[] = [];
  for (;;) {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const messages = response.Messages ?? [];
    if (messages.length === 0) return received;
    for (const message of messages) {
      received.push(PhoneIntake.parse(JSON.parse(message.Body ?? '')));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

function entry(callId: string, overrides: Record<string, unknown> = {}) {
  return {
    callId,
    receivedAt: '2026-03-09T11:03:00Z',
    caller: { name: 'Gale Holt', phone: '07700 900318' },
    summary: 'Dad asked when the draft plan will arrive.',
    ...overrides,
  };
}

beforeAll(async () => {
  const created = await sqs.send(
    new CreateQueueCommand({ QueueName: `ingest-phone-it-${randomUUID().slice(0, 8)}` }),
  );
  queueUrl = created.QueueUrl ?? '';
});

beforeEach(async () => {
  await drainQueue();
});

describe('POST /phone-logs against SQS (fauxqs)', () => {
  it('queues one valid entry and answers 200', async () => {
    const { status, body } = await call(post(JSON.stringify(entry('T-1')), 'application/json'));

    expect(status).toBe(200);
    expect(body).toEqual({ accepted: [{ index: 0, callId: 'T-1', intakeId: 'phone:T-1' }], rejected: [] });
    const queued = await drainQueue();
    expect(queued.map((intake) => intake.requester.phone)).toEqual(['+447700900318']);
  });

  it('refuses a malformed entry with 400 naming the field, and queues nothing', async () => {
    const bad = entry('T-2', { caller: { phone: '0770' } });

    const { status, body } = await call(post(JSON.stringify(bad), 'application/json; charset=utf-8'));

    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'phone-log-validation',
        message: 'the phone log is not valid',
        fields: [{ path: 'caller.phone', message: 'is not a valid phone number' }],
      },
    });
    expect(await drainQueue()).toEqual([]);
  });

  it('queues the good entries of a batch and lists the bad one by index, callId and path (207)', async () => {
    const batch = [entry('B-0'), entry('B-1', { caller: { phone: 'n/a' } }), entry('B-2')];

    const { status, body } = await call(post(JSON.stringify(batch), 'application/json'));

    expect(status).toBe(207);
    expect(body.rejected).toEqual([
      {
        index: 1,
        callId: 'B-1',
        fields: [{ path: '[1].caller.phone', message: 'is not a valid phone number' }],
      },
    ]);
    expect((await drainQueue()).map((intake) => intake.callId).sort()).toEqual(['B-0', 'B-2']);
  });

  it('refuses a batch where every entry is bad, naming every field, and queues nothing', async () => {
    const batch = [entry('A-0', { summary: '' }), entry('A-1', { receivedAt: 'yesterday' })];

    const { status, body } = await call(post(JSON.stringify(batch), 'application/json'));

    expect(status).toBe(400);
    expect((body.error as { fields: { path: string }[] }).fields.map((field) => field.path)).toEqual([
      '[0].summary',
      '[1].receivedAt',
    ]);
    expect(await drainQueue()).toEqual([]);
  });

  it('imports a CSV export, queueing good rows and reporting the bad row', async () => {
    const csv = [
      'callId,receivedAt,caller.name,caller.phone,caller.email,child.postcode,summary,callbackRequested',
      'C-1,2026-03-09T11:03:00Z,Gale Holt,07700 900318,,zz9 9zz,Asked about transport,yes',
      'C-2,2026-03-09T10:30:00Z,Ray Moss,,not-an-email,,Asked about funding,no',
      'C-3,2026-03-09T10:45:00Z,,,ray@example.org,,"Asked, again",false',
    ].join('\n');

    const { status, body } = await call(post(csv, 'text/csv', true));

    expect(status).toBe(207);
    expect(body.rejected).toEqual([
      {
        index: 1,
        line: 3,
        callId: 'C-2',
        fields: [{ path: '[1].caller.email', message: 'must be an email address' }],
      },
    ]);
    const queued = await drainQueue();
    expect(queued.map((intake) => [intake.callId, intake.callbackRequested]).sort()).toEqual([
      ['C-1', true],
      ['C-3', false],
    ]);
  });

  it('queues a batch larger than one SQS batch in full', async () => {
    const batch = Array.from({ length: 23 }, (_, index) => entry(`M-${index}`));

    const { status } = await call(post(JSON.stringify(batch), 'application/json'));

    expect(status).toBe(200);
    expect(await drainQueue()).toHaveLength(23);
  });

  it('gives a re-posted call the same intakeId, so the router records it once', async () => {
    await call(post(JSON.stringify(entry('R-1')), 'application/json'));
    await call(post(JSON.stringify(entry('R-1')), 'application/json'));

    const ids = new Set((await drainQueue()).map((intake) => intake.intakeId));
    expect([...ids]).toEqual(['phone:R-1']);
  });

  it('answers 415 to a body that is neither JSON nor CSV', async () => {
    const { status, body } = await call(post('hello', 'text/plain'));
    expect(status).toBe(415);
    expect((body.error as { code: string }).code).toBe('unsupported-media-type');
  });

  it('answers 413 to a body over the limit, and 413 to more entries than allowed', async () => {
    const big = await call(
      post(JSON.stringify(entry('L-1')), 'application/json'),
      makeHandler({ maxBodyBytes: 50 }),
    );
    const many = await call(
      post(JSON.stringify([entry('L-2'), entry('L-3')]), 'application/json'),
      makeHandler({ maxEntries: 1 }),
    );
    expect([big.status, many.status]).toEqual([413, 413]);
    expect(await drainQueue()).toEqual([]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const { status, body } = await call(post('{"callId": ', 'application/json'));
    expect(status).toBe(400);
    expect((body.error as { fields: unknown }).fields).toEqual([
      { path: '(body)', message: 'is not valid JSON' },
    ]);
  });
});

describe('who may log a call, and as whom', () => {
  it('refuses anyone but a call handler or a manager (403), and a request without a token (401)', async () => {
    const caseworker = {
      token_use: 'access',
      username: 'cw-east-1',
      'cognito:groups': '[caseworker team:east]',
    };
    const admin = { token_use: 'access', username: 'admin', 'cognito:groups': '[admin]' };
    const body = JSON.stringify(entry('W-1'));
    expect((await call(post(body, 'application/json', false, caseworker))).status).toBe(403);
    expect((await call(post(body, 'application/json', false, admin))).status).toBe(403);
    expect((await call(post(body, 'application/json', false, null))).status).toBe(401);
    expect(await drainQueue()).toEqual([]);
  });

  it('records the signed-in user as handledBy whatever the body says, with the teams they work in', async () => {
    const manager = {
      token_use: 'access',
      username: 'manager-east',
      'cognito:groups': '[manager team:east]',
    };
    const { status } = await call(
      post(JSON.stringify(entry('W-2', { handledBy: 'someone-else' })), 'application/json', false, manager),
    );
    expect(status).toBe(200);
    const [queued] = await drainQueue();
    expect(queued?.handledBy).toBe('manager-east');
    expect(queued?.handlerTeams).toEqual(['east']);
  });
});

describe('a call cannot be dated outside the hub clock', () => {
  // The request reached the hub at 2026-03-09T11:03:00Z (API Gateway's timeEpoch in `post`).
  it('refuses a call dated after the request, naming receivedAt, and clamps a few minutes of skew', async () => {
    const future = await call(
      post(JSON.stringify(entry('F-1', { receivedAt: '2100-01-01T00:00:00Z' })), 'application/json'),
    );
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('"path":"receivedAt"');
    const skewed = await call(
      post(JSON.stringify(entry('F-2', { receivedAt: '2026-03-09T11:05:00Z' })), 'application/json'),
    );
    expect(skewed.status).toBe(200);
    expect((await drainQueue()).map((intake) => intake.receivedAt)).toEqual(['2026-03-09T11:03:00Z']);
  });

  it('refuses a call dated more than 30 days before the request, and takes one within them', async () => {
    const batch = [
      entry('O-1', { receivedAt: '2025-01-01T09:00:00Z' }),
      entry('O-2', { receivedAt: '2026-02-20T09:00:00Z' }),
    ];
    const { status, body } = await call(post(JSON.stringify(batch), 'application/json'));
    expect(status).toBe(207);
    expect(body.rejected).toEqual([
      {
        index: 0,
        callId: 'O-1',
        fields: [{ path: '[0].receivedAt', message: expect.stringContaining('more than 30 days before') }],
      },
    ]);
    expect((await drainQueue()).map((intake) => intake.receivedAt)).toEqual(['2026-02-20T09:00:00Z']);
  });
});
