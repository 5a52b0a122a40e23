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

  it("issues an access token shaped exactly as Cognito's, with groups as API Gateway passes them", async () => {
    const auth = new LocalAuth(await loadSigningKey(), [user]);
    const { accessToken, expiresIn } = await auth.signIn('cw-north-1', 'demo');
    expect(expiresIn).toBe(15 * 60);
    const claims = claimsAsApiGateway(await auth.verify(accessToken));
    expect(claims['cognito:groups']).toBe('[caseworker team:north]');
    expect(claims.token_use).toBe('access');
    expect(claims.client_id).toBe('send-hub-local-web');
    expect(String(claims.scope).split(' ')).toContain('send-hub/api');
    // Sign-in by email address: Cognito's username is a generated UUID, the same as sub.
    expect(claims.username).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims.sub).toBe(claims.username);
    expect(claims.username).not.toBe('cw-north-1');
    // No name; the verified email, as the pool's pre token generation trigger adds it.
    expect(claims.name).toBeUndefined();
    expect(claims.email).toBe('cw@example.org');
    const byEmail = await auth.signIn('CW@example.org', 'demo');
    expect(claimsAsApiGateway(await auth.verify(byEmail.accessToken)).sub).toBe(claims.sub);
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
