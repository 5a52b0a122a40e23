/**
 * Section 1: the emulators' own raw rates on this machine, the baseline every other figure is
 * compared with. Each is measured with the project's SDK clients (keep-alive, as the handlers use
 * them), against a fresh emulator, with a few workers in a loop bounded by count and time.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { freePort } from '../../local/emulators';
import { startSmtpDoor } from '../../local/smtp-door';
import {
  createProductTable,
  dynamoDocumentClient,
  requireEndpoint,
  s3Client,
  sesClient,
  sqsClient,
  startEmulators,
} from '../lib/emulator-set';
import { measureRate, type RateResult } from '../lib/rate';
import { bySize, type SectionOptions, type SectionReport } from '../lib/report';
import { fmt, ms } from '../lib/stats';

const TABLE = 'bench-raw';

/** About the size of a stored enquiry item, with three index keys as an open enquiry has. */
function enquiryLikeItem(index: number): Record<string, unknown> {
  const id = `RAW-${index}-${randomUUID()}`;
  return {
    PK: `ENQ#${id}`,
    SK: 'META',
    GSI1PK: 'QUEUE#east',
    GSI1SK: `3#2026-11-23T09:14:00.000Z#${id}`,
    GSI3PK: `EMAIL#parent.${index}@example.org`,
    GSI3SK: `2026-11-23T09:14:00.000Z#${id}`,
    GSI5PK: 'DAY#2026-11-23',
    GSI5SK: `2026-11-23T09:14:00.000Z#${id}`,
    kind: 'enquiry',
    subject: 'Request for an EHC needs assessment',
    reasons: ['topic: assessment (asks for an EHC needs assessment)', 'priority: normal'],
    padding: 'x'.repeat(600),
  };
}

