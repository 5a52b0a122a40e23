/**
 * One place that builds AWS SDK clients. Handlers create them once at module scope; tests and the
 * local stack pass an explicit endpoint (the emulators). In Lambda no endpoint is given and the SDK
 * uses the real service; `AWS_ENDPOINT_URL_<SERVICE>` variables also work, as the SDK reads them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** Emulator endpoint, e.g. `http://127.0.0.1:8000`; omit for real AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function base(options: ClientOptions) {
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  return options.endpoint === undefined
    ? { region }
    : { region, endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS };
}

export function dynamoDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(base(options)), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function sqsClient(options: ClientOptions = {}): SQSClient {
  return new SQSClient(base(options));
}

export function s3Client(options: ClientOptions = {}): S3Client {
  // Emulators serve buckets path-style (no wildcard DNS on loopback).
  const emulated = options.endpoint !== undefined || process.env.AWS_ENDPOINT_URL_S3 !== undefined;
  return new S3Client({ ...base(options), forcePathStyle: emulated });
}

export function sesClient(options: ClientOptions = {}): SESv2Client {
  return new SESv2Client(base(options));
}
