/**
 * One place that builds AWS SDK clients. Handlers create them once at module scope; tests and the
 * local stack pass an explicit endpoint (the emulators). In Lambda no endpoint is given and the SDK
 * uses the real service; `AWS_ENDPOINT_URL_<SERVICE>` variables also work, as the SDK reads them.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** Emulator endpoint, e.g. `http://127.0.0.1:8000`; omit for real AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** One request to an AWS service, as told to {@link onAwsCall} listeners (benchmarks, cost counting). */
export interface AwsCall {
  readonly service: 'dynamodb' | 'sqs' | 's3' | 'ses' | 'cognito' | 'secretsmanager';
  /** The low-level command, e.g. `TransactWriteItemsCommand`. */
  readonly command: string;
  /** The request as sent (through the document client, DynamoDB items are plain values). */
  readonly input: unknown;
  /** The response (with `$metadata.attempts` and DynamoDB's `ConsumedCapacity`), or undefined if it failed. */
  readonly output: unknown;
  /** The error it failed with, or undefined. */
  readonly error: unknown;
  /** `performance.now()` when the request was handed to the client and when its answer came back. */
  readonly startedAt: number;
  readonly endedAt: number;
}

export type AwsCallListener = (call: AwsCall) => void;

/** What this thread's watchers need: `null` when nobody watches. */
export interface AwsCallWatch {
  /** Whether DynamoDB requests ask for their consumed capacity (someone counts units). */
  readonly consumedCapacity: boolean;
}

/** Each listener, and whether it needs consumed capacity. */
const callListeners = new Map<AwsCallListener, boolean>();
const watchChanges = new Set<(watch: AwsCallWatch | null) => void>();
let capacityWanted = false;

function currentWatch(): AwsCallWatch | null {
  return callListeners.size === 0 ? null : { consumedCapacity: capacityWanted };
}

/** What the watch-change hooks were last told, to tell them only of a change. */
let announced: AwsCallWatch | null = null;

function listenersChanged(): void {
  capacityWanted = [...callListeners.values()].some(Boolean);
  const now = currentWatch();
  if (now?.consumedCapacity === announced?.consumedCapacity) return;
  announced = now;
  for (const change of watchChanges) change(now);
}

/**
 * Tells `listener` about every request made by a client built here, until the returned function
 * is called. While a listener that counts units listens (`consumedCapacity`, the default),
 * DynamoDB requests ask for `ReturnConsumedCapacity: 'INDEXES'` (the total and its split by table
 * and index; the units come back in the same response, but the emulator works them out). With no
 * listener the cost is one size check.
 */
export function onAwsCall(
  listener: AwsCallListener,
  options: { readonly consumedCapacity?: boolean } = {},
): () => void {
  callListeners.set(listener, options.consumedCapacity ?? true);
  listenersChanged();
  return () => {
    if (!callListeners.delete(listener)) return;
    listenersChanged();
  };
}

/**
 * For the local stack's function threads, whose clients are built in other threads: `change` hears
 * when what this thread's watchers need changes, and {@link tellAwsCall} passes their calls on.
 */
export function onAwsCallWatching(change: (watch: AwsCallWatch | null) => void): () => void {
  watchChanges.add(change);
  return () => {
    watchChanges.delete(change);
  };
}

/** Tells this thread's listeners about a call a client elsewhere made. */
export function tellAwsCall(call: AwsCall): void {
  for (const listener of callListeners.keys()) {
    try {
      listener(call);
    } catch {
      // A listener's fault never fails the request it watches.
    }
  }
}

/** What this thread's watchers need now (`null`: nobody watches). */
export function awsCallWatch(): AwsCallWatch | null {
  return currentWatch();
}

/** DynamoDB commands that can report the capacity they consumed. */
const METERED = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'TransactGetItemsCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface ReportingClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<{ output: object }>,
        context: { commandName?: string },
      ) => (args: { input: object }) => Promise<{ output: object }>,
      options: { step: 'initialize'; name: string; override: boolean },
    ): void;
  };
}

function reportCalls<Client>(client: Client, service: AwsCall['service']): Client {
  (client as unknown as ReportingClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (callListeners.size === 0) return next(args);
      const command = context.commandName ?? 'unknown';
      const input = args.input as { ReturnConsumedCapacity?: unknown };
      const request =
        capacityWanted &&
        service === 'dynamodb' &&
        METERED.has(command) &&
        input.ReturnConsumedCapacity === undefined
          ? { ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } }
          : args;
      const startedAt = performance.now();
      const tell = (output: unknown, error: unknown) => {
        const endedAt = performance.now();
        for (const listener of callListeners.keys()) {
          try {
            listener({ service, command, input: request.input, output, error, startedAt, endedAt });
          } catch {
            // A listener's fault never fails the request it watches.
          }
        }
      };
      try {
        const result = await next(request);
        tell(result.output, undefined);
        return result;
      } catch (error) {
        tell(undefined, error);
        throw error;
      }
    },
    { step: 'initialize', name: 'sendHubCallReporter', override: true },
  );
  return client;
}

function base(options: ClientOptions) {
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  return options.endpoint === undefined
    ? { region }
    : { region, endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS };
}

export function dynamoDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(reportCalls(new DynamoDBClient(base(options)), 'dynamodb'), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function sqsClient(options: ClientOptions = {}): SQSClient {
  return reportCalls(new SQSClient(base(options)), 'sqs');
}

export function s3Client(options: ClientOptions = {}): S3Client {
  // Emulators serve buckets path-style (no wildcard DNS on loopback).
  const emulated = options.endpoint !== undefined || process.env.AWS_ENDPOINT_URL_S3 !== undefined;
  return reportCalls(new S3Client({ ...base(options), forcePathStyle: emulated }), 's3');
}

export function sesClient(options: ClientOptions = {}): SESv2Client {
  return reportCalls(new SESv2Client(base(options)), 'ses');
}

/** The staff user pool's admin API (locally, the stand-in in `local/local-auth.ts`). */
export function cognitoClient(options: ClientOptions = {}): CognitoIdentityProviderClient {
  return reportCalls(new CognitoIdentityProviderClient(base(options)), 'cognito');
}

/** Secrets Manager (deployed stages only: the front door's origin secret). */
export function secretsManagerClient(options: ClientOptions = {}): SecretsManagerClient {
  return reportCalls(new SecretsManagerClient(base(options)), 'secretsmanager');
}
