/**
 * Reading enquiries from the single table: one by id, a batch, the team queues and caseloads, the
 * escalator's "due" reads and the reports' day-by-day reads (`reportedBetween`: index entries
 * only). Apart from the writes
 * (`EnquiryRepository`, which extends it), so a function that only reads enquiries (the escalator,
 * the statutory alerts, the reporter) bundles none of the write paths. Never scans. Key design:
 * docs/data-model.md.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Enquiry, ReportedEnquiry, toInstant } from '../domain/enquiry';
import { EnquiryNotFoundError, InternalError, InvalidCursorError, ValidationError } from '../domain/errors';
import type { Page } from '../domain/paging';
import type { PageOptions } from '../workload/ports';
import { getItems, itemsOfIndex } from './batch-items';
import {
  AWAIT_SHARDS,
  awaitPartition,
  caseloadPartition,
  dayPartition,
  decodeCursor,
  encodeCursor,
  enquiryKey,
  nextUtcDay,
  type PageKey,
  queuePartition,
  utcDay,
} from './dynamo-keys';
import { queryAll } from './query-all';
import { INDEXES } from './table-definition';

export interface DueOptions extends PageOptions {
  /** Shard of the awaiting index, 0 to `AWAIT_SHARDS - 1`. */
  shard: number;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export function pageLimit(options: PageOptions | undefined): number {
  const limit = options?.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_PAGE}`, { field: 'limit' });
  }
  return limit;
}

/**
 * Where a page starts. A cursor is only good for the list it came from: one whose key lies in
 * another partition (another team's queue, someone else's caseload) is refused, not replayed.
 */
export function startKey(
  options: PageOptions | undefined,
  scope: { readonly attribute: string; readonly partition: string },
): PageKey | undefined {
  if (options?.cursor === undefined || options.cursor === null) return undefined;
  const key = decodeCursor(options.cursor).key ?? undefined;
  if (key !== undefined && key[scope.attribute] !== scope.partition) throw new InvalidCursorError();
  return key;
}

/** A stored item parsed with its schema; a mismatch is a fault of ours, never the caller's. */
export function parseWith<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: Error } },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new InternalError(`stored ${what} does not match its schema`, { cause: result.error });
  return result.data;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * The enquiry side of the table, read only. Construct once per process with the document client
 * from `aws-clients.ts` and the table name.
 */
export class EnquiryReader {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** The enquiry (strongly consistent read), or `null`. */
  async getEnquiry(id: string): Promise<Enquiry | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: enquiryKey(id), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : parseWith(Enquiry, result.Item, 'enquiry');
  }

  /** The enquiry, or `EnquiryNotFoundError`. */
  async requireEnquiry(id: string): Promise<Enquiry> {
    const enquiry = await this.getEnquiry(id);
    if (enquiry === null) throw new EnquiryNotFoundError(id);
    return enquiry;
  }

  /** The enquiries with these ids that exist (BatchGetItem, strongly consistent), in the order given. */
  async getEnquiries(ids: readonly string[]): Promise<Enquiry[]> {
    const wanted = unique(ids);
    const found = new Map<string, Enquiry>();
    for (const item of await getItems(this.client, this.tableName, wanted.map(enquiryKey))) {
      const enquiry = parseWith(Enquiry, item, 'enquiry');
      found.set(enquiry.id, enquiry);
    }
    return wanted.flatMap((id) => {
      const enquiry = found.get(id);
      return enquiry === undefined ? [] : [enquiry];
    });
  }

  /** A team's unclaimed, unresolved enquiries: most urgent first, then soonest due. */
  async listTeamQueue(team: string, options?: PageOptions): Promise<Page<Enquiry>> {
    return this.queryPage(
      {
        TableName: this.tableName,
        IndexName: INDEXES.queue.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': queuePartition(team) },
      },
      options,
      { attribute: 'GSI1PK', partition: queuePartition(team) },
    );
  }

  /** The unresolved enquiries a caseworker holds: most urgent first, then soonest due. */
  async listCaseload(caseworkerId: string, options?: PageOptions): Promise<Page<Enquiry>> {
    return this.queryPage(
      {
        TableName: this.tableName,
        IndexName: INDEXES.queue.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': caseloadPartition(caseworkerId) },
      },
      options,
      { attribute: 'GSI1PK', partition: caseloadPartition(caseworkerId) },
    );
  }

  /**
   * Open enquiries of one shard whose next escalation is due at or before `now`, earliest first.
   * Reads only due items (sparse index, key condition): cost grows with the number due. Index
   * reads are eventually consistent: re-read (`getEnquiry`) before acting.
   */
  async listDueForEscalation(now: string, options: DueOptions): Promise<Page<Enquiry>> {
    if (!Number.isInteger(options.shard) || options.shard < 0 || options.shard >= AWAIT_SHARDS) {
      throw new ValidationError(`shard must be an integer from 0 to ${AWAIT_SHARDS - 1}`, { field: 'shard' });
    }
    return this.queryPage(
      {
        TableName: this.tableName,
        IndexName: INDEXES.awaiting.indexName,
        // '~' sorts after every character of an id, so everything due at exactly `now` is included.
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :upTo',
        ExpressionAttributeValues: { ':pk': awaitPartition(options.shard), ':upTo': `${toInstant(now)}#~` },
      },
      options,
      { attribute: 'GSI2PK', partition: awaitPartition(options.shard) },
    );
  }

  /** Every enquiry due for escalation at `now`, over all shards (see `listDueForEscalation`). */
  async *dueForEscalation(now: string, pageSize = 100): AsyncGenerator<Enquiry> {
    for (let shard = 0; shard < AWAIT_SHARDS; shard += 1) {
      let cursor: string | null = null;
      do {
        const page: Page<Enquiry> = await this.listDueForEscalation(now, { shard, limit: pageSize, cursor });
        yield* page.items;
        cursor = page.cursor;
      } while (cursor !== null);
    }
  }

  /**
   * Enquiries received in [from, to) (ISO instants), in time order, a page at a time; reads the
   * day partitions of the received-by-day index one UTC day after another.
   */
  async listReceivedBetween(from: string, to: string, options?: PageOptions): Promise<Page<Enquiry>> {
    const start = toInstant(from);
    const end = toInstant(to);
    const limit = pageLimit(options);
    if (start >= end) return { items: [], cursor: null };
    const lastDay = utcDay(new Date(Date.parse(end) - 1).toISOString());
    const position =
      options?.cursor === undefined || options.cursor === null ? { key: null } : decodeCursor(options.cursor);
    let day = position.scope ?? utcDay(start);
    let exclusiveStart: PageKey | undefined = position.key ?? undefined;
    const items: Enquiry[] = [];
    while (day <= lastDay) {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEXES.byDay.indexName,
          // A sort key is `<receivedAt>#<id>`, so BETWEEN start AND end keeps [start, end).
          KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :start AND :end',
          ExpressionAttributeValues: { ':pk': dayPartition(day), ':start': start, ':end': end },
          Limit: limit - items.length,
          ExclusiveStartKey: exclusiveStart,
        }),
      );
      for (const item of await itemsOfIndex(
        this.client,
        this.tableName,
        INDEXES.byDay.indexName,
        result.Items ?? [],
      )) {
        items.push(parseWith(Enquiry, item, 'enquiry'));
      }
      const next = result.LastEvaluatedKey as PageKey | undefined;
      if (next !== undefined) {
        if (items.length >= limit) return { items, cursor: encodeCursor({ key: next, scope: day }) };
        exclusiveStart = next;
        continue;
      }
      day = nextUtcDay(day);
      exclusiveStart = undefined;
      if (items.length >= limit) {
        return { items, cursor: day <= lastDay ? encodeCursor({ key: null, scope: day }) : null };
      }
    }
    return { items, cursor: null };
  }

  /** Every enquiry received in [from, to), in time order (see `listReceivedBetween`). */
  async *receivedBetween(from: string, to: string, pageSize = 200): AsyncGenerator<Enquiry> {
    let cursor: string | null = null;
    do {
      const page: Page<Enquiry> = await this.listReceivedBetween(from, to, { limit: pageSize, cursor });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor !== null);
  }

  /**
   * What the reports read of every enquiry received in [from, to), in time order: the by-day
   * index's entries themselves (it projects `ReportedEnquiry`), with no read of the items behind them.
   */
  async *reportedBetween(from: string, to: string): AsyncGenerator<ReportedEnquiry> {
    const start = toInstant(from);
    const end = toInstant(to);
    if (start >= end) return;
    const lastDay = utcDay(new Date(Date.parse(end) - 1).toISOString());
    for (let day = utcDay(start); day <= lastDay; day = nextUtcDay(day)) {
      for await (const entry of queryAll(this.client, {
        TableName: this.tableName,
        IndexName: INDEXES.byDay.indexName,
        KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK BETWEEN :start AND :end',
        ExpressionAttributeValues: { ':pk': dayPartition(day), ':start': start, ':end': end },
      })) {
        yield parseWith(ReportedEnquiry, entry, 'enquiry');
      }
    }
  }

  /** One page of a query on one index partition (`scope`), which its cursor is checked against. */
  protected async queryPage(
    input: QueryCommandInput & { IndexName: string },
    options: PageOptions | undefined,
    scope: { readonly attribute: string; readonly partition: string },
  ): Promise<Page<Enquiry>> {
    const limit = pageLimit(options);
    const result = await this.client.send(
      new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: startKey(options, scope) }),
    );
    const next = result.LastEvaluatedKey as PageKey | undefined;
    const items = await itemsOfIndex(this.client, this.tableName, input.IndexName, result.Items ?? []);
    return {
      items: items.map((item) => parseWith(Enquiry, item, 'enquiry')),
      cursor: next === undefined ? null : encodeCursor({ key: next }),
    };
  }
}
