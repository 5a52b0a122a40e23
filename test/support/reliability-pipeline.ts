/**
 * The intake half of SEND Hub wired for the reliability tests: the production ingest-email,
 * ingest-phone and router handlers (built with their factories) against real emulators, with a
 * table, bucket, intake queue and DLQ of their own, and the router fed by the local SQS event
 * source. Tests can swap the mailer (to crash it), lower limits, and look at everything that came
 * out: enquiries, acknowledgements in the SES outbox, failure records in S3, dead letters.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  S3Event,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { makeIngestEmailHandler } from '../../functions/ingest-email/handler';
import { makeIngestPhoneHandler } from '../../functions/ingest-phone/handler';
import { makeRouterHandler } from '../../functions/router/router-handler';
import { lambdaContext } from '../../local/lambda-runtime';
import { type RunningPoller, startSqsPoller } from '../../local/sqs-poller';
import { dynamoDocumentClient, s3Client, sesClient, sqsClient } from '../../shared/adapters/aws-clients';
import { CaseworkerRepository } from '../../shared/adapters/caseworker-repository';
import { ensureTable } from '../../shared/adapters/create-table';
import { EnquiryRepository } from '../../shared/adapters/enquiry-repository';
import { SesMailer } from '../../shared/adapters/mailer';
import { FUNCTION_TIMEOUTS, RESOURCES } from '../../shared/adapters/resource-definitions';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store';
import { SqsIntakeQueue } from '../../shared/adapters/sqs-intake-queue';
import { type HubConfig, receivedTimePolicy } from '../../shared/config/hub-config';
import type { Enquiry } from '../../shared/domain/enquiry';
import type { IntakeMessage } from '../../shared/domain/intake-message';
import type { IntakeQueue } from '../../shared/intake/ports';
import { receiptHeaderBlock, type StandInAuthentication } from '../../shared/intake/receipt-verdicts';
import type { Mailer } from '../../shared/mail/outgoing-email';
import { routerTestConfig, stubTriage } from './router-fixtures';
import { SELF_LINKED_LOGINS } from './staff-fixtures';

export interface PipelineEndpoints {
  readonly dynamo: string;
  readonly fauxqs: string;
  readonly ses: string;
}

export interface PipelineOptions {
  /** Wraps the SES mailer the router uses (to make it fail on purpose). */
  readonly mailer?: (ses: Mailer) => Mailer;
  /** Wraps the intake queue ingest-email sends to (to crash it just after queueing). */
  readonly ingestQueue?: (queue: IntakeQueue) => IntakeQueue;
  /** ingest-email's size limit; the production default is RESOURCES.limits.maxMailBytes. */
  readonly maxMailBytes?: number;
  /** Seconds before a message the router failed is delivered again. */
  readonly visibilityTimeoutSeconds?: number;
  /** Receives before a message is parked in the DLQ. */
  readonly maxReceiveCount?: number;
  /** How long another attempt may still be sending an acknowledgement (below the visibility timeout). */
  readonly inFlightMs?: number;
}

/** An email as the SES emulator's `/store` shows it. */
export interface OutboxEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { to: string[] };
  readonly body: { text?: string };
}

export interface HttpAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field in assertions.
  readonly body: any;
}

export interface Pipeline {
  /** Unique to this pipeline: put it in requester addresses to find their mail in the shared outbox. */
  readonly tag: string;
  readonly config: HubConfig;
  readonly bucket: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly dlqUrl: string;
  readonly sqs: SQSClient;
  readonly enquiries: EnquiryRepository;
  readonly caseworkers: CaseworkerRepository;
  /** The table and clients, for adapters a test builds itself. */
  readonly tableName: string;
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
  /** The router handler as Lambda would run it. */
  readonly router: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /**
   * Stores a raw message under `inbound/` as SES does: with SES's verdict block on top (SPF, DKIM
   * and DMARC as `authentication` says, pass by default), or `verbatim`.
   */
  storeMail(
    raw: string | Buffer,
    options?: { authentication?: StandInAuthentication; verbatim?: boolean },
  ): Promise<string>;
  /** Delivers one S3 ObjectCreated notification naming these keys to ingest-email. */
  ingestEmail(...keys: string[]): Promise<{ key: string; status: string }[]>;
  /** The same, through an ingest-email configured with another size limit. */
  ingestEmailWithLimit(maxMailBytes: number, ...keys: string[]): Promise<{ key: string; status: string }[]>;
  /** `POST /phone-logs` through the ingest-phone handler. */
  postPhoneLogs(body: string, contentType?: string): Promise<HttpAnswer>;
  /** Puts intake messages straight on the intake queue. */
  enqueue(...messages: IntakeMessage[]): Promise<void>;
  /** Starts the router's event source (idempotent). */
  startRouter(options?: { batchSize?: number; concurrency?: number }): void;
  /** Waits until the intake queue is empty and nothing is in flight. */
  drained(timeoutMs?: number): Promise<void>;
  stopRouter(): Promise<void>;
  /** Messages parked in the DLQ. */
  deadLetters(): Promise<number>;
  /** Intake messages received and not yet deleted or returned (the router holds them). */
  inFlight(): Promise<number>;
  /** Failed receives and failed router runs the event source has seen so far. */
  readonly routerErrors: () => number;
  /** Whether an object exists in the raw-mail bucket. */
  exists(key: string): Promise<boolean>;
  /** The text of an object in the raw-mail bucket, or null when there is none. */
  readText(key: string): Promise<string | null>;
  /** Unresolved enquiries of one requester address. */
  enquiriesOf(email: string): Promise<Enquiry[]>;
  /** Emails sent since the pipeline started to addresses containing `to`. */
  outbox(to: string): Promise<OutboxEmail[]>;
}

