/**
 * Requests must come through the front door (CloudFront with the WAF): in a deployed stage the
 * functions behind the HTTP API refuse a request without CloudFront's secret header, as one sent
 * straight to the `execute-api` address would be; the local stack (no ORIGIN_SECRET_ARN) is not
 * affected.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frontDoorCheck, SecretsManagerOriginSecrets } from '../../shared/adapters/origin-secret';
import {
  matchesOriginSecret,
  ORIGIN_VERIFY_HEADER,
  type OriginSecrets,
  throughFrontDoorOnly,
} from '../../shared/http/origin-verification';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:send-hub-prod-origin-AbCdEf';
const CONTEXT = { getRemainingTimeInMillis: () => 10_000, functionName: 'api' } as unknown as Context;

function event(headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /queue',
    rawPath: '/queue',
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/queue' }, timeEpoch: Date.now() },
  } as unknown as APIGatewayProxyEventV2;
}

/** A secret source whose values the test changes (a rotation) and whose reads it counts. */
function secrets(initial: string[]): OriginSecrets & { set(values: string[]): void; reads: number[] } {
  let values = initial;
  let readAt = Number.NEGATIVE_INFINITY;
  let cached: string[] = [];
  const reads: number[] = [];
  let now = 0;
  return {
    reads,
    set(next) {
      values = next;
      now += 120_000; // time passes between the rotation and the next request
    },
    async values(maxAgeMs = 300_000) {
      if (now - readAt >= maxAgeMs) {
        cached = values;
        readAt = now;
        reads.push(maxAgeMs);
      }
      return cached;
    },
  };
}

function protectedHandler(source: OriginSecrets, refused: () => void = () => undefined) {
  const inner = vi.fn(async () => ({ statusCode: 200, body: 'work done' }));
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(throughFrontDoorOnly(() => source, refused))
    .handler(inner);
  return { handler, inner };
}

describe('matchesOriginSecret', () => {
  it('accepts exactly one of the accepted values and nothing else', () => {
    expect(matchesOriginSecret('s3cr3t-value', ['old-value', 's3cr3t-value'])).toBe(true);
    expect(matchesOriginSecret('s3cr3t-valu', ['s3cr3t-value'])).toBe(false);
    expect(matchesOriginSecret('s3cr3t-value-and-more', ['s3cr3t-value'])).toBe(false);
    expect(matchesOriginSecret('', ['s3cr3t-value'])).toBe(false);
    expect(matchesOriginSecret(undefined, ['s3cr3t-value'])).toBe(false);
    expect(matchesOriginSecret('anything', [])).toBe(false);
  });
});

describe('a function behind the API in a deployed stage', () => {
  it('refuses a request without the front door header with a 403 before any work', async () => {
    const refused = vi.fn();
    const { handler, inner } = protectedHandler(secrets(['current']), refused);

    const answer = await handler(event({ authorization: 'Bearer a-valid-token' }), CONTEXT);

    expect(answer?.statusCode).toBe(403);
    expect(JSON.parse(String(answer?.body))).toEqual({
      error: { code: 'forbidden', message: "requests must come through the hub's API address" },
    });
    expect(inner).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong value, and serves a request carrying the current value', async () => {
    const { handler, inner } = protectedHandler(secrets(['current']));

    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'guess' }), CONTEXT))?.statusCode).toBe(403);
    expect(inner).not.toHaveBeenCalled();
    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'current' }), CONTEXT))?.statusCode).toBe(200);
    expect((await handler(event({ 'X-Origin-Verify': 'current' }), CONTEXT))?.statusCode).toBe(200);
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('keeps serving through a rotation: the previous value while CloudFront is updated, the new one at once', async () => {
    const source = secrets(['first']);
    const { handler } = protectedHandler(source);
    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'first' }), CONTEXT))?.statusCode).toBe(200);

    source.set(['second', 'first']); // put-secret-value: new AWSCURRENT, old AWSPREVIOUS
    // The cached copy still knows only `first`; a mismatch reads the secret again (at most once a minute).
    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'second' }), CONTEXT))?.statusCode).toBe(200);
    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'first' }), CONTEXT))?.statusCode).toBe(200);
    // A guess does not make it read again within the minute.
    const readsBefore = source.reads.length;
    expect((await handler(event({ [ORIGIN_VERIFY_HEADER]: 'guess' }), CONTEXT))?.statusCode).toBe(403);
    expect(source.reads.length).toBe(readsBefore);
  });
});

const manager = mockClient(SecretsManagerClient);
afterEach(() => {
  manager.reset();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('SecretsManagerOriginSecrets', () => {
  it('reads the current and previous versions once, and again only when the copy is old', async () => {
    manager
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'no such version', $metadata: {} }));
    manager.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: 'current',
    });
    let now = 1_000_000;
    const source = new SecretsManagerOriginSecrets(
      new SecretsManagerClient({ region: 'eu-west-2' }),
      SECRET_ARN,
      300_000,
      () => now,
    );

    expect(await source.values()).toEqual(['current']); // never rotated: no AWSPREVIOUS
    expect(await source.values()).toEqual(['current']);
    expect(manager.commandCalls(GetSecretValueCommand)).toHaveLength(2);

    manager.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionStage: 'AWSPREVIOUS' }).resolves({
      SecretString: 'current',
    });
    manager.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: 'rotated',
    });
    now += 300_000;
    expect(await source.values()).toEqual(['rotated', 'current']);
    expect(manager.commandCalls(GetSecretValueCommand)).toHaveLength(4);
  });
});

describe('the Lambda entry points', () => {
  it('refuse a request sent straight to execute-api (ingest-phone, api) when the stage set ORIGIN_SECRET_ARN', async () => {
    manager.on(GetSecretValueCommand).resolves({ SecretString: 'from-cloudfront' });
    vi.stubEnv('ORIGIN_SECRET_ARN', SECRET_ARN);
    vi.stubEnv('INTAKE_QUEUE_URL', 'https://sqs.eu-west-2.amazonaws.com/111122223333/intake');
    vi.stubEnv('TABLE_NAME', 'send-hub-prod');
    const { handler } = await import('../../functions/ingest-phone/handler');
    const phoneLog = { ...event(), routeKey: 'POST /phone-logs', body: '{}' };

    const direct = await handler(phoneLog, CONTEXT);
    const throughCloudFront = await handler(
      { ...phoneLog, headers: { [ORIGIN_VERIFY_HEADER]: 'from-cloudfront' } },
      CONTEXT,
    );

    expect(direct?.statusCode).toBe(403);
    expect(String(direct?.body)).toContain("the hub's API address");
    // Past the front door check, the request meets the next one (no signed-in caller here).
    expect(throughCloudFront?.statusCode).toBe(401);

    const api = (await import('../../functions/api/handler')).handler;
    const directToApi = await api({ ...event(), routeKey: 'POST /status', body: '{}' }, CONTEXT);
    expect(directToApi?.statusCode).toBe(403);
  });

  it('check nothing where ORIGIN_SECRET_ARN is unset (the local stack)', async () => {
    const middleware = frontDoorCheck({}, 'api', { warn: () => undefined });
    const inner = vi.fn(async () => ({ statusCode: 200, body: 'work done' }));
    const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(middleware)
      .handler(inner);
    expect((await handler(event(), CONTEXT))?.statusCode).toBe(200);
    expect(manager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(() =>
      frontDoorCheck({ ORIGIN_SECRET_ARN: 'not-an-arn' }, 'api', { warn: () => undefined }),
    ).toThrow(/ORIGIN_SECRET_ARN/);
  });
});
