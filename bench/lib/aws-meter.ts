/**
 * Counts the AWS requests the product makes while it runs (through the `onAwsCall` hook of
 * `shared/adapters/aws-clients.ts` and the `onInvocation` hook of the local Lambda runtime), per
 * phase of a run and per calling function, and turns them into billed units.
 *
 * DynamoDB capacity: DynamoDB Local reports single-item reads, queries and plain writes as DynamoDB
 * does (indexes included), but not transactions: it reports 4x the largest item for a whole
 * transaction. Transactional writes are therefore estimated from the items written, by DynamoDB's
 * rules: 2 WRU per KB (rounded up) of each item, plus a standard write per KB to each index the item
 * appears in (projection ALL).
 */

import { currentFunctionName } from '../../local/lambda-runtime';
import { type AwsCall, onAwsCall } from '../../shared/adapters/aws-clients';

/** Calls made outside any function: the SMTP door (SES inbound's S3 write) and the SQS poller (Lambda's event source). */
export const OUTSIDE = '(SES inbound / event source)';

const DYNAMO_READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'TransactGetItemsCommand',
]);

/** What one call consumed and how many HTTP attempts it took (AWS bills each attempt). */
export interface CallFacts {
  readonly attempts: number;
  readonly failed: boolean;
  /** DynamoDB capacity as the service reported it (table and indexes), 0 for other services. */
  readonly readUnits: number;
  readonly writeUnits: number;
}

export function callFacts(call: AwsCall): CallFacts {
  const metadata = (call.output ?? call.error) as { $metadata?: { attempts?: unknown } } | undefined;
  const attempts = typeof metadata?.$metadata?.attempts === 'number' ? metadata.$metadata.attempts : 1;
  let units = 0;
  const reported = (call.output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  for (const entry of Array.isArray(reported) ? reported : [reported]) {
    const value = (entry as { CapacityUnits?: unknown } | undefined)?.CapacityUnits;
    if (typeof value === 'number') units += value;
  }
  const read = DYNAMO_READS.has(call.command);
  return {
    attempts,
    failed: call.error !== undefined,
    readUnits: call.service === 'dynamodb' && read ? units : 0,
    writeUnits: call.service === 'dynamodb' && !read ? units : 0,
  };
}

const INDEX_PARTITION_KEYS = ['GSI1PK', 'GSI2PK', 'GSI3PK', 'GSI4PK', 'GSI5PK'];
const KB = 1024;

/** DynamoDB's size of a value as the document client sends it (names and values in UTF-8). */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint')
    return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set)
    return [...value].reduce((total: number, item: unknown) => total + valueSize(item), 0);
  if (Array.isArray(value))
    return 3 + value.reduce((total: number, item: unknown) => total + valueSize(item) + 1, 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value).reduce(
        (total, [name, item]) => total + Buffer.byteLength(name, 'utf8') + valueSize(item) + 1,
        0,
      )
    );
  }
  return 1;
}

/** An item's size: the sum of its attribute names and values. */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name, 'utf8') + valueSize(value),
    0,
  );
}

interface TransactItem {
  Put?: { Item?: Record<string, unknown> };
  Update?: unknown;
  Delete?: unknown;
  ConditionCheck?: unknown;
}

/** Estimated WRU of one TransactWriteItems (see module doc); updates and deletes count as 1 KB items on one index. */
export function transactionWriteUnits(input: unknown): number {
  const items = (input as { TransactItems?: TransactItem[] }).TransactItems ?? [];
  let units = 0;
  for (const entry of items) {
    if (entry.Put?.Item !== undefined) {
      const kilobytes = Math.max(1, Math.ceil(itemSize(entry.Put.Item) / KB));
      const indexes = INDEX_PARTITION_KEYS.filter((key) => entry.Put?.Item?.[key] !== undefined).length;
      units += 2 * kilobytes + indexes * kilobytes;
    } else if (entry.Update !== undefined || entry.Delete !== undefined) {
      units += 2 + 1;
    } else if (entry.ConditionCheck !== undefined) {
      units += 2;
    }
  }
  return units;
}

/** Bytes of the items a write stores (for the storage figure), plain or transactional puts. */
function putBytes(call: AwsCall): number {
  const input = call.input as { Item?: Record<string, unknown>; TransactItems?: TransactItem[] };
  if (call.command === 'PutItemCommand' && input.Item !== undefined) return itemSize(input.Item);
  if (call.command === 'TransactWriteItemsCommand') {
    return (input.TransactItems ?? []).reduce(
      (total, entry) => total + (entry.Put?.Item === undefined ? 0 : itemSize(entry.Put.Item)),
      0,
    );
  }
  return 0;
}