const SILENT = new Logger({ serviceName: 'reliability', logLevel: 'SILENT' });

/** Token claims of a call handler, as API Gateway's JWT authoriser passes them on. */
export const CALL_HANDLER_CLAIMS = {
  token_use: 'access',
  username: 'callhandler',
  'cognito:groups': '[callhandler]',
  scope: 'send-hub/api',
};

/** An API Gateway v2 event for `POST /phone-logs`, signed in as `claims` (a call handler by default). */
export function phoneLogEvent(
  body: string,
  contentType: string,
  claims: Record<string, string> = CALL_HANDLER_CLAIMS,
): APIGatewayProxyEventV2 {
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: 'POST /phone-logs',
    rawPath: '/phone-logs',
    rawQueryString: '',
    headers: { 'content-type': contentType },
    body,
    isBase64Encoded: false,
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
        userAgent: 'reliability',
      },
      requestId: randomUUID(),
      routeKey: 'POST /phone-logs',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims, scopes: ['send-hub/api'] } },
    },
  };
  return event;
}

/** The S3 notification S3 sends for these keys (URL-encoded, spaces as `+`). */
export function s3Notification(bucket: string, keys: readonly string[]): S3Event {
  return {
    Records: keys.map((key) => ({
      eventTime: new Date().toISOString(),
      s3: {
        bucket: { name: bucket },
        object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') },
      },
    })),
  } as S3Event;
}

/** fauxqs takes request bodies up to 11 MiB, so bigger objects go up in parts, as SES does. */
const PART_BYTES = 8 * 1024 * 1024;

async function putObject(s3: S3Client, bucket: string, key: string, body: Buffer): Promise<void> {
  if (body.length <= PART_BYTES) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return;
  }
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const parts: { ETag: string; PartNumber: number }[] = [];
  for (let start = 0; start < body.length; start += PART_BYTES) {
    const PartNumber = parts.length + 1;
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber,
        Body: body.subarray(start, start + PART_BYTES),
      }),
    );
    parts.push({ ETag: ETag ?? '', PartNumber });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

