/**
 * The single DynamoDB table, described once as plain data. The CDK stack (infra/) and the local
 * stack / integration tests both build the table from this, so they cannot drift apart.
 * The access patterns each index serves are written down in docs/data-model.md.
 */

import { REPORTED_FIELD_NAMES } from '../domain/reported-fields';

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** What this index is for, for people reading the template. */
  readonly purpose: string;
  /**
   * Attributes copied into the index (default ALL; KEYS_ONLY where only the keys are read; INCLUDE
   * copies the keys and `include`). Every index write costs a write unit per KB of what it holds.
   */
  readonly projection?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** With INCLUDE: the non-key attributes the index's readers use. */
  readonly include?: readonly string[];
}

export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;

/** Attribute holding the epoch-seconds expiry used by DynamoDB TTL (retention policy). */
export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEXES = {
  /** Team queue (unclaimed open enquiries) and caseworker caseload, ordered priority then due time; team roster. */
  queue: {
    indexName: 'GSI1',
    partitionKey: 'GSI1PK',
    sortKey: 'GSI1SK',
    purpose: 'team queue, caseload, roster',
    projection: 'KEYS_ONLY',
  },
  /** Sparse: open enquiries awaiting a response, sharded, ordered by the next escalation check. */
  awaiting: {
    indexName: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    purpose: 'awaiting response (sparse)',
    projection: 'KEYS_ONLY',
  },
  /** Sparse: open enquiries by requester email, for threading. */
  byEmail: {
    indexName: 'GSI3',
    partitionKey: 'GSI3PK',
    sortKey: 'GSI3SK',
    purpose: 'open enquiries by email',
    projection: 'KEYS_ONLY',
  },
  /** Sparse: open enquiries by requester phone (E.164), for threading. */
  byPhone: {
    indexName: 'GSI4',
    partitionKey: 'GSI4PK',
    sortKey: 'GSI4SK',
    purpose: 'open enquiries by phone',
    projection: 'KEYS_ONLY',
  },
  /**
   * Enquiries by the UTC day they were received (and statutory processes by month), for reports.
   * Projected with what the reports read (`REPORTED_FIELDS`): the board report reads every entry of
   * 18 months twice over, and reading the items behind keys doubled its time; the rest of an
   * enquiry (acknowledgement, notes, requester) changes without writing an index entry. Other
   * readers read the items behind the entries (`itemsOfIndex`).
   */
  byDay: {
    indexName: 'GSI5',
    partitionKey: 'GSI5PK',
    sortKey: 'GSI5SK',
    purpose: 'enquiries received per day',
    projection: 'INCLUDE',
    include: REPORTED_FIELD_NAMES,
  },
  /**
   * Search keys (sparse): one small item per normalised fact of an enquiry (email, phone, name
   * token, child's date of birth, postcode), kept in the enquiry's own partition.
   */
  find: {
    indexName: 'GSI6',
    partitionKey: 'GSI6PK',
    sortKey: 'GSI6SK',
    purpose: 'search keys: email, phone, name prefix, date of birth, postcode',
  },
  /**
   * Sparse: resolved enquiries by when they were resolved, for the retention sweep (one partition,
   * `RETAIN`); only the key is projected, the sweep reads nothing else from it.
   */
  retention: {
    indexName: 'GSI7',
    partitionKey: 'GSI7PK',
    sortKey: 'GSI7SK',
    purpose: 'resolved enquiries by resolution time (retention)',
    projection: 'KEYS_ONLY',
  },
  /**
   * Sparse: enquiries by their child record (`CHILD#<childId>`), newest first. Keys the enquiry item
   * carries itself: one keys-only entry when the enquiry is linked, nothing when anything else of
   * it changes, where a search-key item cost a table write and a GSI6 write.
   */
  byChild: {
    indexName: 'GSI8',
    partitionKey: 'GSI8PK',
    sortKey: 'GSI8SK',
    purpose: 'enquiries by child record (sparse)',
    projection: 'KEYS_ONLY',
  },
} as const satisfies Record<string, IndexDefinition>;

export const INDEX_LIST: readonly IndexDefinition[] = Object.values(INDEXES);

/** Every key attribute is a string. */
export function keyAttributeNames(): string[] {
  return [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...INDEX_LIST.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}