/** SQS bills each 64 KB of a request's payload as one request. */
function sqsBilledRequests(call: AwsCall, attempts: number): number {
  const input = call.input as { MessageBody?: string; Entries?: { MessageBody?: string }[] };
  const bytes =
    (input.MessageBody === undefined ? 0 : Buffer.byteLength(input.MessageBody)) +
    (input.Entries ?? []).reduce((total, entry) => total + Buffer.byteLength(entry.MessageBody ?? ''), 0);
  return Math.max(1, Math.ceil(bytes / (64 * KB))) * attempts;
}

const S3_PUT_CLASS = new Set([
  'PutObjectCommand',
  'CopyObjectCommand',
  'ListObjectsV2Command',
  'CreateMultipartUploadCommand',
]);

export interface Usage {
  /** Requests by `service Command`, by calling function. */
  readonly calls: Map<string, Map<string, number>>;
  dynamoReadUnits: number;
  dynamoWriteUnitsReported: number;
  dynamoWriteUnitsEstimated: number;
  dynamoTransactions: number;
  storedBytes: number;
  sqsBilledRequests: number;
  sqsReceives: number;
  s3PutClass: number;
  s3GetClass: number;
  sesSent: number;
  failedCalls: number;
}

function emptyUsage(): Usage {
  return {
    calls: new Map(),
    dynamoReadUnits: 0,
    dynamoWriteUnitsReported: 0,
    dynamoWriteUnitsEstimated: 0,
    dynamoTransactions: 0,
    storedBytes: 0,
    sqsBilledRequests: 0,
    sqsReceives: 0,
    s3PutClass: 0,
    s3GetClass: 0,
    sesSent: 0,
    failedCalls: 0,
  };
}

export interface AwsMeter {
  /**
   * Starts counting into a named phase (calls before the first phase are not counted). With
   * `callers`, only calls made by those functions (or outside any) count; others are ignored.
   */
  phase(name: string, callers?: readonly string[]): void;
  usage(name: string): Usage;
  stop(): void;
}

export function meterAwsCalls(): AwsMeter {
  const phases = new Map<string, Usage>();
  let current: Usage | undefined;
  let counted: ReadonlySet<string> | undefined;
  const stop = onAwsCall((call) => {
    if (current === undefined) return;
    const usage = current;
    const caller = currentFunctionName() ?? OUTSIDE;
    if (counted !== undefined && caller !== OUTSIDE && !counted.has(caller)) return;
    const facts = callFacts(call);
    const byCaller = usage.calls.get(caller) ?? new Map<string, number>();
    const key = `${call.service} ${call.command.replace(/Command$/, '')}`;
    byCaller.set(key, (byCaller.get(key) ?? 0) + facts.attempts);
    usage.calls.set(caller, byCaller);
    if (facts.failed) usage.failedCalls += 1;
    switch (call.service) {
      case 'dynamodb':
        usage.dynamoReadUnits += facts.readUnits;
        if (call.command === 'TransactWriteItemsCommand') {
          usage.dynamoTransactions += 1;
          usage.dynamoWriteUnitsEstimated += transactionWriteUnits(call.input);
        } else {
          usage.dynamoWriteUnitsReported += facts.writeUnits;
        }
        if (!facts.failed) usage.storedBytes += putBytes(call);
        break;
      case 'sqs':
        usage.sqsBilledRequests += sqsBilledRequests(call, facts.attempts);
        if (call.command === 'ReceiveMessageCommand') usage.sqsReceives += 1;
        break;
      case 's3':
        if (S3_PUT_CLASS.has(call.command)) usage.s3PutClass += facts.attempts;
        else usage.s3GetClass += facts.attempts;
        break;
      case 'ses':
        if (call.command === 'SendEmailCommand' && !facts.failed) usage.sesSent += 1;
        break;
    }
  });
  return {
    phase(name, callers) {
      current = phases.get(name) ?? emptyUsage();
      counted = callers === undefined ? undefined : new Set(callers);
      phases.set(name, current);
    },
    usage(name) {
      return phases.get(name) ?? emptyUsage();
    },
    stop() {
      current = undefined;
      stop();
    },
  };
}