/** Builds a pipeline on the given emulators with resources named for this run. */
export async function startPipeline(
  endpoints: PipelineEndpoints,
  options: PipelineOptions = {},
): Promise<Pipeline> {
  // EMF lines would only clutter the test output; the handlers still publish through Powertools.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const tag = `rel${process.pid}${randomUUID().slice(0, 6)}`;
  const config = routerTestConfig();
  const documents = dynamoDocumentClient({ endpoint: endpoints.dynamo });
  const tableName = `reliability-${tag}`;
  await ensureTable(
    new DynamoDBClient({
      endpoint: endpoints.dynamo,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName,
  );
  const enquiries = new EnquiryRepository(documents, tableName);
  const caseworkers = new CaseworkerRepository(documents, tableName);
  const sqs = sqsClient({ endpoint: endpoints.fauxqs });
  const s3 = s3Client({ endpoint: endpoints.fauxqs });
  const bucket = `reliability-${tag}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `reliability-${tag}-dlq` }));
  const dlqUrl = dlq.QueueUrl ?? '';
  // As in production (visibility 180 s > in flight 60 s > router timeout 30 s), scaled down: an
  // attempt must finish within `inFlightMs`, which stays under the visibility timeout. Five
  // batches at once on a shared machine can take a few seconds.
  const visibilitySeconds = options.visibilityTimeoutSeconds ?? 10;
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: `reliability-${tag}`,
      Attributes: {
        VisibilityTimeout: String(visibilitySeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await queueArn(sqs, dlqUrl),
          maxReceiveCount: options.maxReceiveCount ?? 5,
        }),
      },
    }),
  );
  const queueUrl = main.QueueUrl ?? '';
  const arn = await queueArn(sqs, queueUrl);
  const intakeQueue = new SqsIntakeQueue(sqs, queueUrl);

  const ses = new SesMailer(sesClient({ endpoint: endpoints.ses }));
  const router = makeRouterHandler({
    enquiries,
    caseworkers,
    mailer: options.mailer === undefined ? ses : options.mailer(ses),
    config,
    triage: stubTriage,
    timeouts: FUNCTION_TIMEOUTS,
    logger: SILENT,
    metrics: new Metrics({ namespace: 'SendHubReliability', serviceName: 'router', logger: SILENT }),
    inFlightMs: options.inFlightMs ?? visibilitySeconds * 600,
  });
  const ingestWith = (maxMailBytes: number) =>
    makeIngestEmailHandler({
      store: new S3RawMailStore(s3),
      queue: options.ingestQueue === undefined ? intakeQueue : options.ingestQueue(intakeQueue),
      hubAddresses: [config.hub.mailbox, config.hub.fromAddress],
      councilDomains: config.hub.councilDomains,
      timeZone: config.calendar.timeZone,
      maxMailBytes,
      maxQueueMessageBytes: 256 * 1024,
      inboundPrefix: RESOURCES.buckets.rawMail.inboundPrefix,
      logger: SILENT,
      now: () => new Date(),
    });
  const ingest = ingestWith(options.maxMailBytes ?? RESOURCES.limits.maxMailBytes);
  const phone = makeIngestPhoneHandler({
    staff: SELF_LINKED_LOGINS,
    queue: intakeQueue,
    maxBodyBytes: 1024 * 1024,
    maxEntries: 500,
    receivedTime: receivedTimePolicy(config),
    logger: SILENT,
  });
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  let poller: RunningPoller | undefined;
  let routerErrors = 0;

  const pipeline: Pipeline = {
    tag,
    config,
    bucket,
    queueUrl,
    queueArn: arn,
    dlqUrl,
    sqs,
    enquiries,
    caseworkers,
    tableName,
    documents,
    s3,
    routerErrors: () => routerErrors,
    router: (event) => router(event, lambdaContext('router', 30_000)),
    async storeMail(raw, options = {}) {
      const key = `${RESOURCES.buckets.rawMail.inboundPrefix}${randomUUID()}`;
      const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      // As SES stores it: its verdict block on top (sender authenticated unless said otherwise).
      const block = receiptHeaderBlock({
        authentication: options.authentication ?? 'pass',
        recipients: 1,
        at: new Date(),
        by: 'reliability-pipeline',
      });
      await putObject(
        s3,
        bucket,
        key,
        options.verbatim === true ? bytes : Buffer.concat([Buffer.from(block), bytes]),
      );
      return key;
    },
    async ingestEmail(...keys) {
      return (await ingest(s3Notification(bucket, keys))).results;
    },
    async ingestEmailWithLimit(maxMailBytes, ...keys) {
      return (await ingestWith(maxMailBytes)(s3Notification(bucket, keys))).results;
    },
    async postPhoneLogs(body, contentType = 'application/json') {
      const answer = (await phone(
        phoneLogEvent(body, contentType),
        lambdaContext('ingest-phone', 10_000),
      )) as APIGatewayProxyStructuredResultV2;
      return {
        status: answer.statusCode ?? 200,
        body: answer.body === undefined ? undefined : JSON.parse(answer.body),
      };
    },
    async enqueue(...messages) {
      for (const message of messages) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
      }
    },
    startRouter(pollerOptions = {}) {
      poller ??= startSqsPoller(sqs, {
        functionName: 'router',
        queueUrl,
        queueArn: arn,
        batchSize: pollerOptions.batchSize ?? 10,
        concurrency: pollerOptions.concurrency ?? RESOURCES.intakeQueue.maxConcurrency,
        waitSeconds: 1,
        handler: router,
        // Failures are expected here (crashes on purpose); what they leave behind is asserted.
        onError: () => {
          routerErrors += 1;
        },
      });
    },
    async drained(timeoutMs = 30_000) {
      pipeline.startRouter();
      await poller?.drained(timeoutMs);
    },
    async stopRouter() {
      await poller?.stop();
      poller = undefined;
    },
    async deadLetters() {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: dlqUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
      );
    },
    async inFlight() {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    },
    async exists(key) {
      try {
        await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch {
        return false;
      }
    },
    async readText(key) {
      if (!(await pipeline.exists(key))) return null;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString()) ?? null;
    },
    async enquiriesOf(email) {
      return enquiries.findOpenByEmail(email);
    },
    async outbox(to) {
      const response = await fetch(`${endpoints.ses}/store?since=${startedAt}`);
      const store = (await response.json()) as { emails: OutboxEmail[] };
      const wanted = to.toLowerCase();
      return store.emails.filter((email) =>
        email.destination.to.some((address) => address.toLowerCase().includes(wanted)),
      );
    },
  };
  return pipeline;
}
