import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { dynamoDocumentClient, s3Client, sesClient, sqsClient } from '../../shared/adapters/aws-clients';

describe('local emulators started by the test setup', () => {
  it('answers DynamoDB calls through the real SDK', async () => {
    const client = dynamoDocumentClient({ endpoint: inject('dynamoEndpoint') });
    const result = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(result.TableNames)).toBe(true);
  });

  it('round-trips an SQS message and an S3 object', async () => {
    const endpoint = inject('fauxqsEndpoint');
    const sqs = sqsClient({ endpoint });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'emulator-smoke' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('hello');

    const s3 = s3Client({ endpoint });
    await s3.send(new CreateBucketCommand({ Bucket: 'emulator-smoke' }));
    await s3.send(new PutObjectCommand({ Bucket: 'emulator-smoke', Key: 'a.txt', Body: 'raw mime' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'emulator-smoke', Key: 'a.txt' }));
    expect(await object.Body?.transformToString()).toBe('raw mime');
  });

  it('keeps a sent email in the SES outbox', async () => {
    const endpoint = inject('sesEndpoint');
    await sesClient({ endpoint }).send(
      new SendEmailCommand({
        FromEmailAddress: 'hub@example.org',
        Destination: { ToAddresses: ['parent@example.org'] },
        Content: { Simple: { Subject: { Data: 'smoke' }, Body: { Text: { Data: 'body' } } } },
      }),
    );
    const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: { subject: string }[] };
    expect(store.emails.map((email) => email.subject)).toContain('smoke');
  });
});
