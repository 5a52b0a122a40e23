import type { IncomingMessage } from 'node:http';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toApiGatewayEvent } from '../../local/http-front';
import { claimsAsApiGateway, LocalAuth, loadSigningKey } from '../../local/local-auth';
import { succeededRecords } from '../../local/sqs-poller';

function record(messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: '{}',
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn',
    awsRegion: 'eu-west-2',
  };
}

describe('local SQS event source follows Lambda partial batch rules', () => {
  const batch = [record('a'), record('b'), record('c')];

  it('deletes every record when the handler reports no failures', () => {
    expect(succeededRecords(batch, { batchItemFailures: [] }).map((r) => r.messageId)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(succeededRecords(batch, undefined)).toHaveLength(3);
  });

  it('keeps only the reported failures for redelivery', () => {
    const done = succeededRecords(batch, { batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(done.map((r) => r.messageId)).toEqual(['a', 'c']);
  });

  it('fails the whole batch when the handler throws or names an unknown record', () => {
    expect(succeededRecords(batch, new Error('boom'))).toEqual([]);
    expect(succeededRecords(batch, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).toEqual([]);
  });
});

describe('local sign-in stands in for Cognito', () => {
  const user = {
    username: 'cw-north-1',
    password: 'demo',
    name: 'Demo Caseworker',
    email: 'cw@example.org',
    groups: ['caseworker', 'team:north'],
  };

  it('issues an access token that verifies, with groups shaped as API Gateway passes them', async () => {
    const auth = new LocalAuth(await loadSigningKey(), [user]);
    const { accessToken } = await auth.signIn('cw-north-1', 'demo');
    const claims = claimsAsApiGateway(await auth.verify(accessToken));
    expect(claims['cognito:groups']).toBe('[caseworker team:north]');
    expect(claims.username).toBe('cw-north-1');
  });

  it('refuses a wrong password, an expired token and a token signed by another key', async () => {
    const auth = new LocalAuth(await loadSigningKey(), [user]);
    await expect(auth.signIn('cw-north-1', 'nope')).rejects.toThrow('wrong password');
    await expect(auth.verify(await auth.issue(user, -60))).rejects.toThrow();
    const forger = new LocalAuth(await loadSigningKey(), [user]);
    await expect(auth.verify(await forger.issue(user))).rejects.toThrow();
  });
});

describe('local HTTP front builds the event API Gateway would', () => {
  function request(headers: Record<string, string>): IncomingMessage {
    return {
      headers,
      method: 'GET',
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
  }

  it('keeps query parameter and header names such as __proto__ and constructor as plain names', () => {
    const url = new URL('http://127.0.0.1/queue?constructor=a&__proto__=b&toString=c&team=east&team=west');
    const event = toApiGatewayEvent(
      request({ __proto__: 'h', constructor: 'k' } as unknown as Record<string, string>),
      url,
      Buffer.alloc(0),
      'GET /queue',
      undefined,
    );
    expect({ ...event.queryStringParameters }).toEqual({
      constructor: 'a',
      ['__proto__']: 'b',
      toString: 'c',
      team: 'east,west',
    });
    expect(Object.keys(event.queryStringParameters ?? {})).toContain('__proto__');
    expect(event.headers.constructor).toBe('k');
    expect(({} as { b?: unknown }).b).toBeUndefined();
  });
});
