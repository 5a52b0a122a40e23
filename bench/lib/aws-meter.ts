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

import { currentFunctionName, trackFunctionNames } from '../../local/lambda-runtime';
import { type AwsCall, onAwsCall } from '../../shared/adapters/aws-clients';
import { INDEX_LIST, type IndexDefinition, TABLE_KEYS } from '../../shared/adapters/table-definition';

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

/** Where write units land: the table itself, or one index (named `GSI1 queue`, ...). */
export const TABLE_TARGET = 'table';

function indexTarget(index: IndexDefinition): string {
  return `${index.indexName} (${index.projection ?? 'ALL'})`;
}

/** The part of an item an index holds: its keys and the index's projected attributes. */
function indexEntry(item: Record<string, unknown>, index: IndexDefinition): Record<string, unknown> {
  if ((index.projection ?? 'ALL') === 'ALL') return item;
  const kept = new Set<string>([
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    index.partitionKey,
    index.sortKey,
    ...(index.include ?? []),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
}

/** One item's write units, by target (see `TABLE_TARGET`). */
export type WriteUnits = Map<string, number>;

/**
 * Write units of putting one new item, by DynamoDB's rules: 1 WRU per started KB of the item (2 in
 * a transaction), plus 1 WRU per started KB of its entry in each index whose keys it carries (the
 * entry is the item for an ALL projection, its keys and included attributes otherwise). DynamoDB
 * Local reports exactly this for a plain PutItem or BatchWriteItem (`ReturnConsumedCapacity:
 * INDEXES`), which `test/integration/write-units.test.ts` checks.
 */
export function putWriteUnits(item: Record<string, unknown>, transactional: boolean): WriteUnits {
  const units: WriteUnits = new Map();
  const kilobytes = (size: number) => Math.max(1, Math.ceil(size / KB));
  units.set(TABLE_TARGET, (transactional ? 2 : 1) * kilobytes(itemSize(item)));
  for (const index of INDEX_LIST) {
    if (item[index.partitionKey] === undefined || item[index.sortKey] === undefined) continue;
    units.set(indexTarget(index), kilobytes(itemSize(indexEntry(item, index))));
  }
  return units;
}

/** What kind of item a key or item is, for the breakdown of write units (`kind`, else its key). */
export function itemKindOf(item: Record<string, unknown>): string {
  if (typeof item.kind === 'string') return item.kind;
  const pk = String(item.PK ?? '');
  const sk = String(item.SK ?? '');
  if (pk.startsWith('ENQ#')) {
    if (sk === 'META') return 'enquiry';
    if (sk.startsWith('FIND#')) return 'search-key';
    if (sk.startsWith('REF#')) return 'back-reference';
    if (/^TL#.*#C#/.test(sk)) return 'contact';
    if (/^TL#.*#E#/.test(sk)) return 'event';
  }
  return pk.replace(/#.*$/, '').toLowerCase() || 'other';
}

interface TransactItem {
  Put?: { Item?: Record<string, unknown> };
  Update?: { Key?: Record<string, unknown> };
  Delete?: { Key?: Record<string, unknown> };
  ConditionCheck?: { Key?: Record<string, unknown> };
}

/** Write units of one request, by item kind and target. */
export interface WriteBreakdown {
  /** Units by item kind, then by target. */
  readonly cells: Map<string, Map<string, number>>;
  readonly byKind: Map<string, number>;
  readonly byTarget: Map<string, number>;
  total: number;
}

function emptyBreakdown(): WriteBreakdown {
  return { cells: new Map(), byKind: new Map(), byTarget: new Map(), total: 0 };
}

function mergeBreakdown(into: WriteBreakdown, from: WriteBreakdown): void {
  for (const [kind, cells] of from.cells) addUnits(into, kind, cells);
}

function addUnits(into: WriteBreakdown, kind: string, units: WriteUnits): void {
  const cells = into.cells.get(kind) ?? new Map<string, number>();
  into.cells.set(kind, cells);
  for (const [target, value] of units) {
    cells.set(target, (cells.get(target) ?? 0) + value);
    into.byTarget.set(target, (into.byTarget.get(target) ?? 0) + value);
    into.byKind.set(kind, (into.byKind.get(kind) ?? 0) + value);
    into.total += value;
  }
}

/**
 * Estimated write units of one TransactWriteItems (see module doc): puts by `putWriteUnits`;
 * an update or delete as a 1 KB item (2 WRU) and one standard index write (1 WRU, unknown index);
 * a condition check as 2 WRU.
 */
export function transactionWriteUnits(input: unknown): WriteBreakdown {
  const items = (input as { TransactItems?: TransactItem[] }).TransactItems ?? [];
  const breakdown = emptyBreakdown();
  for (const entry of items) {
    if (entry.Put?.Item !== undefined) {
      addUnits(breakdown, itemKindOf(entry.Put.Item), putWriteUnits(entry.Put.Item, true));
    } else if (entry.Update !== undefined || entry.Delete !== undefined) {
      const key = entry.Update?.Key ?? entry.Delete?.Key ?? {};
      addUnits(
        breakdown,
        itemKindOf(key),
        new Map([
          [TABLE_TARGET, 2],
          ['index (estimated, unknown)', 1],
        ]),
      );
    } else if (entry.ConditionCheck !== undefined) {
      addUnits(breakdown, itemKindOf(entry.ConditionCheck.Key ?? {}), new Map([[TABLE_TARGET, 2]]));
    }
  }
  return breakdown;
}

/** Write units of one DynamoDB request (none for a read or a failed call), by kind and target. */
export function dynamoWriteUnits(call: AwsCall): WriteBreakdown {
  if (call.service !== 'dynamodb' || DYNAMO_READS.has(call.command) || call.error !== undefined) {
    return emptyBreakdown();
  }
  return call.command === 'TransactWriteItemsCommand'
    ? transactionWriteUnits(call.input)
    : plainWriteUnits(call);
}

interface ReportedCapacity {
  TableName?: string;
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/**
 * Write units of a plain write. DynamoDB Local reports these as DynamoDB does, by table and index
 * (`ReturnConsumedCapacity: INDEXES`); a BatchWriteItem's report is one sum for many items, so its
 * puts are split by kind with `putWriteUnits` (which matches the report) and its deletes by key.
 */
export function plainWriteUnits(call: AwsCall): WriteBreakdown {
  const breakdown = emptyBreakdown();
  const input = call.input as {
    Item?: Record<string, unknown>;
    Key?: Record<string, unknown>;
    RequestItems?: Record<
      string,
      { PutRequest?: { Item?: Record<string, unknown> }; DeleteRequest?: { Key?: Record<string, unknown> } }[]
    >;
  };
  if (call.command === 'BatchWriteItemCommand') {
    for (const requests of Object.values(input.RequestItems ?? {})) {
      for (const request of requests) {
        if (request.PutRequest?.Item !== undefined) {
          addUnits(
            breakdown,
            itemKindOf(request.PutRequest.Item),
            putWriteUnits(request.PutRequest.Item, false),
          );
        } else if (request.DeleteRequest?.Key !== undefined) {
          addUnits(breakdown, itemKindOf(request.DeleteRequest.Key), new Map([[TABLE_TARGET, 1]]));
        }
      }
    }
    return breakdown;
  }
  const reported = (call.output as { ConsumedCapacity?: ReportedCapacity } | undefined)?.ConsumedCapacity;
  if (reported === undefined) return breakdown;
  const units: WriteUnits = new Map();
  const tableUnits = reported.Table?.CapacityUnits ?? reported.CapacityUnits ?? 0;
  units.set(TABLE_TARGET, tableUnits);
  for (const [name, value] of Object.entries(reported.GlobalSecondaryIndexes ?? {})) {
    const index = INDEX_LIST.find((candidate) => candidate.indexName === name);
    units.set(index === undefined ? name : indexTarget(index), value.CapacityUnits ?? 0);
  }
  addUnits(breakdown, itemKindOf(input.Item ?? input.Key ?? {}), units);
  return breakdown;
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
  /** Every write unit above, by the kind of item written and by where it landed (table, index). */
  readonly dynamoWrites: WriteBreakdown;
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
    dynamoWrites: emptyBreakdown(),
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
  const stopTracking = trackFunctionNames();
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
          if (!facts.failed) usage.dynamoWriteUnitsEstimated += transactionWriteUnits(call.input).total;
        } else {
          usage.dynamoWriteUnitsReported += facts.writeUnits;
        }
        mergeBreakdown(usage.dynamoWrites, dynamoWriteUnits(call));
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
      stopTracking();
    },
  };
}