/** The router's "new enquiry" transaction: enquiry, contact, audit event, Message-ID pointer, intake marker. */
function routerLikeTransaction(index: number) {
  const item = enquiryLikeItem(index);
  const pk = String(item.PK);
  const intake = `INTAKE#email:raw-${index}-${randomUUID()}@example.org`;
  return [
    { Put: { TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
    {
      Put: {
        TableName: TABLE,
        Item: { PK: pk, SK: `TL#2026-11-23T09:14:00.000Z#C#c${index}`, body: 'y'.repeat(1500) },
      },
    },
    {
      Put: {
        TableName: TABLE,
        Item: { PK: pk, SK: `TL#2026-11-23T09:14:00.000Z#E#00000001.000`, type: 'received' },
      },
    },
    { Put: { TableName: TABLE, Item: { PK: `MSGID#raw-${index}@example.org`, SK: 'MSGID', enquiryId: pk } } },
    {
      Put: {
        TableName: TABLE,
        Item: { PK: intake, SK: 'INTAKE', enquiryId: pk },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
}

function row(what: string, detail: string, result: RateResult, unit: string): (string | number)[] {
  return [
    what,
    detail,
    `${fmt(result.perSecond)} ${unit}/s`,
    ms(result.p50Ms),
    ms(result.p99Ms),
    fmt(result.units),
  ];
}

export async function run(options: SectionOptions): Promise<SectionReport> {
  const started = Date.now();
  const seconds = bySize(options.size, { quick: 1.5, default: 6 });
  const warmUpSeconds = bySize(options.size, { quick: 2, default: 8 });
  const limits = { maxMs: seconds * 1000, maxOps: 1_000_000 };
  const log = (line: string) => process.stdout.write(`  [emulator-rates] ${line}\n`);
  const emulators = await startEmulators({ dynamo: true, fauxqs: true, ses: true });
  try {
    const dynamoEndpoint = requireEndpoint(emulators.dynamo, 'DynamoDB');
    const fauxqsEndpoint = requireEndpoint(emulators.fauxqs, 'fauxqs');
    const sesEndpoint = requireEndpoint(emulators.ses, 'SES');
    await createProductTable(dynamoEndpoint, TABLE);
    const documents = dynamoDocumentClient({ endpoint: dynamoEndpoint });
    // A fresh JVM runs interpreted for its first seconds: warm it up untimed before measuring.
    log('warming up DynamoDB Local');
    await measureRate({ concurrency: 4, maxOps: 100_000, maxMs: warmUpSeconds * 1000, warmUp: 0 }, (i) =>
      i % 2 === 0
        ? documents.send(new PutCommand({ TableName: TABLE, Item: enquiryLikeItem(9_000_000 + i) }))
        : documents.send(new TransactWriteCommand({ TransactItems: routerLikeTransaction(9_000_000 + i) })),
    );

    log('DynamoDB Local PutItem, 1 worker');
    const put1 = await measureRate({ concurrency: 1, ...limits }, (i) =>
      documents.send(new PutCommand({ TableName: TABLE, Item: enquiryLikeItem(i) })),
    );
    log(`  ${fmt(put1.perSecond)}/s`);
    log('DynamoDB Local PutItem, 8 workers');
    const put8 = await measureRate({ concurrency: 8, ...limits }, (i) =>
      documents.send(new PutCommand({ TableName: TABLE, Item: enquiryLikeItem(1_000_000 + i) })),
    );
    log(`  ${fmt(put8.perSecond)}/s`);
    log('DynamoDB Local TransactWriteItems (5 items), 1 worker');
    const tx1 = await measureRate({ concurrency: 1, ...limits }, (i) =>
      documents.send(new TransactWriteCommand({ TransactItems: routerLikeTransaction(2_000_000 + i) })),
    );
    log(`  ${fmt(tx1.perSecond)}/s`);
    log('DynamoDB Local TransactWriteItems (5 items), 8 workers');
    const tx8 = await measureRate({ concurrency: 8, ...limits }, (i) =>
      documents.send(new TransactWriteCommand({ TransactItems: routerLikeTransaction(3_000_000 + i) })),
    );
    log(`  ${fmt(tx8.perSecond)}/s`);

    const sqs = sqsClient({ endpoint: fauxqsEndpoint });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-raw' }))).QueueUrl ?? '';
    const body = JSON.stringify({ padding: 'z'.repeat(2000) });
    log('SQS SendMessageBatch (10 x 2 KB), 4 workers');
    const sqsSend = await measureRate({ concurrency: 4, ...limits, unitsPerOp: 10, warmUp: 5 }, (i) =>
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: 10 }, (_, n) => ({ Id: String(n), MessageBody: `${i}:${body}` })),
        }),
      ),
    );
    log(`  ${fmt(sqsSend.perSecond)} msgs/s`);
    log('SQS ReceiveMessage (10) + DeleteMessageBatch, 8 workers');
    let received = 0;
    const sqsReceive = await measureRate(
      { concurrency: 8, maxMs: limits.maxMs, maxOps: Math.floor(sqsSend.units / 10) - 10, warmUp: 2 },
      async () => {
        const result = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        const messages = result.Messages ?? [];
        received += messages.length;
        if (messages.length === 0) return;
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((message, n) => ({
              Id: String(n),
              ReceiptHandle: message.ReceiptHandle ?? '',
            })),
          }),
        );
      },
    );
    // Count the messages actually received (a receive may return fewer than 10).
    const receivePerSecond = received / (sqsReceive.elapsedMs / 1000);
    log(`  ${fmt(receivePerSecond)} msgs/s`);

    const s3 = s3Client({ endpoint: fauxqsEndpoint });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-raw' }));
    const object = Buffer.alloc(5 * 1024, 'm');
    log('S3 PutObject (5 KB), 8 workers');
    const s3Put = await measureRate({ concurrency: 8, ...limits }, (i) =>
      s3.send(new PutObjectCommand({ Bucket: 'bench-raw', Key: `raw/${i}`, Body: object })),
    );
    log(`  ${fmt(s3Put.perSecond)}/s`);

    const ses = sesClient({ endpoint: sesEndpoint });
    log('SES v2 SendEmail, 8 workers');
    const sesSend = await measureRate({ concurrency: 8, ...limits }, (i) =>
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'send.hub@kent.example.gov.uk',
          Destination: { ToAddresses: [`parent.${i}@example.org`] },
          Content: {
            Simple: {
              Subject: { Data: `Your enquiry SEND-RAW${i}` },
              Body: { Text: { Data: 'Thank you for contacting the SEND hub. '.repeat(20) } },
            },
          },
        }),
      ),
    );
    log(`  ${fmt(sesSend.perSecond)}/s`);

    log('SMTP door accept (smtp-server + S3 put, no ingest), 8 workers');
    const smtpPort = await freePort();
    const door = await startSmtpDoor({
      port: smtpPort,
      s3,
      bucket: 'bench-raw',
      prefix: 'inbound/',
      maxBytes: 40 * 1024 * 1024,
      deliver: async () => undefined,
    });
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 8,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    const mail = await new MailComposer({
      from: 'Sam Parent <sam.parent@example.org>',
      to: 'send.enquiries@kent.example.gov.uk',
      subject: 'Request for an EHC needs assessment',
      text: 'My son needs more support at school than they can give. '.repeat(80),
    })
      .compile()
      .build();
    let smtp: RateResult;
    try {
      smtp = await measureRate({ concurrency: 8, ...limits }, () =>
        transport.sendMail({
          envelope: { from: 'sam.parent@example.org', to: ['send.enquiries@kent.example.gov.uk'] },
          raw: mail,
        }),
      );
    } finally {
      transport.close();
      await door.stop();
    }
    log(`  ${fmt(smtp.perSecond)}/s`);

    const receiveRow = row('SQS', 'ReceiveMessage (10) + DeleteMessageBatch, 8 workers', sqsReceive, 'msgs');
    receiveRow[2] = `${fmt(receivePerSecond)} msgs/s`;
    receiveRow[5] = fmt(received);
    return {
      id: 'emulator-rates',
      title: 'Emulator raw rates (the baseline)',
      method: [
        `Each rate is the emulator alone, driven by the project's own SDK clients (\`shared/adapters/aws-clients.ts\`, keep-alive) from one Node process, for ${seconds} s after a short warm-up. These are the ceilings the product runs under locally: every end-to-end figure below is compared with them, measured in the same run on the same machine.`,
        'DynamoDB writes go to a table built from the product definition (five GSIs) with an item shaped like an enquiry (~1 KB, three index keys); the transaction is shaped like the router\'s "new enquiry" write (five puts, two conditions). SQS messages are 2 KB; S3 objects 5 KB; the SMTP door is the local stack\'s own (`local/smtp-door.ts`) with delivery to ingest switched off, fed ~5 KB messages by nodemailer over 8 pooled connections.',
      ],
      tables: [
        {
          headers: ['Emulator', 'Operation', 'Rate', 'p50 call', 'p99 call', 'Units'],
          rows: [
            row('DynamoDB Local', 'PutItem, 1 worker', put1, 'items'),
            row('DynamoDB Local', 'PutItem, 8 workers', put8, 'items'),
            row('DynamoDB Local', 'TransactWriteItems (5 puts), 1 worker', tx1, 'tx'),
            row('DynamoDB Local', 'TransactWriteItems (5 puts), 8 workers', tx8, 'tx'),
            row('fauxqs SQS', 'SendMessageBatch (10 x 2 KB), 4 workers', sqsSend, 'msgs'),
            receiveRow,
            row('fauxqs S3', 'PutObject 5 KB, 8 workers', s3Put, 'objects'),
            row('aws-ses-v2-local', 'SendEmail, 8 workers', sesSend, 'emails'),
            row('SMTP door', 'accept + S3 put (no ingest), 8 connections', smtp, 'mails'),
          ],
        },
      ],
      findings: [
        `DynamoDB Local serialises transactions: ${fmt(tx1.perSecond)} tx/s with one worker and ${fmt(tx8.perSecond)} tx/s with eight, against ${fmt(put8.perSecond)} plain puts/s. The router writes every enquiry in transactions, so this is the local ceiling that matters; real DynamoDB has no such global lock (transactions scale per item).`,
      ],
      figures: {
        dynamoPutPerSecond1: put1.perSecond,
        dynamoPutPerSecond8: put8.perSecond,
        transactPerSecond1: tx1.perSecond,
        transactPerSecond8: tx8.perSecond,
        transactPerSecond: Math.max(tx1.perSecond, tx8.perSecond),
        sqsSendPerSecond: sqsSend.perSecond,
        sqsReceiveDeletePerSecond: receivePerSecond,
        s3PutPerSecond: s3Put.perSecond,
        sesSendPerSecond: sesSend.perSecond,
        smtpAcceptPerSecond: smtp.perSecond,
      },
      elapsedMs: Date.now() - started,
    };
  } finally {
    await emulators.stop();
  }
}
