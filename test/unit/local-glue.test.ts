import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
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
